// BeiDou RDSS as terminals see it (links.md §1.3, §1.5, checklist §5.4 items 1-2): $CCICA -> $BDICI
// with the card's service frequency and level, $CCICR -> $BDICP, $CCTXA -> $BDFKI (2.1 layout) and
// delivery as $BDTXR, $CCTCQ -> $BDFKI (BD-3 layout) and delivery as $BDTCI. A send before the
// card's interval has passed is refused with "frequency not reached" and the seconds still to wait.
#include <map>

#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/sim/network.hpp"

namespace lifeline::sim {
namespace {

using namespace linkproto;
using namespace linkproto::beidou;

class BeidouNetwork final : public Network {
 public:
  BeidouNetwork(const NetworkOptions& o, const Clock& clock, Courier& courier, Outbox& out)
      : o_(o), clock_(clock), courier_(courier), out_(out) {
    if (o_.delay_ms < 0) o_.delay_ms = 1500;  // indicative RDSS one-way delay
    if (o_.max_bytes == 0) o_.max_bytes = 210;  // 1 680 bits (links.md fact 2)
  }

  std::string check_id(const std::string& id) const override {
    return is_digits(id, 7, 7) ? std::string() : "BeiDou card number must be 7 digits";
  }
  void attach(const std::string& id) override { cards_[id].splitter = SentenceSplitter(); }
  void detach(const std::string& id) override { cards_.erase(id); }

  void receive(const std::string& id, std::string_view bytes) override {
    auto& card = cards_[id];
    card.splitter.feed(bytes);
    std::string line;
    while (card.splitter.next(line)) {
      auto m = parse(line);
      if (!m) {
        ++rejected_bad_;
        continue;
      }
      handle(id, card, *m);
    }
  }

  nlohmann::json status() const override {
    nlohmann::json cards = nlohmann::json::object();
    for (const auto& [id, c] : cards_) cards[id] = {{"last_send_ms", c.last_send_ms}};
    return {{"interval_s", o_.interval_s}, {"level", o_.level}, {"delay_ms", o_.delay_ms},
            {"max_bytes", o_.max_bytes}, {"max_bytes_bd3", o_.max_bytes_bd3}, {"cards", cards},
            {"rejected_interval", rejected_interval_}, {"rejected_size", rejected_size_},
            {"rejected_bad", rejected_bad_}, {"undeliverable", undeliverable_}};
  }

 private:
  struct Card {
    SentenceSplitter splitter;
    int64_t last_send_ms = -1;
  };

  std::string hhmmss() const {
    int64_t s = clock_.now_ms() / 1000 % 86400;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d%02d%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                  static_cast<int>(s % 60));
    return buf;
  }

  // Seconds left before this card may send again (0 = may send now).
  int wait_s(const Card& c) const {
    if (c.last_send_ms < 0) return 0;
    int64_t left = c.last_send_ms + int64_t{o_.interval_s} * 1000 - clock_.now_ms();
    return left <= 0 ? 0 : static_cast<int>((left + 999) / 1000);
  }

  void deliver(const std::string& from, const std::string& to, std::string sentence) {
    courier_.post(from, to, clock_.now_ms(), o_.delay_ms, [this, to, sentence = std::move(sentence)] {
      if (out_.connected(to)) out_.write(to, sentence);
      else ++undeliverable_;
    });
  }

  void handle(const std::string& id, Card& card, const Message& m) {
    if (std::holds_alternative<CardQuery>(m)) {
      CardInfo ici;
      ici.address = id, ici.serial = "0" + id, ici.user_type = 6, ici.frequency_s = o_.interval_s, ici.level = o_.level;
      out_.write(id, emit(ici));
    } else if (std::holds_alternative<CardQuery3>(m)) {
      out_.write(id, emit(CardInfo3{id, {}}));
    } else if (const auto* txa = std::get_if<SendRequest21>(&m)) {
      Feedback21 fki;
      auto payload = bytes_of_content(txa->content, txa->encoding == Encoding21::chinese,
                                      txa->encoding == Encoding21::mixed);
      if (int w = wait_s(card); w > 0) {
        fki.executed = false, fki.frequency_ok = false, fki.wait_s = w;
        ++rejected_interval_;
      } else if (!payload || payload->size() > o_.max_bytes) {
        fki.executed = false;
        ++rejected_size_;
      } else if (courier_.is_cut(id)) {
        fki.executed = false, fki.inhibit = 1;  // no beams: transmission inhibited by the system
      } else {
        card.last_send_ms = clock_.now_ms();
        Received21 txr{txa->message_class == 0 ? 2 : 1, id, txa->encoding, "", txa->content};
        deliver(id, txa->destination, emit(txr));
      }
      out_.write(id, emit(fki));
    } else if (const auto* tcq = std::get_if<SendRequest3>(&m)) {
      Feedback3 fki;
      fki.time = hhmmss();
      size_t size = tcq->content.size();
      if (tcq->encoding == Encoding3::code || tcq->encoding == Encoding3::mixed)
        size = bytes_of_content(tcq->content, false, tcq->encoding == Encoding3::mixed)->size();
      if (int w = wait_s(card); w > 0) {
        fki.ok = false, fki.reason = 1, fki.wait_s = w;
        ++rejected_interval_;
      } else if (size > o_.max_bytes_bd3) {
        fki.ok = false, fki.reason = 2;
        ++rejected_size_;
      } else if (courier_.is_cut(id)) {
        fki.ok = false, fki.reason = 2;
      } else {
        card.last_send_ms = clock_.now_ms();
        Received3 tci{id, tcq->destination, tcq->frequency_point, hhmmss(), tcq->encoding, 0, tcq->content};
        deliver(id, tcq->destination, emit(tci));
      }
      out_.write(id, emit(fki));
    } else {
      ++rejected_bad_;  // a terminal-to-host sentence written by the host
    }
  }

  NetworkOptions o_;
  const Clock& clock_;
  Courier& courier_;
  Outbox& out_;
  std::map<std::string, Card> cards_;
  uint64_t rejected_interval_ = 0, rejected_size_ = 0, rejected_bad_ = 0, undeliverable_ = 0;
};

}  // namespace

std::unique_ptr<Network> make_beidou_network(const NetworkOptions& o, const Clock& c, Courier& k, Outbox& out) {
  return std::make_unique<BeidouNetwork>(o, c, k, out);
}

}  // namespace lifeline::sim
