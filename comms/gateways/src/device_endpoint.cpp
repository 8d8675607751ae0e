#include "lifeline/gateway/device_endpoint.hpp"

#include <boost/asio/connect.hpp>
#include <stdexcept>

namespace lifeline::gateway {

DeviceEndpoint parse_device(const std::string& spec) {
  if (spec.rfind("tcp:", 0) != 0) throw std::runtime_error("--device must be tcp:HOST:PORT");
  auto rest = spec.substr(4);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
    throw std::runtime_error("--device must be tcp:HOST:PORT");
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

bool connect_device(boost::asio::ip::tcp::socket& socket, const DeviceEndpoint& device, std::string& error) {
  boost::asio::ip::tcp::resolver resolver(socket.get_executor());
  boost::system::error_code ec;
  auto endpoints = resolver.resolve(device.host, device.port, ec);
  if (!ec) boost::asio::connect(socket, endpoints, ec);
  if (ec) error = ec.message();
  return !ec;
}

}  // namespace lifeline::gateway
