// The Iridium link: the centre's own 9603 SBD modem on a serial line or TCP (the simulator),
// driven with the real AT protocol by linkproto::at::IridiumDriver (+SBDWB/+SBDIX/+SBDRB, SBDRING).
// Team terminals are other 9603s, addressed by their 7-digit modem id with RockBLOCK's
// device-to-device prefix ("RB" + id, schema/links.md §6). Payloads are compact-codec frames
// (ThinLinkCodec) of at most 270 bytes, the 9603's MT limit, so larger messages fragment.
//
// Operation: one modem, one SBD session at a time; frames wait in one queue, most urgent first,
// a message's frames in order. A failed session is retried after `retry_ms` within a budget,
// except the MO status codes the libraries treat as fatal. An MT message carries no sender id,
// so the sender is the enrolled terminal whose key verifies the frame's MAC.
// Concurrency: everything runs on the gateway's io thread.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/gateway/device_endpoint.hpp"
#include "lifeline/gateway/link_driver.hpp"
#include "lifeline/gateway/thin_link_codec.hpp"
#include "lifeline/linkproto/iridium_driver.hpp"

namespace lifeline::gateway {

struct IridiumGatewayOptions {
  int64_t retry_ms = 10000;           // libraries retry +SBDIX every 10 s …
  int64_t send_budget_ms = 300000;    // … within 300 s (links.md fact 9)
  int64_t mailbox_poll_ms = 120000;   // a mailbox check even without SBDRING (a missed ring alert)
  int64_t signal_poll_ms = 30000;     // +CSQ for link health
};

class IridiumGatewayDriver : public LinkDriver {
 public:
  // `device` is "tcp:HOST:PORT"; `modem` the centre modem's 7-digit id (RockBLOCK serial).
  IridiumGatewayDriver(boost::asio::io_context& io, const Clock& clock, std::string device, std::string modem,
                       TerminalKeys keys, IridiumGatewayOptions options = {});
  void start(UplinkSink& sink) override;
  void send(const Downlink& d) override;
  json health() const override;

  // MT limit of a 9603; MO is 340, less the 9-byte "RB" + id prefix, so MT is the binding one.
  static constexpr size_t kMtu = 270;

 private:
  void connect();
  void reconnect_later();
  void read();
  void flush();
  void write_next();
  void on_tick();
  void on_events();
  void on_mt(const std::string& data);
  void pump();
  int64_t steady_ms() const;

  const Clock& clock_;
  DeviceEndpoint device_;
  std::string modem_id_;
  IridiumGatewayOptions options_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer retry_, tick_;
  ThinLinkCodec codec_;
  std::vector<std::string> terminals_;  // enrolled modem ids, tried in turn to identify a sender
  UplinkSink* sink_ = nullptr;
  linkproto::at::IridiumDriver modem_;
  std::string hello_buffer_;
  bool connected_ = false, greeted_ = false;
  std::deque<std::string> writes_;
  bool writing_ = false;
  uint64_t connection_ = 0;  // a write completing for an old connection must not touch the new one
  struct Pending {
    int rank;            // precedence: 0 flash … 3 routine
    std::string ref;
    std::string mo;      // "RB" + destination + frame
    bool last;           // the message's last frame: its session is the message's `sent`
    int64_t first_try = 0;
  };
  std::deque<Pending> frames_;
  std::optional<Pending> in_flight_;
  int64_t not_before_ = 0;  // retry pacing after a failed session
  int64_t last_mailbox_ = 0, last_signal_ = 0;
  int signal_ = -1;
  int64_t last_heard_ms_ = 0;
  uint64_t sent_ = 0, refused_ = 0, failed_sessions_ = 0, heard_ = 0, bad_frames_ = 0;
};

}  // namespace lifeline::gateway
