#include "lifeline/field/enrolment.hpp"

#include <sodium.h>

#include "lifeline/field/tls_client.hpp"
#include "lifeline/field/ws_link.hpp"

namespace lifeline::field {

namespace {

json call(WsLink& link, const std::string& op, const json& body) {
  static int rid = 0;
  std::string id = "e" + std::to_string(++rid);
  if (!link.send({{"type", "req"}, {"rid", id}, {"op", op}, {"body", body}})) throw FieldError("enrol_failed", "connection lost");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    auto f = link.poll(std::chrono::milliseconds(200));
    if (!f) {
      if (!link.is_open()) throw FieldError("enrol_failed", "connection lost");
      continue;
    }
    if (f->value("type", "") == "res" && f->value("rid", json()) == id) {
      if (!f->value("ok", false))
        throw FieldError("enrol_failed", op + ": " + (*f)["error"].value("code", "") + " " + (*f)["error"].value("message_en", ""));
      return (*f)["result"];
    }
  }
  throw FieldError("enrol_failed", op + ": no answer");
}

}  // namespace

json enrol(LocalDb& db, const EnrolOptions& o, int64_t now_ms) {
  WsLink link;
  std::string error, ca_pem;
  if (!o.ca_file.empty()) {
    if (o.server_url.rfind("wss://", 0) != 0) throw FieldError("ca_needs_wss", o.server_url);
    ca_pem = read_ca_file(o.ca_file);
  }
  link.set_trusted_ca(ca_pem);
  if (!link.connect(o.server_url, std::chrono::seconds(5), error))
    throw FieldError(link.error_code().empty() ? "enrol_failed" : link.error_code(), o.server_url + ": " + error);
  auto login = call(link, "auth.login", {{"username", o.username}, {"password", o.password}});
  const json user = login["user"];
  const std::string team = user.value("unit_id", "");
  const std::string role = user.value("role", "");
  if (role != "team_lead" && role != "team_member") throw FieldError("enrol_failed", "user " + o.username + " is not a team member (" + role + ")");
  auto team_info = call(link, "team.get", {{"id", team}});
  auto tasks = call(link, "task.list", {{"team_id", team}});
  std::string address = o.terminal_address;
  if (address.empty())
    for (const auto& c : team_info.value("contacts", json::array()))
      if (c.value("channel", "") == o.terminal_channel) {
        address = c.value("address", "");
        break;
      }
  db.transaction([&] {
    db.set("server_url", o.server_url);
    db.set("server_ca", ca_pem);  // the daemon trusts only this CA for wss:// ("" = the system's)
    db.set("username", o.username);
    db.set("token", login.value("token", ""));
    db.set("user_id", user.value("id", ""));
    db.set("team_id", team);
    db.set("role", role);
    db.set("display_name", user.value("display_name", ""));
    db.set("terminal_host", o.terminal_host);
    db.set("terminal_port", std::to_string(o.terminal_port));
    db.set("terminal_channel", o.terminal_channel);
    db.set("terminal_address", address);
    db.set("team_name", team_info["team"].value("name", team));
    db.set("state", "enrolled");
    db.set("enrolled_ms", std::to_string(now_ms));
    if (!db.get("device_key")) {
      // 32 random bytes: the key the compact codec MACs thin-link frames with (kept on re-enrol).
      unsigned char key[32];
      if (sodium_init() < 0) throw FieldError("enrol_failed", "libsodium init");
      randombytes_buf(key, sizeof key);
      char hex[65];
      sodium_bin2hex(hex, sizeof hex, key, sizeof key);
      db.set("device_key", hex);
    }
  });
  db.replace_roster(team_info);
  db.replace_tasks(tasks.value("tasks", json::array()));
  return {{"user", user}, {"team", team}, {"terminal_address", address}, {"members", team_info.value("members", json::array()).size()}};
}

int64_t clock_offset(LocalDb& db) {
  auto v = db.get("clock_offset_ms");
  return v ? std::stoll(*v) : 0;
}

}  // namespace lifeline::field
