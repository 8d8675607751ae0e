// Release orders (调拨): ordered by the centre for an incident, approved by the depot tier's
// commander, picked FIFO by expiry (stock is reserved when the order is accepted, so concurrent
// orders can never oversell), then departure and arrival against the tier's legal time limit.
#include <algorithm>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;

// Seed 000 §5: city stock leaves within 2 h of the order, county (and township) stock within 1 h;
// forward points deliver within 1 h of the disaster (release_order starts that hour at the incident).
struct TierLimit {
  const char* kind;
  int64_t ms;
};
TierLimit tier_limit(const std::string& tier) {
  if (tier == "city") return {"supply.dispatch", 2 * kHour};
  if (tier == "forward") return {"supply.delivery", 1 * kHour};
  return {"supply.dispatch", 1 * kHour};
}

// The unit whose bureau director approves: the depot's own city or county (a township stock point
// or forward point answers to its county).
std::string approving_unit(OpContext& ctx, std::string unit_id) {
  for (int depth = 0; depth < 16 && !unit_id.empty(); ++depth) {
    auto u = ctx.store().query_one("SELECT kind, parent_id FROM units WHERE id = ?", {unit_id});
    if (u.is_null()) break;
    if (u["kind"] == "city" || u["kind"] == "county") return unit_id;
    unit_id = u["parent_id"].is_null() ? "" : u["parent_id"].get<std::string>();
  }
  throw ApiError("not_found", "no city or county above the depot", "储备库无上级市县单位");
}

std::string approving_unit_or_empty(OpContext& ctx, const std::string& unit_id) {
  try {
    return approving_unit(ctx, unit_id);
  } catch (const ApiError&) {
    return {};
  }
}

