#include "lifeline/gateway/beidou_driver.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>

#include "lifeline/gateway/device_endpoint.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/log.hpp"

namespace lifeline::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace bd = linkproto::beidou;

BeidouDriver::BeidouDriver(asio::io_context& io, const Clock& clock, std::string device, std::string card, TerminalKeys keys)
    : device_(parse_device(device)), card_(std::move(card)), socket_(io), retry_(io), codec_(clock, std::move(keys)), pace_(io) {
  if (!bd::is_digits(card_, 7, 7)) throw std::runtime_error("--card must be a 7-digit BeiDou card number");
}

void BeidouDriver::start(UplinkSink& sink) {
  sink_ = &sink;
  connect();
}

void BeidouDriver::connect() {
  std::string error;
  if (!connect_device(socket_, device_, error)) {
    log_warn("beidou", "terminal not reachable; retrying", {{"device", device_.text()}, {"error", error}});
    retry_.expires_after(std::chrono::seconds(1));
    retry_.async_wait([this](const boost::system::error_code& e) {
      if (!e) connect();
    });
    return;
  }
  connected_ = true;
  greeted_ = false;
  // The simulator's SIM-card hello, then the card query the real terminal answers too.
  write("HELLO " + card_ + "\r\n");
  read();
}

void BeidouDriver::write(std::string bytes) {
  writes_.push_back(std::move(bytes));
  if (writes_.size() > 1) return;
  auto pump = std::make_shared<std::function<void()>>();
  *pump = [this, pump] {
    asio::async_write(socket_, asio::buffer(writes_.front()), [this, pump](boost::system::error_code ec, size_t) {
      if (ec) return;
      writes_.pop_front();
      if (!writes_.empty()) (*pump)();
    });
  };
  (*pump)();
}

void BeidouDriver::read() {
  auto buf = std::make_shared<std::array<char, 4096>>();
  socket_.async_read_some(asio::buffer(*buf), [this, buf](boost::system::error_code ec, size_t n) {
    if (ec) {
      connected_ = false;
      log_warn("beidou", "terminal connection lost; reconnecting", {{"error", ec.message()}});
      boost::system::error_code ignore;
      socket_.close(ignore);
      retry_.expires_after(std::chrono::seconds(1));
      retry_.async_wait([this](const boost::system::error_code& e) {
        if (!e) connect();
      });
      return;
    }
    std::string_view bytes(buf->data(), n);
    if (!greeted_) {
      hello_buffer_.append(bytes);
      auto nl = hello_buffer_.find("\r\n");
      if (nl == std::string::npos) return read();
      std::string line = hello_buffer_.substr(0, nl);
      bytes = std::string_view(hello_buffer_).substr(nl + 2);
      if (line.rfind("HELLO OK", 0) != 0) {
        log_error("beidou", "terminal refused the card", {{"reply", line}});
        return;
      }
      greeted_ = true;
      write(bd::emit(bd::CardQuery{}));
      splitter_.feed(bytes);
      hello_buffer_.clear();
    } else {
      splitter_.feed(bytes);
    }
    std::string sentence;
    while (splitter_.next(sentence)) on_sentence(sentence);
    read();
  });
}

void BeidouDriver::on_sentence(const std::string& line) {
  auto msg = bd::parse(line);
  if (!msg) {
    ++bad_frames_;
    log_warn("beidou", "sentence refused", {{"error", msg.error}});
    return;
  }
  if (auto* info = std::get_if<bd::CardInfo>(&*msg)) {
    if (info->frequency_s > 0) interval_ms_ = static_cast<int64_t>(info->frequency_s) * 1000;
    log_info("beidou", "card ready", {{"card", info->address}, {"interval_s", info->frequency_s}, {"level", info->level}});
  } else if (auto* fb = std::get_if<bd::Feedback3>(&*msg)) {
    if (!in_flight_) return;
    auto p = std::move(*in_flight_);
    in_flight_.reset();
    int64_t wait_ms = interval_ms_;
    if (!fb->ok && fb->reason == 1) {
      frames_.push_front(std::move(p));  // too early: the same frame again after the wait
      wait_ms = std::max<int64_t>(fb->wait_s, 1) * 1000;
    } else if (!fb->ok) {
      ++refused_;
      sink_->sent(p.ref, false, "BDFKI N reason " + std::to_string(fb->reason));
      std::erase_if(frames_, [&](const Pending& f) { return f.ref == p.ref; });  // the rest of it is useless now
    } else if (p.last) {
      sink_->sent(p.ref, true, "");
    }
    pacing_ = true;
    pace_.expires_after(std::chrono::milliseconds(wait_ms));
    pace_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      pacing_ = false;
      pump();
    });
  } else if (auto* rx = std::get_if<bd::Received3>(&*msg)) {
    // Only an authenticated frame counts as hearing the card: anyone can send a BDTXR with any
    // sender, and a replayed or wrong-MAC frame must not mark the team's link up.
    auto bytes = bd::bytes_of_content(rx->content, rx->encoding == bd::Encoding3::chinese, rx->encoding == bd::Encoding3::mixed);
    if (!bytes) {
      ++bad_frames_;
      return;
    }
    auto decoded = codec_.decode(rx->sender, *bytes);
    if (!decoded.error.empty()) {
      ++bad_frames_;
      log_warn("beidou", "frame from a team terminal refused", {{"card", rx->sender}, {"error", decoded.error}});
    } else {
      ++heard_;
      sink_->heard(rx->sender);
      if (decoded.uplink) sink_->uplink(rx->sender, *decoded.uplink);
    }
  }
}

void BeidouDriver::send(const Downlink& d) {
  if (!connected_ || !greeted_) return sink_->sent(d.ref, false, "BeiDou terminal not connected");
  auto enc = codec_.encode(d.address, d.ref, d.envelope, kMtu);
  if (!enc.error.empty()) return sink_->sent(d.ref, false, enc.error);
  int rank = d.precedence == "flash" ? 0 : d.precedence == "immediate" ? 1 : d.precedence == "priority" ? 2 : 3;
  for (size_t i = 0; i < enc.frames.size(); ++i) {
    bd::SendRequest3 req;
    req.destination = d.address;
    req.encoding = bd::Encoding3::mixed;
    req.content = bd::content_for_bytes(linkproto::Bytes(enc.frames[i].begin(), enc.frames[i].end()), true);
    Pending p{rank, arrivals_++, d.ref, bd::emit(req), i + 1 == enc.frames.size()};
    // Most urgent first; a message's frames stay in order behind each other.
    auto pos = std::find_if(frames_.begin(), frames_.end(), [&](const Pending& f) { return f.rank > rank; });
    frames_.insert(pos, std::move(p));
  }
  pump();
}

void BeidouDriver::pump() {
  if (in_flight_ || pacing_ || frames_.empty() || !connected_ || !greeted_) return;
  in_flight_ = std::move(frames_.front());
  frames_.pop_front();
  write(in_flight_->sentence);
  ++sent_;
}

json BeidouDriver::health() const {
  return {{"up", connected_ && greeted_}, {"queued_frames", frames_.size()}, {"sent", sent_}, {"refused", refused_}, {"heard", heard_}, {"bad_frames", bad_frames_}};
}

}  // namespace lifeline::gateway
