#include "lifeline/field/sync_daemon.hpp"

#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <thread>

#include "lifeline/field/enrolment.hpp"
#include "lifeline/field/gps_source.hpp"
#include "lifeline/field/local_db.hpp"
#include "lifeline/field/outbox_sender.hpp"
#include "lifeline/field/strings.hpp"
#include "lifeline/field/terminal_link.hpp"
#include "lifeline/field/ws_link.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::field {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int64_t wall_ms() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// One line per event on stderr, JSON, so tests and operators can follow the daemon.
void say(const std::string& event, const json& fields = json::object()) {
  json line = fields;
  line["event"] = event;
  line["at"] = format_rfc3339_ms(wall_ms());
  std::fprintf(stderr, "%s\n", line.dump().c_str());
  std::fflush(stderr);
}

class Daemon {
 public:
  explicit Daemon(const DaemonOptions& o) : o_(o), db_(o.db_path), lang_(pick_lang()) {
    if (db_.get("state").value_or("") == "") throw FieldError("not_enrolled", o.db_path);
    team_ = db_.get("team_id").value_or("");
    offset_ = clock_offset(db_);
    if (!o.gps_spec.empty()) gps_ = open_gps_source(o.gps_spec);
    ip_.set_read_deadline(milliseconds(o.ip_read_deadline_ms));
    // A downlink on the radio is stored and acknowledged even while the daemon waits on IP.
    ip_.while_waiting([this] { serve_terminal(0); });
  }

  int run() {
    say("started", {{"team", team_}, {"unsent", db_.count_outbox("pending") + db_.count_outbox("unconfirmed")}});
    auto next_position = Clock::now();
    while (!(o_.stop && o_.stop->load())) {
      // The terminal stays attached whatever IP does: when IP fades without closing, the centre
      // moves the next order to the radio before this side has noticed (schema/field-client.md §4).
      if (!term_.is_open() && Clock::now() >= next_term_try_) try_terminal();
      if (!ip_.is_open() && Clock::now() >= next_ip_try_) try_ip();
      if (revoked_) return 4;
      if (gps_ && Clock::now() >= next_position) {
        next_position = Clock::now() + std::chrono::seconds(o_.position_interval_s);
        record_position();
      }
      if (ip_.is_open()) {
        ip_step();
        if (revoked_) return 4;
        if (o_.exit_when_idle && synced_once_ && inflight_.empty() && completed_.empty() && db_.unsent(1).empty()) {
          say("idle", {{"bytes_sent", ip_.bytes_sent()}});
          return 0;
        }
      } else if (term_.is_open()) {
        terminal_step();
      } else {
        std::this_thread::sleep_for(milliseconds(100));
      }
      serve_terminal(0);
    }
    say("stopped", {{"bytes_ip", ip_.bytes_sent()}, {"bytes_terminal", term_.bytes_sent()}});
    return 0;
  }

 private:
  int64_t now() const { return wall_ms() + o_.clock_skew_ms + offset_; }

  // The TUI shows the link from here.
  void set_link(const std::string& link) {
    if (link == link_) return;
    link_ = link;
    try {
      db_.set("link", link);
    } catch (const FieldError&) {
    }
  }

  void try_ip() {
    next_ip_try_ = Clock::now() + milliseconds(o_.ip_retry_ms);
    std::string error;
    auto url = db_.get("server_url").value_or("");
    ip_.set_trusted_ca(db_.get("server_ca").value_or(""));
    if (!ip_.connect(url, milliseconds(1500), error)) {
      if (link_ == "ip") say("ip_down", {{"error", error}});
      next_ip_try_ = Clock::now() + milliseconds(o_.ip_retry_ms);
      if (link_ == "ip") set_link(term_.is_open() ? "terminal" : "none");
      return;
    }
    inflight_.clear();
    sent_ids_.clear();
    completed_.clear();
    auto resume = call("auth.resume", {{"token", db_.get("token").value_or("")}});
    if (!resume) return;
    if (!resume->value("ok", false)) {
      auto code = (*resume)["error"].value("code", "");
      if (code == "unauthenticated" || code == "bad_credentials") return mark_revoked(code);
      say("ip_refused", {{"error", (*resume)["error"]}});
      ip_.close();
      return;
    }
    check_clock();
    set_link("ip");
    last_hb_ = Clock::now();
    say("link", {{"link", "ip"}, {"unsent", db_.count_outbox("pending") + db_.count_outbox("unconfirmed")}});
    refresh_from_centre();
    synced_once_ = true;
  }

