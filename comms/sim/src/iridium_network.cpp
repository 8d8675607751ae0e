// Iridium 9603 SBD modems (links.md §2, §5.3, checklist §5.4 item 4). Each terminal is a modem
// driven by AT commands: ATE0/ATE1, +SBDWB (READY, n bytes + checksum, result 0/2/3), +SBDWT,
// +SBDRB, +SBDIX/+SBDIXA (MO status, MOMSN, MT status, MTMSN, MT length, MT queued), +SBDD, +SBDMTA,
// +SBDSX, -MSSTM, +CSQ (5 bars, 0 when cut), with unsolicited SBDRING when an MT message is queued.
// Routing (a model of RockBLOCK's device-to-device prefix, UNCONFIRMED): an MO message whose first
// bytes are "RB" + the destination modem id (7 digits) is queued, without the prefix, as MT at
// that modem. Cut: +SBDIX answers MO status 32 (no network service); random loss: 18 (RF drop).
#include <deque>
#include <map>

#include "lifeline/linkproto/at_host.hpp"
#include "lifeline/linkproto/at_modem.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/sim/network.hpp"

namespace lifeline::sim {
namespace {

using namespace linkproto::at;

constexpr size_t kMaxMo = 340, kMaxMt = 270;
constexpr int64_t kWriteTimeoutMs = 60000;  // +SBDWB: bytes not all received within 60 s -> 1
constexpr int64_t kIridiumEpochMs = 1399818235000;  // 2014-05-11T14:23:55Z, the -MSSTM era start

class IridiumNetwork final : public Network {
 public:
  IridiumNetwork(const NetworkOptions& o, const Clock& clock, Courier& courier, Outbox& out)
      : o_(o), clock_(clock), courier_(courier), out_(out) {
    if (o_.delay_ms < 0) o_.delay_ms = 5000;  // ~5 s for a short message (links.md fact 9)
  }

  std::string check_id(const std::string& id) const override {
    return linkproto::beidou::is_digits(id, 7, 7) ? std::string() : "modem id must be 7 digits";
  }
  void attach(const std::string& id) override { modems_[id] = Modem{}; }
  void detach(const std::string& id) override { modems_.erase(id); }

  void receive(const std::string& id, std::string_view bytes) override {
    auto& m = modems_[id];
    m.reader.feed(bytes);
    ModemInput in;
    while (m.reader.next(in)) handle(id, m, in);
  }

  void tick(int64_t now_ms) override {
    for (auto& [id, m] : modems_)
      if (m.write_deadline_ms >= 0 && now_ms >= m.write_deadline_ms) {
        m.write_deadline_ms = -1;
        m.reader.cancel_block();
        out_.write(id, "1\r\n\r\nOK\r\n");
      }
  }

  // {"op":"inject","terminal":ID,"mo_status":[35, 17, ...]}: the next sessions of that modem end
  // with these MO status codes, in order (e.g. 35 modem busy).
  std::string inject(const nlohmann::json& r) override {
    auto it = modems_.find(r.value("terminal", std::string()));
    if (it == modems_.end()) return "inject needs the id of a connected modem in \"terminal\"";
    if (!r.contains("mo_status") || !r["mo_status"].is_array()) return "inject needs an array \"mo_status\"";
    std::deque<int> codes;
    for (const auto& c : r["mo_status"]) {
      if (!c.is_number_integer() || c.get<int>() < 5 || c.get<int>() > 255) return "mo_status codes must be 5-255";
      codes.push_back(c.get<int>());
    }
    it->second.forced_mo_status.insert(it->second.forced_mo_status.end(), codes.begin(), codes.end());
    return {};
  }

  nlohmann::json status() const override {
    nlohmann::json modems = nlohmann::json::object();
    for (const auto& [id, m] : modems_)
      modems[id] = {{"momsn", m.momsn}, {"mtmsn", m.mtmsn}, {"mt_queued", m.mt_queue.size()},
                    {"mo_buffer", m.mo.has_value()}, {"ring", m.ring}};
    return {{"delay_ms", o_.delay_ms}, {"modems", modems}, {"undeliverable", undeliverable_},
            {"sessions", sessions_}, {"failed_sessions", failed_sessions_}};
  }

