// SMS in PDU mode through a cellular modem (--net=sms) or a Tiantong-1 satellite phone
// (--net=tiantong, a Lifeline MODEL: no Tiantong AT set is public, links.md §3; modelled as the same
// AT+CMGS/+CMT PDU interface over a GEO link with seconds of delay). Terminals are phone numbers.
// AT+CMGF=0 only; AT+CMGS=<tpdu length> -> "> " -> PDU hex + Ctrl-Z -> +CMGS: <mr> / +CMS ERROR: n.
// Delivered as an SMS-DELIVER: "+CMT: ,<tpdu length>\r\n<pdu>\r\n" (as after AT+CNMI=2,2).
#include <map>

#include "lifeline/linkproto/at_modem.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/sms_pdu.hpp"
#include "lifeline/sim/network.hpp"

namespace lifeline::sim {
namespace {

using namespace linkproto;
using namespace linkproto::at;

class SmsNetwork final : public Network {
 public:
  SmsNetwork(const NetworkOptions& o, const Clock& clock, Courier& courier, Outbox& out)
      : o_(o), clock_(clock), courier_(courier), out_(out) {
    // Cellular SMS: a few seconds end to end; Tiantong: GEO hops both ways plus the SMS centre.
    if (o_.delay_ms < 0) o_.delay_ms = o_.kind == "tiantong" ? 8000 : 3000;
  }

  std::string check_id(const std::string& id) const override {
    return beidou::is_digits(id, 3, 20) ? std::string() : "phone number must be 3-20 digits";
  }
  void attach(const std::string& id) override { phones_[id] = Phone{}; }
  void detach(const std::string& id) override { phones_.erase(id); }

  void receive(const std::string& id, std::string_view bytes) override {
    auto& p = phones_[id];
    p.reader.feed(bytes);
    ModemInput in;
    while (p.reader.next(in)) handle(id, p, in);
  }

  nlohmann::json status() const override {
    return {{"delay_ms", o_.delay_ms}, {"phones", phones_.size()}, {"submitted", submitted_},
            {"rejected", rejected_}, {"undeliverable", undeliverable_}};
  }

 private:
  struct Phone {
    ModemReader reader;
    bool echo = true;
    int cmgs_length = 0;
    uint8_t mr = 0;
  };

  void reply(const std::string& id, Phone& p, const std::string& cmd, const std::string& body) {
    out_.write(id, (p.echo ? cmd + "\r" : std::string()) + body);
  }

  void handle(const std::string& id, Phone& p, const ModemInput& in) {
    if (in.kind == ModemInputKind::text_cancelled) return out_.write(id, "\r\nOK\r\n");
    if (in.kind == ModemInputKind::text_block) return submit(id, p, in.data);
    if (in.kind != ModemInputKind::command) return out_.write(id, "\r\nERROR\r\n");
    std::string up = in.data;
    for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up == "ATE0" || up == "ATE1") {
      reply(id, p, in.data, "");
      p.echo = up == "ATE1";
      return out_.write(id, "\r\nOK\r\n");
    }
    if (up == "AT" || up == "AT+CMGF=0" || up.rfind("AT+CNMI=", 0) == 0 || up.rfind("AT+CSCS=", 0) == 0 ||
        up.rfind("AT&", 0) == 0)
      return reply(id, p, in.data, "\r\nOK\r\n");
    if (up.rfind("AT+CMGS=", 0) == 0) {
      int n = std::atoi(up.c_str() + 8);
      if (n < 7 || n > 164) return reply(id, p, in.data, "\r\n+CMS ERROR: 304\r\n");
      p.cmgs_length = n;
      reply(id, p, in.data, "\r\n> ");
      p.reader.expect_text_block();
      return;
    }
    reply(id, p, in.data, "\r\nERROR\r\n");  // text mode (AT+CMGF=1) and anything else
  }

  void submit(const std::string& id, Phone& p, const std::string& hex) {
    auto s = sms::decode_submit(hex);
    auto bytes = hex_decode(hex);
    // The TPDU length given to AT+CMGS must match the PDU without its SMSC field.
    if (!s || !bytes || bytes->empty() || static_cast<int>(bytes->size()) - 1 - (*bytes)[0] != p.cmgs_length) {
      ++rejected_;
      return out_.write(id, "\r\n+CMS ERROR: 304\r\n");
    }
    if (courier_.is_cut(id)) {
      ++rejected_;
      return out_.write(id, "\r\n+CMS ERROR: 331\r\n");  // no network service
    }
    ++submitted_;
    out_.write(id, "\r\n+CMGS: " + std::to_string(p.mr++) + "\r\n\r\nOK\r\n");
    std::string to = s->destination;
    if (!to.empty() && to[0] == '+') to.erase(0, 1);
    sms::Deliver d{"+" + id, s->coding, s->user_data, s->concat, clock_.now_ms(), 32};
    auto pdu = sms::encode_deliver(d);
    if (!pdu) {
      ++rejected_;
      return;
    }
    std::string wire = "\r\n+CMT: ," + std::to_string(pdu->tpdu_length) + "\r\n" + pdu->hex + "\r\n";
    courier_.post(id, to, clock_.now_ms(), o_.delay_ms, [this, to, wire] {
      if (out_.connected(to)) out_.write(to, wire);
      else ++undeliverable_;
    });
  }

  NetworkOptions o_;
  const Clock& clock_;
  Courier& courier_;
  Outbox& out_;
  std::map<std::string, Phone> phones_;
  uint64_t submitted_ = 0, rejected_ = 0, undeliverable_ = 0;
};

}  // namespace

std::unique_ptr<Network> make_sms_network(const NetworkOptions& o, const Clock& c, Courier& k, Outbox& out) {
  return std::make_unique<SmsNetwork>(o, c, k, out);
}

}  // namespace lifeline::sim
