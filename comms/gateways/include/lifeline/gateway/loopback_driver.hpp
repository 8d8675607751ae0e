// The loopback link (DECISIONS: --link=loopback --as=CHANNEL): terminals connect to the gateway
// over TCP on 127.0.0.1 and exchange JSON lines. It stands in for a radio or satellite network in
// tests of the ladder, with the real gateway process and the real DEALER protocol around it.
//   terminal → gateway: {"type":"hello","address":"…"} then {"type":"uplink","message":{…}}
//   gateway → terminal: {"type":"downlink","ref":"…","envelope":{…}}
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <set>

#include "lifeline/gateway/link_driver.hpp"

namespace lifeline::gateway {

class LoopbackDriver : public LinkDriver {
 public:
  LoopbackDriver(boost::asio::io_context& io, const std::string& listen, int port);
  void start(UplinkSink& sink) override;
  void send(const Downlink& d) override;
  json health() const override;
  json ports() const override { return {{"terminals", port_}}; }

  static constexpr size_t kMaxLine = 64 << 10;

 private:
  struct Session;
  void accept();
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  UplinkSink* sink_ = nullptr;
  std::map<std::string, std::set<std::shared_ptr<Session>>> by_address_;
  friend struct Session;
};

}  // namespace lifeline::gateway
