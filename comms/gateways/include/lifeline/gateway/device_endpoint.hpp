// Where a thin-link driver finds its device: "tcp:HOST:PORT" — a modem behind a serial-to-TCP
// bridge, or lifeline-sim. One parser and one connect for every driver.
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace lifeline::gateway {

struct DeviceEndpoint {
  std::string host, port;
  std::string text() const { return host + ":" + port; }
};

// Throws std::runtime_error("--device must be tcp:HOST:PORT") for anything else.
DeviceEndpoint parse_device(const std::string& spec);

// Resolves and connects `socket` (blocking, loopback or LAN: quick); false with `error` set when
// nothing answers, so that the driver retries later.
bool connect_device(boost::asio::ip::tcp::socket& socket, const DeviceEndpoint& device, std::string& error);

}  // namespace lifeline::gateway
