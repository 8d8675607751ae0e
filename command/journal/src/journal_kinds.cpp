// Which events are significant enough for the journal, and their group. A position report, a status
// ping, a delivery queued, sent or retried is not; a receipt (delivered, read, failed, expired) is.
#include <algorithm>
#include <map>

#include "lifeline/journal/journal.hpp"

namespace lifeline::journal {

namespace {

const std::map<std::string, std::vector<std::string>>& table() {
  static const std::map<std::string, std::vector<std::string>> t = {
      {"incident", {"incident.created", "incident.updated", "incident.status_changed", "incident.reported_up"}},
      {"level", {"incident.level_proposed", "incident.level_set", "warning.level_proposed", "warning.level_approved"}},
      {"order", {"task.created", "task.status_changed", "release.ordered", "release.approved", "release.departed",
                 "release.arrived", "release.cancelled"}},
      {"receipt", {"bus.delivery_changed"}},
      {"message", {"bus.message_accepted"}},
      {"warning", {"warning.issued", "warning.updated", "warning.cancelled"}},
      {"consultation", {"consultation.opened", "consultation.started", "consultation.joined", "consultation.minuted",
                        "consultation.decided", "consultation.decision_updated", "consultation.closed"}},
      {"deadline", {"deadline.opened", "deadline.escalated", "deadline.missed", "deadline.met", "deadline.cancelled",
                    "deadline.acknowledged", "deadline.silenced"}},
      {"duty", {"shift.handed_over", "shift.handover_accepted", "shift.logged", "duty.level_raised", "duty.level_released"}}};
  return t;
}

bool chatter(const std::string& message_kind) {
  // Coalescing reports (the newest replaces the older), and receipts of receipts.
  return message_kind == "position" || message_kind == "status" || message_kind == "receipt";
}

}  // namespace

const std::vector<std::string>& groups() {
  static const std::vector<std::string> g = {"incident", "level",        "order",    "receipt", "message",
                                             "warning",  "consultation", "deadline", "duty"};
  return g;
}

std::vector<std::string> kinds_of(const std::vector<std::string>& wanted) {
  std::vector<std::string> out;
  for (const auto& g : wanted)
    if (auto it = table().find(g); it != table().end()) out.insert(out.end(), it->second.begin(), it->second.end());
  return out;
}

std::optional<std::string> group_of(const store::Event& e, const std::string& about_kind) {
  const std::string& message_kind = about_kind;
  if (e.kind == "bus.delivery_changed") {
    static const std::vector<std::string> receipts = {"delivered", "read", "failed", "expired"};
    auto to = e.body.value("to", std::string());
    if (std::find(receipts.begin(), receipts.end(), to) == receipts.end() || chatter(message_kind)) return std::nullopt;
    return "receipt";
  }
  if (e.kind == "bus.message_accepted") {
    // An order or a task's cancellation is told by the task's own events.
    if (chatter(message_kind) || message_kind == "order" || message_kind == "task") return std::nullopt;
    return "message";
  }
  // Every order opens a receipt deadline that its receipt meets: only its alarm is news.
  if (about_kind == "order.receipt" && (e.kind == "deadline.opened" || e.kind == "deadline.met" || e.kind == "deadline.cancelled"))
    return std::nullopt;
  for (const auto& [group, kinds] : table())
    if (std::find(kinds.begin(), kinds.end(), e.kind) != kinds.end()) return group;
  return std::nullopt;
}

}  // namespace lifeline::journal
