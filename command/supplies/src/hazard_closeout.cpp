// Closing a major hazard takes two desks (seed-digest §4, Seed 001: 企业整改、县级验收、市级销号):
// the county accepts it (hazard.accept by the desk of the hazard's own county; a hazard kept by the
// city itself has no county and the city accepts it), then the city closes it out
// (hazard.close_out, by a city desk). Each step refused from any other desk, and the close-out
// refused before a passed county acceptance.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/hazard_closeout.hpp"
#include "lifeline/supplies/hazard_governance.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

bool unrestricted(const domain::Actor& a) { return a.role == "admin" || a.role == "system"; }

json hazard_close_out(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto note = r.opt_str("note", 500).value_or("");
  r.finish();
  auto h = ctx.must_find("hazards", id);
  if (!h["unit_id"].is_null()) ctx.require_scope(h["unit_id"]);
  const std::string status = h["status"];
  if (h["grade"] != "major")
    throw ApiError("invalid_transition", "only major hazards are closed out by the city", "仅重大隐患由市级销号");
  if (status == "rectifying" || status == "accepting") throw ApiError("close_out_before_acceptance");
  if (status != "accepted") throw ApiError("invalid_transition", status + " -> closed", status + " → closed");
  require_city_desk(ctx, "city close-out", "市级销号");
  ctx.emit("hazard.closed_out", id, {{"note", note}});
  return {{"id", id}, {"status", "closed"}};
}

}  // namespace

std::string accepting_unit(OpContext& ctx, const json& hazard) {
  std::string cur = hazard["unit_id"].is_string() ? hazard["unit_id"].get<std::string>() : "";
  for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
    auto u = ctx.store().query_one("SELECT kind, parent_id FROM units WHERE id = ?", {cur});
    if (u.is_null()) break;
    if (u["kind"] == "county") return cur;
    cur = u["parent_id"].is_string() ? u["parent_id"].get<std::string>() : "";
  }
  return "city";
}

void require_county_acceptance_desk(OpContext& ctx, const json& hazard) {
  if (unrestricted(ctx.actor())) return;
  if (ctx.actor().unit_id != accepting_unit(ctx, hazard)) throw ApiError("acceptance_not_county_desk");
}

void register_closeout_ops(domain::OpRegistry& r) { r.add("hazard.close_out", hazard_close_out); }

}  // namespace lifeline::supplies