  void mark_revoked(const std::string& code) {
    db_.set("state", "revoked");
    revoked_ = true;
    ip_.close();
    auto unsent = db_.count_outbox("pending") + db_.count_outbox("unconfirmed");
    say("revoked", {{"code", code}, {"unsent_kept", unsent}, {"message", tr_both("revoked")}});
  }

  // A request outside the pipelined outbox flow; other frames that arrive meanwhile are handled.
  std::optional<json> call(const std::string& op, const json& body) {
    std::string rid = "c" + std::to_string(++rid_counter_);
    if (!ip_.send({{"type", "req"}, {"rid", rid}, {"op", op}, {"body", body}})) return std::nullopt;
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline && ip_.is_open()) {
      auto f = ip_.poll(milliseconds(100));
      if (!f) continue;
      if (f->value("type", "") == "res" && f->value("rid", json()) == rid) return f;
      handle_ip_frame(*f);
    }
    ip_.close();
    return std::nullopt;
  }

  // Clock far off: the centre's time wins for everything the device stamps from now on.
  void check_clock() {
    auto info = call("server.info", json::object());
    if (!info || !info->value("ok", false)) return;
    auto server_now = parse_rfc3339((*info)["result"].value("now", ""));
    if (!server_now) return;
    int64_t device = wall_ms() + o_.clock_skew_ms;
    int64_t diff = *server_now - device;
    offset_ = (diff > 120000 || diff < -120000) ? diff : 0;
    if (offset_ != 0) say("clock_off", {{"offset_ms", offset_}, {"message", tr_both("clock_off")}});
    db_.set("clock_offset_ms", std::to_string(offset_));
  }

  void refresh_from_centre() {
    if (auto t = call("team.get", {{"id", team_}}); t && t->value("ok", false)) db_.replace_roster((*t)["result"]);
    // Every page of the team's tasks (protocol.md §4a), or none: a partial list would drop tasks.
    json tasks = json::array(), cursor;
    bool complete = false;
    for (int page = 0; page < 100; ++page) {
      json body = {{"team_id", team_}, {"open", false}, {"limit", 1000}};
      if (cursor.is_string()) body["cursor"] = cursor;
      auto t = call("task.list", body);
      if (!t || !t->value("ok", false)) break;
      for (auto& task : (*t)["result"].value("tasks", json::array())) tasks.push_back(std::move(task));
      cursor = (*t)["result"].value("next_cursor", json());
      if (!cursor.is_string()) {
        complete = true;
        break;
      }
    }
    if (complete) db_.replace_tasks(tasks);
    last_refresh_ = Clock::now();
  }

  void try_terminal() {
    next_term_try_ = Clock::now() + milliseconds(1000);
    int port = std::stoi(db_.get("terminal_port").value_or("0"));
    auto address = db_.get("terminal_address").value_or("");
    if (port == 0 || address.empty()) return;
    std::string error;
    if (!term_.connect(db_.get("terminal_host").value_or("127.0.0.1"), port, address, error)) return;
    last_term_hb_ = Clock::now();
    say("terminal_attached", {{"channel", db_.get("terminal_channel").value_or("pdt")}, {"address", address}});
    if (!ip_.is_open()) {
      set_link("terminal");
      say("link", {{"link", "terminal"}, {"channel", db_.get("terminal_channel").value_or("pdt")}, {"address", address}});
    }
  }

  // The attached terminal: its heartbeat and whatever it brought down, for up to `wait_ms`.
  void serve_terminal(int wait_ms) {
    if (!term_.is_open()) return;
    if (Clock::now() - last_term_hb_ >= milliseconds(1000)) {
      term_.send({{"type", "hb"}});
      last_term_hb_ = Clock::now();
    }
    auto deadline = Clock::now() + milliseconds(wait_ms);
    do {
      auto f = term_.poll(wait_ms > 0 ? 20 : 0);
      if (!f) {
        if (wait_ms == 0) break;
        continue;
      }
      if (f->value("type", "") == "downlink") receive_envelope(f->value("envelope", json::object()), terminal_channel());
    } while (term_.is_open() && Clock::now() < deadline);
    if (!term_.is_open()) {
      say("terminal_down");
      if (link_ == "terminal") set_link("none");
      next_term_try_ = Clock::now() + milliseconds(1000);
    }
  }

  std::string terminal_channel() { return db_.get("terminal_channel").value_or("pdt"); }

  void record_position() {
    auto fix = gps_->poll(now());
    if (!fix) return;
    int64_t fix_ms = fix->fix_ms > 0 ? fix->fix_ms : now();
    try {
      db_.enqueue("position", {{"lat", fix->lat}, {"lon", fix->lon}, {"fix_ms", fix_ms}}, now());
      // Thin link or none: only the newest position is worth sending.
      if (link_ != "ip") db_.supersede_positions(now());
    } catch (const FieldError& e) {
      say("position_not_saved", {{"error", e.code}, {"message", tr_both(e.code)}});
    }
  }

  void ip_step() {
    if (Clock::now() - last_hb_ >= milliseconds(1000)) {
      ip_.send({{"type", "hb"}});
      last_hb_ = Clock::now();
    }
    if (Clock::now() - last_refresh_ >= std::chrono::seconds(30)) refresh_from_centre();
    fill_window();
    auto deadline = Clock::now() + milliseconds(50);
    while (ip_.is_open()) {
      auto f = ip_.poll(inflight_.empty() ? milliseconds(50) : milliseconds(5));
      if (f) handle_ip_frame(*f);
      if (revoked_) return;
      if (!f && Clock::now() >= deadline) break;
      if (inflight_.size() < static_cast<size_t>(o_.window) / 2) fill_window();
    }
    flush_completed();
    if (!ip_.is_open()) {
      say("ip_down", {{"error", "connection closed, or silent past the read deadline"}, {"inflight", inflight_.size()}});
      inflight_.clear();
      sent_ids_.clear();
      set_link(term_.is_open() ? "terminal" : "none");
      next_ip_try_ = Clock::now() + milliseconds(500);
    }
  }

  void fill_window() {
    if (inflight_.size() >= static_cast<size_t>(o_.window)) return;
    flush_completed();
    auto items = db_.unsent(o_.window * 2);
    for (auto& item : items) {
      if (inflight_.size() >= static_cast<size_t>(o_.window)) break;
      if (sent_ids_.count(item.id)) continue;
      std::string rid = "o" + std::to_string(++rid_counter_);
      IpRequest req;
      try {
        req = ip_request_for(item, team_);
      } catch (const std::exception& e) {
        db_.mark_outbox(item.id, "refused", "ip", e.what(), now());
        continue;
      }
      json frame = {{"type", "req"}, {"rid", rid}, {"op", req.op}, {"body", req.body}};
      if (req.realm != "live") frame["realm"] = req.realm;
      if (!ip_.send(frame)) return;
      inflight_[rid] = item;
      sent_ids_[item.id] = rid;
    }
  }

  void handle_ip_frame(const json& f) {
    const std::string type = f.value("type", "");
    if (type == "env") {
      receive_envelope(f.value("envelope", json::object()), "ip");
    } else if (type == "res") {
      auto rid = f.value("rid", json()).is_string() ? f["rid"].get<std::string>() : "";
      auto it = inflight_.find(rid);
      if (it == inflight_.end()) return;  // a device ack's answer
      OutboxItem item = it->second;
      inflight_.erase(it);
      auto verdict = classify(item, f);
      if (verdict.outcome == Outcome::revoked) return mark_revoked("unauthenticated");
      if (verdict.outcome == Outcome::retry) {
        sent_ids_.erase(item.id);
        return;
      }
      if (verdict.outcome == Outcome::refused) say("refused", {{"id", item.id}, {"kind", item.kind}, {"note", verdict.note}});
      if (item.kind == "status") last_refresh_ = Clock::time_point{};
      completed_.push_back({item.id, verdict.outcome == Outcome::done ? "done" : "refused", verdict.note});
      if (completed_.size() >= static_cast<size_t>(o_.window)) flush_completed();
    }
  }

  // Answers are recorded in one transaction per batch (one fsync, not one per item); until then
  // the items stay marked as sent so they are not sent twice. A crash before the commit only
  // means an idempotent replay.
  void flush_completed() {
    if (completed_.empty()) return;
    try {
      db_.transaction([&] {
        for (const auto& c : completed_) db_.mark_outbox(c.id, c.state, "ip", c.note, now());
      });
    } catch (const FieldError& e) {
      say("outbox_not_updated", {{"error", e.code}, {"message", tr_both(e.code)}});
    }
    for (const auto& c : completed_) sent_ids_.erase(c.id);
    completed_.clear();
  }

  // Store first (synchronous=FULL), then acknowledge: an ack is a promise the device has it.
  bool receive_envelope(const json& env, const std::string& channel) {
    if (!env.is_object() || !env.contains("id") || !env["id"].is_string()) return false;
    bool fresh = false;
    try {
      fresh = db_.store_envelope(env, channel, now());
    } catch (const FieldError& e) {
      say("envelope_not_saved", {{"error", e.code}, {"message", tr_both(e.code)}});
      return false;  // no ack: the centre sends it again
    }
    if (fresh) say("received", {{"id", env["id"]}, {"kind", env.value("kind", "")}, {"precedence", env.value("precedence", "")}, {"channel", channel}});
    const std::string id = env["id"];
    if (channel == "ip")
      ip_.send({{"type", "ack"}, {"rid", "d" + std::to_string(++rid_counter_)}, {"id", id}, {"level", "device"}});
    else
      term_.uplink({{"kind", "receipt"}, {"id", id}, {"level", "device"}});
    if (env.value("kind", "") == "task") last_refresh_ = Clock::time_point{};
    return true;
  }

  void terminal_step() {
    set_link("terminal");
    // Thin link: coalesce positions, then hand over one item per step. Terminal uplinks get no
    // reply; they stay `unconfirmed` and are replayed over IP (idempotently) when it returns.
    db_.supersede_positions(now());
    auto items = db_.outbox("pending", 1);
    if (!items.empty()) {
      auto& item = items[0];
      if (term_.uplink(terminal_uplink_for(item)))
        db_.mark_outbox(item.id, item.kind == "position" ? "done" : "unconfirmed", terminal_channel(),
                        item.kind == "position" ? "terminal (positions are not replayed)" : "terminal", now());
    }
    serve_terminal(items.empty() ? 200 : 20);
  }

  DaemonOptions o_;
  LocalDb db_;
  Lang lang_;
  std::string team_, link_ = "";
  std::unique_ptr<GpsSource> gps_;
  WsLink ip_;
  TerminalLink term_;
  int64_t offset_ = 0;
  uint64_t rid_counter_ = 0;
  bool revoked_ = false, synced_once_ = false;
  std::map<std::string, OutboxItem> inflight_;
  std::map<std::string, std::string> sent_ids_;
  struct Completed {
    std::string id, state, note;
  };
  std::vector<Completed> completed_;
  Clock::time_point next_ip_try_{}, next_term_try_{}, last_hb_{}, last_term_hb_{}, last_refresh_{};
};

}  // namespace

int run_daemon(const DaemonOptions& options) {
  try {
    Daemon d(options);
    return d.run();
  } catch (const FieldError& e) {
    say("fatal", {{"code", e.code}, {"detail", e.detail}, {"message", tr_both(e.code)}});
    if (e.code == "not_enrolled") return 2;
    return 3;
  }
}

}  // namespace lifeline::field