json release_order(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  auto depot_id = r.str("depot_id", 64);
  auto incident_id = r.opt_id("incident_id");
  auto destination = r.str("destination", 200);
  auto team_id = r.opt_str("team_id", 64);
  bool split = r.opt_boolean("split").value_or(false);
  const auto& lines_in = r.array("lines", 50);
  r.finish();
  if (lines_in.empty()) throw ApiError("bad_field", "body.lines is empty", "调拨清单为空");
  auto depot = ctx.must_find("depots", depot_id);
  if (!ctx.store().query_one("SELECT id FROM release_orders WHERE id = ?", {id}).is_null())
    throw ApiError("conflict", "release order " + id);
  if (incident_id) {
    auto inc = ctx.must_find("incidents", *incident_id);
    if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
  }
  if (team_id) ctx.must_find("teams", *team_id);
  auto approver = approving_unit(ctx, depot["unit_id"]);  // refuses a depot nobody can approve for

  json lines = json::array(), picks = json::array(), shortages = json::array();
  std::set<std::string> seen;
  for (size_t i = 0; i < lines_in.size(); ++i) {
    BodyReader lr(lines_in[i], "body.lines[" + std::to_string(i) + "]");
    auto item = lr.str("item", 64);
    auto qty = lr.integer("qty", 1, 1000000000);
    lr.finish();
    if (!seen.insert(item).second) throw ApiError("bad_field", "body.lines lists " + item + " twice", "清单重复: " + item);
    if (ctx.store().query_one("SELECT id FROM items WHERE id = ?", {item}).is_null())
      throw ApiError("not_found", "item " + item, "未知物资 " + item);
    // FIFO: the earliest expiry leaves first; batches that do not expire go last.
    auto batches = ctx.store().query(
        "SELECT batch, qty, expires_on FROM stock WHERE depot_id = ? AND item = ? AND qty > 0 "
        "ORDER BY expires_on IS NULL, expires_on, received_at, batch",
        {depot_id, item});
    int64_t want = qty, picked = 0;
    for (const auto& b : batches) {
      if (want == 0) break;
      int64_t take = std::min<int64_t>(want, b["qty"].get<int64_t>());
      picks.push_back({{"item", item}, {"batch", b["batch"]}, {"qty", take}, {"expires_on", b["expires_on"]}});
      want -= take;
      picked += take;
    }
    if (want > 0) {
      if (!split)
        throw ApiError("insufficient_stock",
                       item + ": asked " + std::to_string(qty) + ", depot holds " + std::to_string(picked),
                       item + "：申请 " + std::to_string(qty) + "，库存仅 " + std::to_string(picked));
      shortages.push_back({{"item", item}, {"qty", want}});
    }
    lines.push_back({{"item", item}, {"qty", qty}, {"picked", picked}});
  }
  if (picks.empty()) throw ApiError("insufficient_stock", "the depot holds none of the items", "储备库无所需物资");
  json ev = {{"depot_id", depot_id}, {"destination", destination}, {"lines", lines}, {"picks", picks}};
  if (incident_id) ev["incident_id"] = *incident_id;
  if (team_id) ev["team_id"] = *team_id;
  ctx.emit("release.ordered", id, ev);
  // A batch emptied by the order needs no rotation any more.
  for (const auto& p : picks) {
    std::string key = depot_id + "/" + p["item"].get<std::string>() + "/" + p["batch"].get<std::string>();
    auto left = ctx.store().query_one("SELECT qty FROM stock WHERE depot_id = ? AND item = ? AND batch = ?",
                                      {depot_id, p["item"], p["batch"]});
    if (!left.is_null() && left["qty"] == 0) deadlines::meet(ctx, "stock.rotation", key);
  }
  auto limit = tier_limit(depot["tier"]);
  deadlines::DeadlineSpec s;
  s.kind = limit.kind;
  s.subject = id;
  std::string name = depot["name"], name_en = depot["name_en"];
  bool delivery = std::string(limit.kind) == "supply.delivery";
  s.title_zh = name + (delivery ? (incident_id ? " 灾后1小时内送达" : " 物资送达时限") : " 物资出库时限");
  s.title_en = (name_en.empty() ? name : name_en) +
               (delivery ? (incident_id ? ": deliver within 1 h of the disaster" : ": deliver supplies") : ": supplies leave the depot");
  s.due_at = ctx.now() + limit.ms;
  // A forward point's hour runs from the disaster, i.e. from when the incident was opened; an order
  // that names no incident has only itself to count from.
  if (delivery && incident_id)
    s.due_at = ctx.must_find("incidents", *incident_id)["created_at"].get<int64_t>() + limit.ms;
  deadlines::open(ctx, s);
  return {{"id", id}, {"status", "ordered"}, {"picks", picks}, {"shortages", shortages}, {"due_at", s.due_at},
          {"approver_unit", approver}};
}

json order_of(OpContext& ctx, const std::string& id) { return ctx.must_find("release_orders", id); }

void require_status(const json& order, const char* status, const char* to) {
  if (order["status"] != status)
    throw ApiError("invalid_transition", order["status"].get<std::string>() + " -> " + to,
                   order["status"].get<std::string>() + " → " + to);
}

json release_approve(domain::OpRegistry& registry, OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto order = order_of(ctx, id);
  auto depot = ctx.must_find("depots", order["depot_id"]);
  auto unit = approving_unit(ctx, depot["unit_id"]);
  if (ctx.actor().role != "commander" || ctx.actor().unit_id != unit) {
    // Said with the unit's name: the message is read by people.
    auto u = ctx.store().query_one("SELECT name, name_en FROM units WHERE id = ?", {unit});
    auto zh = u.is_null() ? unit : u["name"].get<std::string>();
    auto en = u.is_null() || u["name_en"].get<std::string>().empty() ? zh : u["name_en"].get<std::string>();
    throw ApiError("forbidden", "releases from this depot are approved by the commander of " + en,
                   "该库物资须由" + zh + "指挥长审批");
  }
  require_status(order, "ordered", "approved");
  json ev = json::object();
  json result = {{"id", id}, {"status", "approved"}};
  if (!order["team_id"].is_null()) {
    // The released goods become a task for the transport team (and, when the bus is installed, an order to it).
    json task = {{"team_id", order["team_id"]}, {"what", "deliver"},
                 {"note", "调拨 " + id.substr(id.size() - 8) + " → " + order["destination"].get<std::string>()},
                 {"place", {{"name", order["destination"]}}}};
    if (!order["incident_id"].is_null()) task["incident_id"] = order["incident_id"];
    auto made = registry.find("task.assign")->handler(ctx, task);
    ev["task_id"] = made["id"];
    result["task_id"] = made["id"];
  }
  ctx.emit("release.approved", id, ev);
  return result;
}

