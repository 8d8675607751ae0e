// Opening, meeting, cancelling and escalating deadlines: the only code that writes deadline events.
#include "lifeline/deadlines/deadlines.hpp"

#include <algorithm>
#include <climits>

#include "lifeline/api_error.hpp"
#include "lifeline/uuid7.hpp"
#include "lifeline/domain/subject_about.hpp"

namespace lifeline::deadlines {

using domain::OpContext;

std::string open(OpContext& ctx, const DeadlineSpec& spec) {
  if (spec.chain.empty()) throw ApiError("bad_field", "deadline chain is empty", "时限升级链为空");
  if (spec.step_ms <= 0) throw ApiError("bad_field", "deadline step_ms must be positive", "时限升级间隔必须为正");
  if (spec.kind.empty() || spec.subject.empty()) throw ApiError("bad_field", "deadline kind and subject are required");
  auto id = uuid7_string(ctx.now());
  auto about = domain::subject_about(ctx, spec.subject);  // for the desks that get the push: no bare ids
  ctx.emit("deadline.opened", id,
           {{"kind", spec.kind}, {"subject", spec.subject}, {"title_zh", spec.title_zh}, {"title_en", spec.title_en},
            {"about_zh", about.zh}, {"about_en", about.en}, {"due_at", spec.due_at}, {"chain", spec.chain},
            {"step_ms", spec.step_ms}});
  return id;
}

namespace {
int close_all(OpContext& ctx, const std::string& kind, const std::string& subject, const char* event) {
  auto rows = ctx.store().query(
      "SELECT id FROM deadlines WHERE kind = ? AND subject = ? AND status IN ('open','missed')", {kind, subject});
  for (const auto& r : rows) ctx.emit(event, r["id"], json::object());
  return static_cast<int>(rows.size());
}
}  // namespace

int meet(OpContext& ctx, const std::string& kind, const std::string& subject) {
  return close_all(ctx, kind, subject, "deadline.met");
}

int cancel(OpContext& ctx, const std::string& kind, const std::string& subject) {
  return close_all(ctx, kind, subject, "deadline.cancelled");
}

int cancel_all(OpContext& ctx, const std::string& subject, const std::string& reason) {
  auto rows = ctx.store().query("SELECT id FROM deadlines WHERE subject = ? AND status IN ('open','missed')", {subject});
  for (const auto& r : rows) ctx.emit("deadline.cancelled", r["id"], reason.empty() ? json::object() : json{{"reason", reason}});
  return static_cast<int>(rows.size());
}

int64_t escalate_due(OpContext& ctx, const Notify& notify) {
  int64_t next = INT64_MAX;
  auto rows = ctx.store().query("SELECT * FROM deadlines WHERE status IN ('open','missed') ORDER BY due_at");
  for (auto& d : rows) {
    auto chain = json::parse(d["chain"].get<std::string>());
    int64_t due = d["due_at"], step = d["step_ms"];
    int level = d["escalation_level"];
    // Level L (1-based) fires once due_at + (L-1) * step_ms has passed (done at due_at itself is
    // still on time) and goes to chain[L-1].
    while (level < static_cast<int>(chain.size()) && ctx.now() > due + level * step) {
      if (level == 0) ctx.emit("deadline.missed", d["id"], json::object());
      ++level;
      std::string role = chain[level - 1];
      ctx.emit("deadline.escalated", d["id"], {{"level", level}, {"to_role", role}});
      d["escalation_level"] = level;
      if (notify) notify(ctx, role, d, level);
    }
    if (level < static_cast<int>(chain.size())) next = std::min(next, due + level * step + 1);
  }
  return next;
}

}  // namespace lifeline::deadlines
