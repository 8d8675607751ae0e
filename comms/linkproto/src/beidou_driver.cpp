#include "lifeline/linkproto/beidou_driver.hpp"

namespace lifeline::linkproto::beidou {

void TerminalDriver::start() {
  output_ += o_.bd3 ? emit(CardQuery3{}) : emit(CardQuery{});
}

std::string TerminalDriver::take_output() {
  std::string out = std::move(output_);
  output_.clear();
  return out;
}

bool TerminalDriver::next_event(DriverEvent& out) {
  if (events_.empty()) return false;
  out = std::move(events_.front());
  events_.pop_front();
  return true;
}

Result<bool> TerminalDriver::send(const std::string& destination, const Bytes& payload, int64_t now_ms) {
  if (card_.empty()) return Result<bool>::fail("card not known yet");
  if (awaiting_feedback_) return Result<bool>::fail("a send is awaiting its feedback");
  if (now_ms < next_send_at_) return Result<bool>::fail("service frequency not reached");
  if (payload.size() > o_.max_payload) return Result<bool>::fail("payload over the card's limit");
  if (!is_digits(destination, 1, 8)) return Result<bool>::fail("destination is not a card number");
  if (o_.bd3)
    output_ += emit(SendRequest3{destination, 2, 1, Encoding3::mixed, content_for_bytes(payload, true), 0});
  else
    output_ += emit(SendRequest21{destination, 1, Encoding21::mixed, content_for_bytes(payload, true)});
  awaiting_feedback_ = true;
  sent_at_ = now_ms;
  return Result<bool>::ok(true);
}

void TerminalDriver::on_bytes(std::string_view bytes, int64_t now_ms) {
  splitter_.feed(bytes);
  std::string line;
  while (splitter_.next(line)) {
    auto m = parse(line);
    if (!m) {
      emit_event({DriverEvent::Kind::bad_input, {}, {}, 0, m.error});
      continue;
    }
    handle(*m, now_ms);
  }
}

void TerminalDriver::tick(int64_t now_ms) {
  if (awaiting_feedback_ && now_ms - sent_at_ >= o_.feedback_timeout_ms) {
    awaiting_feedback_ = false;
    emit_event({DriverEvent::Kind::refused, {}, {}, 0, "no feedback from the terminal"});
  }
}

void TerminalDriver::handle(const Message& m, int64_t now_ms) {
  if (const auto* ici = std::get_if<CardInfo>(&m)) {
    card_ = ici->address == "0000000" ? std::string() : ici->address;
    if (ici->frequency_s > 0) interval_s_ = ici->frequency_s;
    emit_event({DriverEvent::Kind::card, card_, {}, 0, card_.empty() ? "no card" : ""});
  } else if (const auto* icp = std::get_if<CardInfo3>(&m)) {
    card_ = icp->user_id == "0" ? std::string() : icp->user_id;
    emit_event({DriverEvent::Kind::card, card_, {}, 0, card_.empty() ? "no card" : ""});
  } else if (const auto* f = std::get_if<Feedback21>(&m)) {
    if (!awaiting_feedback_) return;
    awaiting_feedback_ = false;
    if (f->executed) {
      next_send_at_ = now_ms + int64_t{interval_s_} * 1000;
      emit_event({DriverEvent::Kind::sent, {}, {}, 0, {}});
    } else {
      if (f->wait_s > 0) next_send_at_ = now_ms + int64_t{f->wait_s} * 1000;
      emit_event({DriverEvent::Kind::refused, {}, {}, f->wait_s,
                  !f->frequency_ok ? "frequency not reached" : f->inhibit ? "transmission inhibited" : "refused"});
    }
  } else if (const auto* f3 = std::get_if<Feedback3>(&m)) {
    if (!awaiting_feedback_) return;
    awaiting_feedback_ = false;
    if (f3->ok) {
      next_send_at_ = now_ms + int64_t{interval_s_} * 1000;
      emit_event({DriverEvent::Kind::sent, {}, {}, 0, {}});
    } else {
      if (f3->wait_s > 0) next_send_at_ = now_ms + int64_t{f3->wait_s} * 1000;
      emit_event({DriverEvent::Kind::refused, {}, {}, f3->wait_s, "reason " + std::to_string(f3->reason)});
    }
  } else if (const auto* txr = std::get_if<Received21>(&m)) {
    auto b = bytes_of_content(txr->content, txr->encoding == Encoding21::chinese, txr->encoding == Encoding21::mixed);
    if (!b) return emit_event({DriverEvent::Kind::bad_input, {}, {}, 0, b.error});
    emit_event({DriverEvent::Kind::received, txr->sender, std::move(*b), 0, {}});
  } else if (const auto* tci = std::get_if<Received3>(&m)) {
    bool hex = tci->encoding == Encoding3::code || tci->encoding == Encoding3::mixed;
    auto b = bytes_of_content(tci->content, !hex, tci->encoding == Encoding3::mixed);
    if (!b) return emit_event({DriverEvent::Kind::bad_input, {}, {}, 0, b.error});
    emit_event({DriverEvent::Kind::received, tci->sender, std::move(*b), 0, {}});
  }
}

}  // namespace lifeline::linkproto::beidou
