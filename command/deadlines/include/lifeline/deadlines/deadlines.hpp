// The deadline API for the modules that own a subject (supplies, hazards, the rules engine):
// open() when a time limit starts, meet() when the thing is done, cancel() when it no longer
// applies. Each is one event in the caller's transaction (schema/deadlines.md).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::deadlines {

using nlohmann::json;

constexpr int64_t kDefaultStepMs = 15LL * 60 * 1000;  // DECISIONS.md: escalation steps 15 min apart

struct DeadlineSpec {
  std::string kind;      // e.g. supply.dispatch, hazard.assign; on-time rates are counted per kind
  std::string subject;   // id of the object the deadline is about
  std::string title_zh, title_en;
  int64_t due_at = 0;    // UTC ms
  std::vector<std::string> chain = {"duty_officer", "duty_leader", "commander"};
  int64_t step_ms = kDefaultStepMs;
};

// Emits deadline.opened; returns the deadline id. Throws bad_field for an empty chain or step <= 0.
std::string open(domain::OpContext& ctx, const DeadlineSpec& spec);
// Emits deadline.met for every open or missed deadline of (kind, subject); returns how many.
int meet(domain::OpContext& ctx, const std::string& kind, const std::string& subject);
// Emits deadline.cancelled for every open or missed deadline of (kind, subject); returns how many.
int cancel(domain::OpContext& ctx, const std::string& kind, const std::string& subject);
// Cancels every open deadline of `subject`, whatever its kind (the subject was withdrawn or
// closed); `reason` goes in each deadline.cancelled event.
int cancel_all(domain::OpContext& ctx, const std::string& subject, const std::string& reason = "");

// Called once per escalation step with the role to tell.
using Notify = std::function<void(domain::OpContext&, const std::string& role, const json& deadline, int level)>;
// Escalates every deadline whose next step is due at ctx.now(): at due_at the deadline is missed
// and chain[0] told, each step_ms later the next role. Returns the next time a step falls due
// (INT64_MAX if none).
int64_t escalate_due(domain::OpContext& ctx, const Notify& notify);

// Registers deadline.list {open?: bool = true, kind?, subject?}, deadline.acknowledge {id} and
// deadline.silence {id, minutes} (deadline_ops.cpp).
void register_deadline_ops(domain::OpRegistry& r);

}  // namespace lifeline::deadlines
