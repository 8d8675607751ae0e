#include "lifeline/gateway/iridium_gateway_driver.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <chrono>

#include "lifeline/gateway/device_endpoint.hpp"
#include "lifeline/gateway/send_queue.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/log.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using linkproto::at::IridiumEvent;

IridiumGatewayDriver::IridiumGatewayDriver(asio::io_context& io, const Clock& clock, std::string device, std::string modem,
                                           TerminalKeys keys, IridiumGatewayOptions options)
    : clock_(clock), device_(parse_device(device)), modem_id_(std::move(modem)), options_(options), socket_(io), retry_(io), tick_(io),
      codec_(clock, keys) {
  if (!linkproto::beidou::is_digits(modem_id_, 7, 7))
    throw std::runtime_error("--modem must be the centre modem's 7-digit id (RockBLOCK serial)");
  for (const auto& [address, entry] : keys.by_address) {
    if (!linkproto::beidou::is_digits(address, 7, 7))
      throw std::runtime_error("--keys: Iridium terminal '" + address + "' is not a 7-digit modem id");
    terminals_.push_back(address);
  }
}

int64_t IridiumGatewayDriver::steady_ms() const {
  // Modem timeouts and retry pacing run on steady time: a manual clock must not stall the modem.
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void IridiumGatewayDriver::start(UplinkSink& sink) {
  sink_ = &sink;
  connect();
  on_tick();
}

void IridiumGatewayDriver::connect() {
  std::string error;
  if (!connect_device(socket_, device_, error)) {
    log_warn("iridium", "modem not reachable; retrying", {{"device", device_.text()}, {"error", error}});
    return reconnect_later();
  }
  connected_ = true;
  greeted_ = false;
  hello_buffer_.clear();
  writes_.clear();
  modem_ = linkproto::at::IridiumDriver();  // a fresh modem session: nothing half-parsed survives
  writing_ = false;
  ++connection_;
  // The simulator's SIM-card hello first; a serial modem would start at ATE1.
  writes_.push_back("HELLO " + modem_id_ + "\r\n");
  write_next();
  read();
}

void IridiumGatewayDriver::reconnect_later() {
  retry_.expires_after(std::chrono::seconds(1));
  retry_.async_wait([this](const boost::system::error_code& e) {
    if (!e) connect();
  });
}

void IridiumGatewayDriver::flush() {
  if (!connected_) return;
  std::string out = modem_.take_output();
  if (!out.empty()) writes_.push_back(std::move(out));
  if (!writes_.empty() && !writing_) write_next();
}

void IridiumGatewayDriver::write_next() {
  // One write in flight; its completion starts the next.
  writing_ = true;
  asio::async_write(socket_, asio::buffer(writes_.front()), [this, conn = connection_](boost::system::error_code ec, size_t) {
    if (conn != connection_) return;
    writing_ = false;
    if (ec) return;
    writes_.pop_front();
    if (!writes_.empty()) write_next();
  });
}

void IridiumGatewayDriver::read() {
  auto buf = std::make_shared<std::array<char, 4096>>();
  socket_.async_read_some(asio::buffer(*buf), [this, buf](boost::system::error_code ec, size_t n) {
    if (ec) {
      connected_ = greeted_ = false;
      log_warn("iridium", "modem connection lost; reconnecting", {{"error", ec.message()}});
      boost::system::error_code ignore;
      socket_.close(ignore);
      if (in_flight_) {  // its session never finished: send the frame again
        frames_.push_front(std::move(*in_flight_));
        in_flight_.reset();
      }
      return reconnect_later();
    }
    std::string_view bytes(buf->data(), n);
    if (!greeted_) {
      hello_buffer_.append(bytes);
      auto nl = hello_buffer_.find("\r\n");
      if (nl == std::string::npos) return read();
      std::string line = hello_buffer_.substr(0, nl);
      if (line.rfind("HELLO OK", 0) != 0) {
        log_error("iridium", "network refused the modem", {{"reply", line}, {"modem", modem_id_}});
        return;
      }
      greeted_ = true;
      log_info("iridium", "modem attached", {{"modem", modem_id_}});
      std::string rest = hello_buffer_.substr(nl + 2);
      hello_buffer_.clear();
      int64_t now = steady_ms();
      modem_.start(now);
      modem_.query_signal(now);
      last_signal_ = last_mailbox_ = now;
      if (!rest.empty()) modem_.on_bytes(rest, now);
    } else {
      modem_.on_bytes(bytes, steady_ms());
    }
    on_events();
    pump();
    flush();
    read();
  });
}

void IridiumGatewayDriver::on_tick() {
  int64_t now = steady_ms();
  if (greeted_) {
    modem_.tick(now);
    if (now - last_signal_ >= options_.signal_poll_ms) {
      modem_.query_signal(now);
      last_signal_ = now;
    }
    if (now - last_mailbox_ >= options_.mailbox_poll_ms && !modem_.busy()) {
      modem_.check_mailbox(now);
      last_mailbox_ = now;
    }
    on_events();
    pump();
    flush();
  }
  tick_.expires_after(std::chrono::milliseconds(50));
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

void IridiumGatewayDriver::on_events() {
  IridiumEvent e;
  int64_t now = steady_ms();
  while (modem_.next_event(e)) {
    switch (e.kind) {
      case IridiumEvent::Kind::sent:
        ++sent_;
        if (in_flight_ && in_flight_->last) sink_->sent(in_flight_->ref, true, "");
        in_flight_.reset();
        break;
      case IridiumEvent::Kind::send_failed: {
        ++failed_sessions_;
        if (!in_flight_) break;
        auto p = std::move(*in_flight_);
        in_flight_.reset();
        // 12, 14 and 16 are the codes the libraries give up on at once (links.md fact 8).
        bool fatal = e.mo_status == 12 || e.mo_status == 14 || e.mo_status == 16;
        if (fatal || now - p.first_try >= options_.send_budget_ms) {
          ++refused_;
          std::string why = "Iridium send failed: " + e.detail + (e.mo_status >= 0 ? " (MO status " + std::to_string(e.mo_status) + ")" : "");
          log_warn("iridium", "message given up", {{"ref", p.ref}, {"reason", why}});
          sink_->sent(p.ref, false, why);
          std::erase_if(frames_, [&](const Pending& f) { return f.ref == p.ref; });  // the rest is useless now
        } else {
          log_info("iridium", "session failed; retrying", {{"ref", p.ref}, {"mo_status", e.mo_status}, {"detail", e.detail}});
          frames_.push_front(std::move(p));
          not_before_ = now + options_.retry_ms;
        }
        break;
      }
      case IridiumEvent::Kind::received:
        last_mailbox_ = now;
        on_mt(e.data);
        break;
      case IridiumEvent::Kind::signal:
        signal_ = e.signal;
        break;
      case IridiumEvent::Kind::bad_input:
        ++bad_frames_;
        log_warn("iridium", "modem output refused", {{"detail", e.detail}});
        break;
      case IridiumEvent::Kind::ring:
        last_mailbox_ = now;  // the driver checks the mailbox on a ring
        break;
    }
  }
}

void IridiumGatewayDriver::on_mt(const std::string& data) {
  std::vector<uint8_t> frame(data.begin(), data.end());
  // No sender id in an MT message: the frame's MAC names the terminal (a wrong key fails with
  // bad_mac and changes nothing; one BLAKE2b per enrolled terminal at most).
  for (const auto& address : terminals_) {
    auto decoded = codec_.decode(address, frame);
    if (decoded.error == "bad_mac") continue;
    if (!decoded.error.empty()) {
      // A replayed or malformed frame says nothing about the terminal: link health stays as it is.
      ++bad_frames_;
      log_warn("iridium", "frame from a team terminal refused", {{"modem", address}, {"error", decoded.error}});
      return;
    }
    ++heard_;
    last_heard_ms_ = clock_.now_ms();
    sink_->heard(address);
    if (decoded.uplink) sink_->uplink(address, *decoded.uplink);
    return;
  }
  ++bad_frames_;
  log_warn("iridium", "MT message from no enrolled terminal dropped", {{"bytes", data.size()}});
}

void IridiumGatewayDriver::send(const Downlink& d) {
  if (!connected_ || !greeted_) return sink_->sent(d.ref, false, "Iridium modem not connected");
  if (!linkproto::beidou::is_digits(d.address, 7, 7))
    return sink_->sent(d.ref, false, "Iridium address '" + d.address + "' is not a 7-digit modem id");
  auto enc = codec_.encode(d.address, d.ref, d.envelope, kMtu);
  if (!enc.error.empty()) return sink_->sent(d.ref, false, enc.error);
  int rank = precedence_rank(d.precedence);
  for (size_t i = 0; i < enc.frames.size(); ++i) {
    Pending p{rank, d.ref, "RB" + d.address + std::string(enc.frames[i].begin(), enc.frames[i].end()),
              i + 1 == enc.frames.size()};
    // Most urgent first; a message's frames stay in order behind each other.
    auto pos = std::find_if(frames_.begin(), frames_.end(), [&](const Pending& f) { return f.rank > rank; });
    frames_.insert(pos, std::move(p));
  }
  pump();
  flush();
}

void IridiumGatewayDriver::pump() {
  int64_t now = steady_ms();
  if (!greeted_ || in_flight_ || frames_.empty() || now < not_before_ || modem_.sending()) return;
  in_flight_ = std::move(frames_.front());
  frames_.pop_front();
  if (in_flight_->first_try == 0) in_flight_->first_try = now;
  auto ok = modem_.send(in_flight_->mo, now);
  if (!ok) {  // cannot happen for frames within the MTU; do not wedge the queue if it does
    ++refused_;
    sink_->sent(in_flight_->ref, false, "Iridium modem refused the message: " + ok.error);
    in_flight_.reset();
  }
}

json IridiumGatewayDriver::health() const {
  return {{"up", connected_ && greeted_},
          {"modem", modem_id_},
          {"signal", signal_ >= 0 ? json(signal_) : json()},
          {"queued_frames", frames_.size() + (in_flight_ ? 1 : 0)},
          {"last_heard", last_heard_ms_ > 0 ? json(format_rfc3339_ms(last_heard_ms_)) : json()},
          {"terminals", terminals_.size()},
          {"sent", sent_},
          {"refused", refused_},
          {"failed_sessions", failed_sessions_},
          {"heard", heard_},
          {"bad_frames", bad_frames_}};
}

}  // namespace lifeline::gateway
