#include "lifeline/field/actions.hpp"

#include <chrono>
#include <set>

#include "lifeline/field/enrolment.hpp"

namespace lifeline::field {

int64_t device_now(LocalDb& db) {
  int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return wall + clock_offset(db);
}

std::string answer_message(LocalDb& db, const std::string& id_or_prefix, const std::string& answer, const std::string& reason) {
  auto item = db.inbox_item(id_or_prefix);
  if (!item) throw FieldError("unknown_message", id_or_prefix);
  if (item->answered_ms) throw FieldError("already_answered", item->id + " (" + item->answer + ")");
  if (answer == "reject" && reason.empty()) throw FieldError("reason_required", "reject needs --reason");
  std::string out;
  int64_t now = device_now(db);
  db.transaction([&] {
    json body = {{"message_id", item->id}, {"level", "human"}, {"answer", answer}};
    if (!reason.empty()) body["reason"] = reason;
    if (item->realm != "live") body["realm"] = item->realm;  // a drill's order is answered in its drill
    out = db.enqueue("receipt", body, now);
    db.mark_answered(item->id, answer, now);
    if (item->kind == "order" && !item->correlation_id.empty())
      db.set_task_status(item->correlation_id, answer == "accept" ? "acknowledged" : "failed", now);
  });
  return out;
}

void read_message(LocalDb& db, const std::string& id_or_prefix) {
  auto item = db.inbox_item(id_or_prefix);
  if (!item) throw FieldError("unknown_message", id_or_prefix);
  db.mark_read(item->id, device_now(db));
}

// The realm of a task's order (a drill's order names its drill): its status and reports go there.
static std::string realm_of_task(LocalDb& db, const std::string& task_id) {
  for (const auto& i : db.inbox())
    if (i.kind == "order" && i.correlation_id == task_id) return i.realm;
  return "live";
}

std::string report_status(LocalDb& db, const std::string& task_id, const std::string& status_in, const std::string& reason) {
  std::string status = status_in;
  for (auto& c : status)
    if (c == '-') c = '_';
  static const std::set<std::string> allowed = {"acknowledged", "en_route", "on_scene", "returning", "done", "failed"};
  if (!allowed.count(status)) throw FieldError("bad_status", status_in + " (acknowledged, en-route, on-scene, returning, done, failed)");
  if (status == "failed" && reason.empty()) throw FieldError("reason_required", "failed needs --reason");
  std::string task = task_id;
  auto is_open = [&](const std::string& id) {
    for (const auto& t : db.tasks())
      if (t["id"] == id) return t["status"] != "done" && t["status"] != "failed" && t["status"] != "cancelled";
    return false;
  };
  if (task.empty()) {  // the newest order whose task is still open
    int64_t newest = -1;
    for (const auto& i : db.inbox())
      if (i.kind == "order" && !i.cancelled_ms && i.received_ms > newest && is_open(i.correlation_id)) {
        newest = i.received_ms;
        task = i.correlation_id;
      }
  }
  if (task.empty()) {
    for (const auto& t : db.tasks()) {
      std::string s = t["status"];
      if (s != "done" && s != "failed" && s != "cancelled") task = t["id"];  // tasks() is due-ordered; take the last open
    }
    if (task.empty()) throw FieldError("no_open_task", "");
  }
  std::string out;
  int64_t now = device_now(db);
  db.transaction([&] {
    // The device's own time of the change is authoritative and kept here (at_ms).
    json body = {{"task_id", task}, {"status", status}, {"reason", reason}, {"at_ms", now}};
    if (auto realm = realm_of_task(db, task); realm != "live") body["realm"] = realm;
    out = db.enqueue("status", body, now);
    db.set_task_status(task, status, now);
  });
  return out;
}

std::string send_report(LocalDb& db, const std::string& text, const std::string& task_id) {
  if (text.empty()) throw FieldError("empty_report", "--text is empty");
  if (text.size() > 16000) throw FieldError("report_too_long", std::to_string(text.size()) + " bytes (≤ 16000)");
  int64_t now = device_now(db);
  json body = {{"text", text}, {"at_ms", now}};
  if (!task_id.empty()) body["task_id"] = task_id;
  if (!task_id.empty())
    if (auto realm = realm_of_task(db, task_id); realm != "live") body["realm"] = realm;
  return db.enqueue("report", body, now);
}

std::string report_position(LocalDb& db, double lat, double lon, int64_t fix_ms) {
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) throw FieldError("bad_position", "lat/lon out of range");
  int64_t now = device_now(db);
  return db.enqueue("position", {{"lat", lat}, {"lon", lon}, {"fix_ms", fix_ms > 0 ? fix_ms : now}}, now);
}

}  // namespace lifeline::field
