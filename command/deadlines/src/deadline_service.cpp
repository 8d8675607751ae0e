#include "lifeline/deadlines/deadline_service.hpp"

#include <algorithm>
#include <climits>

#include "lifeline/api_error.hpp"
#include "lifeline/log.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::deadlines {

void DeadlineService::install() {
  register_deadline_ops(engine_.ops());
  engine_.add_tick_hook([this](int64_t now) { return tick(now); });
}

int64_t DeadlineService::tick(int64_t now) {
  int64_t next = INT64_MAX;
  for (const auto& realm : engine_.realm_names()) {
    auto* store = engine_.realm(realm);
    // Cheap check first: most ticks have nothing due, and run_system costs a transaction.
    auto due = store->query_one(
        "SELECT MIN(due_at + escalation_level * step_ms) + 1 AS t "
        "FROM deadlines WHERE status IN ('open','missed') AND escalation_level < json_array_length(chain)");
    if (due.is_null() || due["t"].is_null()) continue;
    int64_t t = due["t"];
    if (t > now) {
      next = std::min(next, t);
      continue;
    }
    int64_t realm_next = INT64_MAX;
    engine_.run_system(realm, [&](domain::OpContext& ctx) {
      realm_next = escalate_due(ctx, [this](domain::OpContext& c, const std::string& role, const json& d, int level) {
        notify(c, role, d, level);
      });
    });
    next = std::min(next, realm_next);
  }
  return next;
}

// A notice on the bus to everyone holding the role. A role nobody holds is logged, not fatal: the
// escalation itself is recorded either way.
void DeadlineService::notify(domain::OpContext& ctx, const std::string& role, const json& d, int level) {
  const auto* send = engine_.ops().find("bus.send");
  if (!send) return;
  json body = {{"deadline_id", d["id"]}, {"kind", d["kind"]},         {"subject", d["subject"]},
               {"title_zh", d["title_zh"]}, {"title_en", d["title_en"]}, {"level", level},
               {"due_at", format_rfc3339_ms(d["due_at"].get<int64_t>())}};
  try {
    send->handler(ctx, {{"to", "role:" + role}, {"kind", "notice"}, {"precedence", "immediate"}, {"ack", "human"},
                        {"correlation_id", d["id"]}, {"realm", ctx.realm()}, {"body", body}});
  } catch (const ApiError& e) {
    log_error("deadlines", "escalation notice not sent", {{"role", role}, {"error", e.code()}, {"deadline", d["id"]}});
  }
}

}  // namespace lifeline::deadlines
