// Casualties over time for one incident: the figures as incident.created set them and as each
// incident.updated that names casualties changed them, read from the event log (schema/charts.md).
#include "lifeline/charts/charts.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::charts {

json casualty_series(domain::OpContext& ctx, const std::string& incident_id) {
  auto inc = ctx.must_find("incidents", incident_id);
  json points = json::array();
  for (const auto& row : ctx.store().query(
           "SELECT at, kind, body FROM events WHERE subject = ? AND kind IN ('incident.created', 'incident.updated') ORDER BY seq",
           {incident_id})) {
    auto body = json::parse(row["body"].get<std::string>(), nullptr, false);
    if (!body.is_object()) continue;
    const json* c = nullptr;
    if (row["kind"] == "incident.created" && body.contains("casualties")) c = &body["casualties"];
    else if (body.contains("changes") && body["changes"].is_object() && body["changes"].contains("casualties"))
      c = &body["changes"]["casualties"];
    if (!c || !c->is_object()) continue;
    points.push_back({{"at", format_rfc3339_ms(row["at"].get<int64_t>())},
                      {"dead", c->value("dead", 0)},
                      {"missing", c->value("missing", 0)},
                      {"injured", c->value("injured", 0)}});
  }
  return {{"incident_id", incident_id}, {"number", inc["number"]}, {"title", inc["title"]}, {"points", points}};
}

}  // namespace lifeline::charts