 private:
  struct Modem {
    ModemReader reader;
    bool echo = true;
    bool mta = true;
    bool ring = false;
    std::optional<std::string> mo;
    std::string mt;
    bool mt_valid = false;
    std::deque<std::string> mt_queue;
    int momsn = 0, mtmsn = 0;
    int64_t write_deadline_ms = -1;  // +SBDWB: the host must finish writing by then
    std::deque<int> forced_mo_status;  // injected results for the next sessions
  };

  void reply(const std::string& id, Modem& m, const std::string& cmd, const std::string& body) {
    out_.write(id, (m.echo ? cmd + "\r" : std::string()) + body);
  }
  static std::string lines(std::initializer_list<std::string> ls, bool ok = true) {
    std::string out;
    for (const auto& l : ls) out += "\r\n" + l + "\r\n";
    return out + (ok ? "\r\nOK\r\n" : "\r\nERROR\r\n");
  }

  void handle(const std::string& id, Modem& m, const ModemInput& in) {
    if (in.kind == ModemInputKind::binary) {  // +SBDWB payload + checksum
      std::string msg = in.data.substr(0, in.data.size() - 2);
      uint16_t got = static_cast<uint16_t>(static_cast<uint8_t>(in.data[in.data.size() - 2]) << 8 |
                                           static_cast<uint8_t>(in.data.back()));
      m.write_deadline_ms = -1;
      bool ok = got == sbd_checksum(msg);
      if (ok) m.mo = msg;
      out_.write(id, (ok ? "0" : "2") + std::string("\r\n\r\nOK\r\n"));
      return;
    }
    if (in.kind != ModemInputKind::command) {
      out_.write(id, "\r\nERROR\r\n");
      return;
    }
    const std::string& cmd = in.data;
    std::string up = cmd;
    for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (up == "AT" || up.rfind("AT&", 0) == 0) return reply(id, m, cmd, lines({}));
    if (up == "ATE0" || up == "ATE1") {
      reply(id, m, cmd, "");
      m.echo = up == "ATE1";
      return out_.write(id, "\r\nOK\r\n");
    }
    if (up.rfind("AT+SBDWB=", 0) == 0) {
      int n = std::atoi(up.c_str() + 9);
      if (n < 1 || static_cast<size_t>(n) > kMaxMo) return reply(id, m, cmd, "3\r\n\r\nOK\r\n");
      reply(id, m, cmd, "READY\r\n");
      m.reader.expect_binary(static_cast<size_t>(n) + 2);
      m.write_deadline_ms = clock_.now_ms() + kWriteTimeoutMs;
      return;
    }
    if (up.rfind("AT+SBDWT=", 0) == 0) {
      std::string text = cmd.substr(9);
      if (text.size() > 120) return reply(id, m, cmd, "\r\nERROR\r\n");
      m.mo = text;
      return reply(id, m, cmd, lines({}));
    }
    if (up == "AT+SBDRB") {
      return reply(id, m, cmd, sbdrb_output(m.mt_valid ? m.mt : std::string()) + "\r\nOK\r\n");
    }
    if (up == "AT+SBDIX" || up == "AT+SBDIXA") return reply(id, m, cmd, lines({session(id, m)}));
    if (up == "AT+SBDD0" || up == "AT+SBDD1" || up == "AT+SBDD2") {
      if (up != "AT+SBDD1") m.mo.reset();
      if (up != "AT+SBDD0") m.mt.clear(), m.mt_valid = false;
      return reply(id, m, cmd, lines({"0"}));
    }
    if (up == "AT+SBDMTA=0" || up == "AT+SBDMTA=1") {
      m.mta = up.back() == '1';
      return reply(id, m, cmd, lines({}));
    }
    if (up == "AT+SBDSX") {
      std::string sx = "+SBDSX: " + std::to_string(m.mo ? 1 : 0) + ", " + std::to_string(m.momsn) + ", " +
                       std::to_string(m.mt_valid ? 1 : 0) + ", " + std::to_string(m.mt_valid ? m.mtmsn : -1) +
                       ", " + std::to_string(m.ring ? 1 : 0) + ", " + std::to_string(m.mt_queue.size());
      return reply(id, m, cmd, lines({sx}));
    }
    if (up == "AT+CSQ") return reply(id, m, cmd, lines({courier_.is_cut(id) ? "+CSQ:0" : "+CSQ:5"}));
    if (up == "AT-MSSTM") {
      if (courier_.is_cut(id)) return reply(id, m, cmd, lines({"-MSSTM: no network service"}));
      char buf[16];
      std::snprintf(buf, sizeof buf, "%08llx",
                    static_cast<unsigned long long>((clock_.now_ms() - kIridiumEpochMs) / 90) & 0xFFFFFFFFull);
      return reply(id, m, cmd, lines({std::string("-MSSTM: ") + buf}));
    }
    reply(id, m, cmd, "\r\nERROR\r\n");
  }

