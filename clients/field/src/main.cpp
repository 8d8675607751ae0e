// lifeline-field: the handheld client's command line (schema/field-client.md §3). Every command but
// `run` and `enrol` works on the local database only, so it works with no network at all.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "lifeline/field/actions.hpp"
#include "lifeline/field/enrolment.hpp"
#include "lifeline/field/local_db.hpp"
#include "lifeline/field/strings.hpp"
#include "lifeline/field/sync_daemon.hpp"
#include "lifeline/field/tui.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline::field;

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

std::string default_db() {
  const char* e = std::getenv("LIFELINE_FIELD_DB");
  return e && *e ? e : "lifeline-field.db";
}

void print_inbox_text(const std::vector<InboxItem>& items, Lang lang) {
  if (items.empty()) std::cout << tr(lang, "empty") << "\n";
  for (const auto& i : items) {
    std::string summary = i.body.value("note", i.body.value("text", i.body.value("what", i.kind)));
    std::string state = i.answered_ms ? tr(lang, i.answer == "accept" ? "acked" : "rejected") : tr(lang, i.read_ms ? "read" : "unread");
    std::cout << i.id << "  [" << tr(lang, i.precedence) << "]" << (i.realm != "live" ? " [" + tr(lang, "exercise") + "]" : "")
              << (i.cancelled_ms ? " [" + tr(lang, "cancelled") + "]" : "") << "  " << i.kind << "  " << summary << "  (" << state
              << ", " << tr(lang, "received_at") << " " << lifeline::format_local_minutes(i.received_ms) << ")\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lifeline-field: the field team's handheld client (offline first)"};
  app.require_subcommand(1);
  std::string db_path = default_db(), lang_choice;
  app.add_option("--db", db_path, "local database file (env LIFELINE_FIELD_DB)")->capture_default_str();
  app.add_option("--lang", lang_choice, "zh or en (default from LIFELINE_LANG / LANG)");

  EnrolOptions enrol_opts;
  auto* enrol_cmd = app.add_subcommand("enrol", "log in once and keep credentials, roster and device key");
  enrol_cmd->add_option("--server", enrol_opts.server_url, "ws://HOST:PORT or wss://HOST:PORT of lifeline-command")->required();
  enrol_cmd->add_option("--ca-file", enrol_opts.ca_file,
                        "wss://: trust only this CA (PEM) for the command's certificate (default: the system's CAs)");
  enrol_cmd->add_option("--user", enrol_opts.username)->required();
  enrol_cmd->add_option("--password", enrol_opts.password, "(or env LIFELINE_FIELD_PASSWORD)");
  enrol_cmd->add_option("--terminal-host", enrol_opts.terminal_host)->capture_default_str();
  enrol_cmd->add_option("--terminal-port", enrol_opts.terminal_port, "the own terminal's gateway port (0: none)");
  enrol_cmd->add_option("--terminal-channel", enrol_opts.terminal_channel)->capture_default_str();
  enrol_cmd->add_option("--terminal-address", enrol_opts.terminal_address, "default: from the team's ladder");

  DaemonOptions run_opts;
  auto* run_cmd = app.add_subcommand("run", "connect, sync and stay up (IP, else the own terminal)");
  run_cmd->add_option("--gps", run_opts.gps_spec, "serial:PATH, file:PATH or sim[:LAT,LON]");
  run_cmd->add_option("--position-interval", run_opts.position_interval_s, "seconds between position reports")->capture_default_str();
  run_cmd->add_flag("--exit-when-idle", run_opts.exit_when_idle, "exit once everything is sent over IP");
  run_cmd->add_option("--clock-skew-ms", run_opts.clock_skew_ms, "pretend the device clock is off by this much (tests)");
  run_cmd->add_option("--ip-retry-ms", run_opts.ip_retry_ms)->capture_default_str();
  run_cmd->add_option("--ip-read-deadline-ms", run_opts.ip_read_deadline_ms, "IP counts as down after this long without a frame (the server is pinged at half)")
      ->capture_default_str()->check(CLI::Range(500, 60000));

  std::string id, reason, text, task, status;
  auto* ack_cmd = app.add_subcommand("ack", "acknowledge (accept) a message; --reject to refuse it");
  ack_cmd->add_option("id", id, "message id (or a unique prefix, or the task id)")->required();
  bool reject = false;
  ack_cmd->add_flag("--reject", reject);
  ack_cmd->add_option("--reason", reason);
  auto* read_cmd = app.add_subcommand("read", "show a message and mark it read");
  read_cmd->add_option("id", id)->required();
  bool as_json = false;
  read_cmd->add_flag("--json", as_json);
  auto* status_cmd = app.add_subcommand("status", "report the team's task status (en-route, on-scene, returning, done, failed)");
  status_cmd->add_option("status", status)->required();
  status_cmd->add_option("--task", task, "default: the open task");
  status_cmd->add_option("--reason", reason);
  auto* report_cmd = app.add_subcommand("report", "send a situation report");
  report_cmd->add_option("--text", text)->required();
  report_cmd->add_option("--task", task);
  double lat = 0, lon = 0;
  auto* pos_cmd = app.add_subcommand("position", "report a position by hand");
  pos_cmd->add_option("--lat", lat)->required();
  pos_cmd->add_option("--lon", lon)->required();
  auto* inbox_cmd = app.add_subcommand("inbox", "list the inbox");
  inbox_cmd->add_flag("--json", as_json);
  auto* outbox_cmd = app.add_subcommand("outbox", "list what the device reported and its sync state");
  outbox_cmd->add_flag("--json", as_json);
  auto* tasks_cmd = app.add_subcommand("tasks", "the team's tasks and deadlines");
  tasks_cmd->add_flag("--json", as_json);
  auto* info_cmd = app.add_subcommand("info", "enrolment, link and queue state as JSON");
  auto* tui_cmd = app.add_subcommand("tui", "the terminal UI");

  CLI11_PARSE(app, argc, argv);
  Lang lang = pick_lang(lang_choice);
  if (tui_cmd->parsed()) return run_tui(db_path, lang_choice);
  if (run_cmd->parsed()) {
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    run_opts.db_path = db_path;
    run_opts.stop = &g_stop;
    return run_daemon(run_opts);
  }
  try {
    LocalDb db(db_path);
    if (enrol_cmd->parsed()) {
      if (enrol_opts.password.empty())
        if (const char* p = std::getenv("LIFELINE_FIELD_PASSWORD")) enrol_opts.password = p;
      auto r = enrol(db, enrol_opts, device_now(db));
      std::cout << r.dump() << "\n";
      return 0;
    }
    auto enrolled = [&] {
      if (!db.get("team_id")) throw FieldError("not_enrolled", db_path);
    };
    if (ack_cmd->parsed()) {
      enrolled();
      auto out = answer_message(db, id, reject ? "reject" : "accept", reason);
      std::cout << json({{"outbox_id", out}}).dump() << "\n" << tr(lang, "saved_offline") << "\n";
    } else if (read_cmd->parsed()) {
      read_message(db, id);
      auto item = db.inbox_item(id);
      if (as_json) std::cout << item->to_json().dump() << "\n";
      else std::cout << item->to_json().dump(2) << "\n";
    } else if (status_cmd->parsed()) {
      enrolled();
      auto out = report_status(db, task, status, reason);
      std::cout << json({{"outbox_id", out}}).dump() << "\n" << tr(lang, "saved_offline") << "\n";
    } else if (report_cmd->parsed()) {
      enrolled();
      auto out = send_report(db, text, task);
      std::cout << json({{"outbox_id", out}}).dump() << "\n" << tr(lang, "saved_offline") << "\n";
    } else if (pos_cmd->parsed()) {
      enrolled();
      std::cout << json({{"outbox_id", report_position(db, lat, lon, 0)}}).dump() << "\n";
    } else if (inbox_cmd->parsed()) {
      auto items = db.inbox();
      if (as_json) {
        json out = json::array();
        for (const auto& i : items) out.push_back(i.to_json());
        std::cout << out.dump() << "\n";
      } else {
        print_inbox_text(items, lang);
      }
    } else if (outbox_cmd->parsed()) {
      json out = json::array();
      for (const auto& o : db.outbox()) out.push_back(o.to_json());
      std::cout << (as_json ? out.dump() : out.dump(2)) << "\n";
    } else if (tasks_cmd->parsed()) {
      auto t = db.tasks();
      if (as_json) {
        std::cout << t.dump() << "\n";
      } else {
        for (const auto& x : t)
          std::cout << x["id"].get<std::string>() << "  " << x["what"].get<std::string>() << "  " << tr(lang, x["status"])
                    << (x["due_ms"].is_null() ? "" : "  " + tr(lang, "due") + " " + lifeline::format_local_minutes(x["due_ms"])) << "\n";
      }
    } else if (info_cmd->parsed()) {
      json out = {{"team_id", db.get("team_id").value_or("")}, {"state", db.get("state").value_or("not_enrolled")},
                  {"link", db.get("link").value_or("none")}, {"terminal_address", db.get("terminal_address").value_or("")},
                  {"pending", db.count_outbox("pending")}, {"unconfirmed", db.count_outbox("unconfirmed")},
                  {"done", db.count_outbox("done")}, {"refused", db.count_outbox("refused")},
                  {"clock_offset_ms", std::stoll(db.get("clock_offset_ms").value_or("0"))}};
      std::cout << out.dump() << "\n";
    }
    return 0;
  } catch (const FieldError& e) {
    std::cerr << tr(lang, e.code) << "\n(" << e.code << ": " << e.detail << ")\n";
    return e.code == "db_corrupt" || e.code == "disk_full" || e.code == "db_open_failed" ? 3 : 1;
  }
}
