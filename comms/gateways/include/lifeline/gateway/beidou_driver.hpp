// The BeiDou link: the centre's own BeiDou terminal (its card) on a serial line or TCP (the
// simulator). Sends with $CCTCQ (BeiDou-3 global short message, 70-byte payload) in mixed
// encoding, hears $BDTCI from team cards, $BDFKI feedback for each send (schema/links.md §1).
// Payloads are compact-codec frames (ThinLinkCodec). The card's service frequency is enforced by
// the gateway core's send queue in shared-slot mode (one send per interval for the whole card).
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <optional>
#include <string>

#include "lifeline/gateway/device_endpoint.hpp"
#include "lifeline/gateway/link_driver.hpp"
#include "lifeline/gateway/thin_link_codec.hpp"
#include "lifeline/linkproto/nmea.hpp"

namespace lifeline::gateway {

class BeidouDriver : public LinkDriver {
 public:
  // `device` is "tcp:HOST:PORT"; `card` the centre terminal's 7-digit card number.
  BeidouDriver(boost::asio::io_context& io, const Clock& clock, std::string device, std::string card, TerminalKeys keys);
  void start(UplinkSink& sink) override;
  void send(const Downlink& d) override;
  json health() const override;

  static constexpr size_t kMtu = 70;  // BeiDou-3 global short message: 560 bits

 private:
  void connect();
  void read();
  void write(std::string bytes);
  void on_sentence(const std::string& line);
  // One frame in the air at a time; the next after the card's interval (from $BDICI), most urgent first.
  void pump();

  DeviceEndpoint device_;
  std::string card_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer retry_;
  ThinLinkCodec codec_;
  UplinkSink* sink_ = nullptr;
  linkproto::SentenceSplitter splitter_;
  std::string rx_, hello_buffer_;
  bool connected_ = false, greeted_ = false;
  std::deque<std::string> writes_;
  struct Pending {
    int rank;          // precedence: 0 flash … 3 routine
    uint64_t order;    // arrival, for FIFO within a precedence
    std::string ref;
    std::string sentence;
    bool last;         // the message's last frame: its feedback is the message's `sent`
  };
  std::deque<Pending> frames_;
  std::optional<Pending> in_flight_;
  int64_t interval_ms_ = 60000;  // the card's service frequency ($BDICI), default 60 s
  boost::asio::steady_timer pace_;
  bool pacing_ = false;
  uint64_t arrivals_ = 0;
  uint64_t sent_ = 0, refused_ = 0, heard_ = 0, bad_frames_ = 0;
};

}  // namespace lifeline::gateway