  // One SBD session: send the MO buffer (if any), fetch one queued MT.
  std::string session(const std::string& id, Modem& m) {
    ++sessions_;
    SbdixResult r;
    r.momsn = m.momsn;
    r.mtmsn = m.mtmsn;
    if (courier_.is_cut(id)) {
      ++failed_sessions_;
      r.mo_status = 32, r.mt_status = 2, r.mt_queued = static_cast<int>(m.mt_queue.size());
      return format_sbdix(r);
    }
    if (!m.forced_mo_status.empty()) {
      ++failed_sessions_;
      r.mo_status = m.forced_mo_status.front(), r.mt_status = 2, r.mt_queued = static_cast<int>(m.mt_queue.size());
      m.forced_mo_status.pop_front();
      return format_sbdix(r);
    }
    if (courier_.uniform() < courier_.impairments().loss) {  // the session itself failed
      ++failed_sessions_;
      r.mo_status = 18, r.mt_status = 2, r.mt_queued = static_cast<int>(m.mt_queue.size());
      return format_sbdix(r);
    }
    if (m.mo) {
      route(id, *m.mo);
      m.momsn = (m.momsn + 1) % 65536;
      r.momsn = m.momsn;
    }
    m.ring = false;
    if (!m.mt_queue.empty()) {
      m.mt = std::move(m.mt_queue.front());
      m.mt_queue.pop_front();
      m.mt_valid = true;
      m.mtmsn = (m.mtmsn + 1) % 65536;
      r.mt_status = 1, r.mtmsn = m.mtmsn, r.mt_length = static_cast<int>(m.mt.size());
    }
    r.mt_queued = static_cast<int>(m.mt_queue.size());
    return format_sbdix(r);
  }

  void route(const std::string& from, const std::string& mo) {
    if (mo.size() < 9 || mo.compare(0, 2, "RB") != 0 || !linkproto::beidou::is_digits(mo.substr(2, 7), 7, 7)) {
      ++undeliverable_;
      return;
    }
    std::string to = mo.substr(2, 7), mt = mo.substr(9);
    if (mt.size() > kMaxMt) {
      ++undeliverable_;
      return;
    }
    // Loss was drawn for the whole session above; the courier adds delay, duplication and reordering.
    courier_.post(from, to, clock_.now_ms(), o_.delay_ms, [this, to, mt] {
      auto it = modems_.find(to);
      if (it == modems_.end()) {
        ++undeliverable_;
        return;
      }
      it->second.mt_queue.push_back(mt);
      if (it->second.mta) {
        it->second.ring = true;
        out_.write(to, "SBDRING\r\n");
      }
    }, false);
  }

  NetworkOptions o_;
  const Clock& clock_;
  Courier& courier_;
  Outbox& out_;
  std::map<std::string, Modem> modems_;
  uint64_t undeliverable_ = 0, sessions_ = 0, failed_sessions_ = 0;
};

}  // namespace

std::unique_ptr<Network> make_iridium_network(const NetworkOptions& o, const Clock& c, Courier& k, Outbox& out) {
  return std::make_unique<IridiumNetwork>(o, c, k, out);
}

}  // namespace lifeline::sim
