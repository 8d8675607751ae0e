// Reporting an emergency upward (信息报送, seed-digest: within 1 h of learning of it): the first
// report meets the rules' incident.report_up deadline, follow-ups go on the timeline numbered.
// Closing an incident settles its deadlines still open (cancelled, with the reason), so a closed
// incident never stays overdue on any desk, and releases the duty level it held up.
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::OpContext;
using nlohmann::json;

namespace {

json incident_report_up(OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto id = r.id("id");
  auto text = r.str("text", 2000);
  auto to_unit = r.opt_str("to_unit", 64);
  r.finish();
  auto inc = ctx.must_find("incidents", id);
  if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
  // To the unit above the incident's own, unless the caller names one (a township may report
  // straight to the city in a grade I event).
  std::string to = to_unit.value_or("");
  if (to.empty()) {
    auto unit = ctx.store().query_one("SELECT parent_id FROM units WHERE id = ?", {inc["unit_id"]});
    to = !unit.is_null() && unit["parent_id"].is_string() ? unit["parent_id"].get<std::string>() : inc["unit_id"].get<std::string>();
  }
  auto unit = ctx.must_find("units", to);
  auto before = ctx.store().query_one(
      "SELECT COUNT(*) AS n FROM timeline WHERE incident_id = ? AND kind = 'incident.reported_up'", {id});
  const int64_t number = before["n"].get<int64_t>() + 1;
  ctx.emit("incident.reported_up", id, {{"text", text}, {"to_unit", to}, {"to_unit_name", unit["name"]},
                                               {"to_unit_name_en", unit["name_en"].is_string() ? unit["name_en"] : unit["name"]}, {"number", number}});
  const int met = deadlines::meet(ctx, "incident.report_up", id);
  return {{"id", id}, {"number", number}, {"to_unit", to}, {"deadline_met", met > 0}};
}

}  // namespace

void register_incident_reporting(domain::OpRegistry& ops) {
  ops.add("incident.report_up", incident_report_up);
  auto set_status = ops.find("incident.set_status")->handler;
  ops.add("incident.set_status", [set_status](OpContext& ctx, const json& body) {
    auto res = set_status(ctx, body);
    if (res.value("status", "") == "closed") {
      std::string why = body.is_object() && body.contains("reason") && body["reason"].is_string() ? body["reason"].get<std::string>() : "";
      res["deadlines_settled"] = deadlines::cancel_all(ctx, res["id"], "incident closed" + (why.empty() ? "" : ": " + why));
      release_duty_level(ctx, res["id"], "incident closed");
    }
    return res;
  });
}

}  // namespace lifeline::warnings
