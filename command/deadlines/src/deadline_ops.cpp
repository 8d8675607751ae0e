// The deadline operations: the list every desk counts its alarms from, and the two answers to an
// alarm, acknowledge and silence. Both are recorded with who and when and pushed to every desk that
// sees the deadline; neither stops the escalation up the chain (schema/deadlines.md "Alarms").
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/actor_name.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/domain/subject_about.hpp"

namespace lifeline::deadlines {

using domain::OpContext;

namespace {

constexpr int64_t kMinute = 60 * 1000;

json deadline_list(OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  bool open_only = r.opt_boolean("open").value_or(true);
  auto kind = r.opt_str("kind", 64);
  auto subject = r.opt_str("subject", 64);
  auto page_request = domain::read_page_request(r);
  r.finish();
  domain::PageQuery q;
  q.select =
      "id, kind, subject, title_zh, title_en, due_at, status, escalation_level, met_at, acknowledged_by_name, "
      "acknowledged_at, acknowledged_level, silenced_until, silenced_by_name";
  q.table = "deadlines";
  q.order_by = "due_at";
  q.ascending = true;  // the next due first
  q.scope_kind = "deadline";
  if (open_only) q.where += " AND status IN ('open','missed')";
  if (kind) q.where += " AND kind = ?", q.params.push_back(*kind);
  if (subject) q.where += " AND subject = ?", q.params.push_back(*subject);
  auto page = domain::read_page(ctx, q, page_request);
  for (auto& d : page.rows) {
    for (const char* t : {"due_at", "met_at", "acknowledged_at", "silenced_until"})
      if (d[t].is_number_integer()) d[t] = format_rfc3339_ms(d[t].get<int64_t>());
    auto about = domain::subject_about(ctx, d["subject"].get<std::string>());
    d["about_zh"] = about.zh;
    d["about_en"] = about.en;
  }
  return {{"deadlines", std::move(page.rows)}, {"next_cursor", page.next_cursor}};
}

// An alarm is an open deadline past its due time; only an alarm can be acknowledged or silenced.
json overdue_deadline(OpContext& ctx, const std::string& id) {
  auto d = ctx.must_find("deadlines", id);
  if (d["status"] != "open" && d["status"] != "missed")
    throw ApiError("invalid_transition", "the deadline is no longer open", "该时限已办结或已撤销");
  if (d["status"] != "missed" && ctx.now() <= d["due_at"].get<int64_t>())
    throw ApiError("invalid_transition", "the deadline is not overdue yet: there is no alarm to answer",
                   "该时限尚未超时，没有需要确认的告警");
  return d;
}

// Acknowledged at the current escalation level (at least 1: the first level is reached the moment
// it is overdue). Acknowledging again at the same level changes nothing.
json deadline_acknowledge(OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto id = r.str("id", 64);
  r.finish();
  auto d = overdue_deadline(ctx, id);
  int level = std::max(1, d["escalation_level"].get<int>());
  if (d["acknowledged_level"].get<int>() >= level) return {{"id", id}, {"level", level}, {"already", true}};
  ctx.emit("deadline.acknowledged", id, {{"level", level}, {"by_name", domain::actor_display_name(ctx)}});
  return {{"id", id}, {"level", level}, {"already", false}};
}

// Silenced for 5 min to 4 h: no sound or blinking on any desk until then; it stays in the list and
// still counts as an alarm until acknowledged.
json deadline_silence(OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto id = r.str("id", 64);
  int64_t minutes = r.opt_integer("minutes", 5, 240).value_or(30);
  r.finish();
  overdue_deadline(ctx, id);
  int64_t until = ctx.now() + minutes * kMinute;
  ctx.emit("deadline.silenced", id, {{"until", until}, {"minutes", minutes}, {"by_name", domain::actor_display_name(ctx)}});
  return {{"id", id}, {"silenced_until", format_rfc3339_ms(until)}};
}

}  // namespace

void register_deadline_ops(domain::OpRegistry& r) {
  r.add("deadline.list", deadline_list, false);
  r.add("deadline.acknowledge", deadline_acknowledge, true);
  r.add("deadline.silence", deadline_silence, true);
}

}  // namespace lifeline::deadlines