json release_depart(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto order = order_of(ctx, id);
  auto depot = ctx.must_find("depots", order["depot_id"]);
  ctx.require_scope(depot["unit_id"]);
  if (order["status"] == "ordered")
    throw ApiError("approval_required", "release " + id + " has not been approved", "调拨单未经审批，不能出库");
  require_status(order, "approved", "departed");
  ctx.emit("release.departed", id, json::object());
  deadlines::meet(ctx, "supply.dispatch", id);
  return {{"id", id}, {"status", "departed"}};
}

json release_arrive(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto order = order_of(ctx, id);
  require_status(order, "departed", "arrived");
  ctx.emit("release.arrived", id, json::object());
  deadlines::meet(ctx, "supply.delivery", id);
  return {{"id", id}, {"status", "arrived"}};
}

json release_cancel(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto reason = r.str("reason", 200);
  r.finish();
  auto order = order_of(ctx, id);
  if (order["status"] != "ordered" && order["status"] != "approved")
    throw ApiError("invalid_transition", order["status"].get<std::string>() + " -> cancelled");
  ctx.emit("release.cancelled", id, {{"reason", reason}});
  deadlines::cancel_all(ctx, id);
  return {{"id", id}, {"status", "cancelled"}};
}

json release_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto status = r.opt_one_of("status", {"ordered", "approved", "departed", "arrived", "cancelled"});
  auto depot_id = r.opt_str("depot_id", 64);
  // 待我审批: orders still waiting for the caller's own approval (a commander of the approving unit).
  bool awaiting_mine = r.opt_boolean("awaiting_my_approval").value_or(false);
  auto page_request = domain::read_page_request(r);
  r.finish();
  domain::PageQuery q;
  q.table = "release_orders";
  q.order_by = "created_at";
  q.scope_kind = "release";
  if (status) q.where += " AND status = ?", q.params.push_back(*status);
  if (depot_id) q.where += " AND depot_id = ?", q.params.push_back(*depot_id);
  if (awaiting_mine) {
    q.where += " AND status = 'ordered' AND depot_id IN (SELECT value FROM json_each(?))";
    json mine = json::array();
    if (ctx.actor().role == "commander")
      for (const auto& d : ctx.store().query("SELECT id, unit_id FROM depots"))
        if (approving_unit_or_empty(ctx, d["unit_id"]) == ctx.actor().unit_id) mine.push_back(d["id"]);
    q.params.push_back(mine.dump());
  }
  auto page = domain::read_page(ctx, q, page_request);
  for (auto& o : page.rows) {
    o["lines"] = json::parse(o["lines"].get<std::string>());
    o["picks"] = json::parse(o["picks"].get<std::string>());
    // By name: a township's desk sees the city depot that serves it but may not list that depot.
    auto depot = ctx.store().query_one("SELECT name, name_en FROM depots WHERE id = ?", {o["depot_id"]});
    o["depot_name"] = depot.is_null() ? json("") : depot["name"];
    o["depot_name_en"] = depot.is_null() ? json("") : depot["name_en"];
  }
  return {{"orders", std::move(page.rows)}, {"next_cursor", page.next_cursor}};
}

}  // namespace

void register_release_ops(domain::OpRegistry& r) {
  r.add("release.order", release_order);
  r.add("release.approve", [&r](OpContext& ctx, const json& body) { return release_approve(r, ctx, body); });
  r.add("release.depart", release_depart);
  r.add("release.arrive", release_arrive);
  r.add("release.cancel", release_cancel);
  r.add("release.list", release_list, false);
}

}  // namespace lifeline::supplies
