// Incidents: open, update facts, set the response level, move through the status lifecycle.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/domain/places.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

constexpr int64_t kMaxPeople = 10'000'000;
constexpr int64_t kMaxYuan = 1'000'000'000'000;

json read_casualties(BodyReader r) {
  // A figure sent as null is a number that did not read (三 in a numeric field), not a zero.
  static const std::pair<const char*, const char*> kFigures[] = {{"dead", "死亡"}, {"missing", "失踪"}, {"injured", "受伤"}};
  for (const auto& [k, zh] : kFigures)
    if (r.given_as_null(k)) throw ApiError("bad_field", r.path(k) + " must be a whole number", std::string(zh) + "人数须为整数");
  json c = {{"dead", r.opt_integer("dead", 0, kMaxPeople).value_or(0)},
            {"missing", r.opt_integer("missing", 0, kMaxPeople).value_or(0)},
            {"injured", r.opt_integer("injured", 0, kMaxPeople).value_or(0)}};
  r.finish();
  return c;
}

// A place named but not located (港口镇渔港): the gazetteer's coordinates when one place fits,
// stored in the event with the name as typed; what it was located as, or null.
json locate(json& place) {
  if (place.contains("lat") || !place.contains("name") || !place["name"].is_string()) return nullptr;
  auto found = locate_place(place["name"].get<std::string>());
  if (!found) return nullptr;
  place["lat"] = found->lat;
  place["lon"] = found->lon;
  return {{"place_id", found->id}, {"name", found->name}};
}

json incident_create(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto type = r.one_of("type", enums().incident_types);
  auto title = r.str("title", 120);
  auto place = read_place(r.object("place"));
  auto located = locate(place);
  auto unit_id = r.opt_str("unit_id", 64).value_or(ctx.actor().unit_id);
  auto casualties = r.has("casualties") ? read_casualties(r.object("casualties"))
                                        : json{{"dead", 0}, {"missing", 0}, {"injured", 0}};
  if (r.given_as_null("losses_yuan")) throw ApiError("bad_field", "body.losses_yuan must be a whole number", "直接经济损失须为整数（元）");
  auto losses = r.opt_integer("losses_yuan", 0, kMaxYuan).value_or(0);
  auto hazmat = r.opt_boolean("hazmat").value_or(false);
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  r.finish();
  ctx.must_find("units", unit_id);
  ctx.require_scope(unit_id);
  if (!ctx.store().query_one("SELECT id FROM incidents WHERE id = ?", {id}).is_null())
    throw ApiError("conflict", "incident " + id);
  // Human number INC-YYYY-NNNN, counted per year (local year would differ only around midnight UTC+8).
  std::string year = format_rfc3339_ms(ctx.now()).substr(0, 4);
  std::string counter = "incident:" + year;
  auto row = ctx.store().query_one("SELECT value FROM counters WHERE name = ?", {counter});
  int64_t next = row.is_null() ? 1 : row["value"].get<int64_t>() + 1;
  char number[32];
  std::snprintf(number, sizeof number, "INC-%s-%04lld", year.c_str(), static_cast<long long>(next));
  ctx.emit("incident.created", id,
           {{"number", number}, {"type", type}, {"title", title}, {"place", place}, {"unit_id", unit_id},
            {"casualties", casualties}, {"losses_yuan", losses}, {"hazmat", hazmat}, {"counter", counter}, {"counter_value", next}});
  json result = {{"id", id}, {"number", number}};
  if (!located.is_null()) result["located"] = located;
  return result;
}

json incident_update(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  json changes = json::object();
  if (auto v = r.opt_str("title", 120)) changes["title"] = *v;
  if (auto v = r.opt_one_of("type", enums().incident_types)) changes["type"] = *v;
  json located;
  if (auto p = r.opt_object("place")) {
    changes["place"] = read_place(*p);
    located = locate(changes["place"]);
  }
  if (auto c = r.opt_object("casualties")) changes["casualties"] = read_casualties(*c);
  if (r.given_as_null("losses_yuan")) throw ApiError("bad_field", "body.losses_yuan must be a whole number", "直接经济损失须为整数（元）");
  if (auto v = r.opt_integer("losses_yuan", 0, kMaxYuan)) changes["losses_yuan"] = *v;
  if (auto v = r.opt_boolean("hazmat")) changes["hazmat"] = *v;
  r.finish();
  auto inc = ctx.must_find("incidents", id);
  ctx.require_scope(inc["unit_id"]);
  if (changes.empty()) throw ApiError("missing_field", "nothing to change", "没有要修改的字段");
  if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
  // Casualties only rise or get corrected with a reason? Keep it simple and auditable: the event
  // records before and after so the timeline shows the correction.
  json before = json::object();
  for (auto& [k, v] : changes.items()) {
    if (k == "casualties")
      before[k] = {{"dead", inc["dead"]}, {"missing", inc["missing"]}, {"injured", inc["injured"]}};
    else if (k == "place")
      before[k] = {{"name", inc["place_name"]}};
    else if (k == "hazmat")
      before[k] = inc[k].get<int64_t>() != 0;
    else
      before[k] = inc[k];
  }
  ctx.emit("incident.updated", id, {{"changes", changes}, {"before", before}});
  json result = {{"id", id}};
  if (!located.is_null()) result["located"] = located;
  return result;
}

json incident_set_level(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto level = r.integer("level", 1, 4);
  auto reason = r.str("reason", 200);
  auto rule = r.opt_str("rule", 64);
  r.finish();
  auto inc = ctx.must_find("incidents", id);
  ctx.require_scope(inc["unit_id"]);
  if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
  // Levels I and II need the commander (bureau head); III and IV the duty leader or above.
  if (level <= 2 && ctx.actor().role != "commander")
    throw ApiError("approval_required", "level I/II is approved by the commander", "I/II 级响应须由局长（指挥长）批准");
  if (!inc["level"].is_null() && inc["level"] == level)
    throw ApiError("invalid_transition", "level is already " + std::to_string(level), "响应级别未变化");
  json ev = {{"level", level}, {"reason", reason}, {"approved_by", ctx.actor().ref()},
             {"previous", inc["level"]}};
  if (rule) ev["rule"] = *rule;
  ctx.emit("incident.level_set", id, ev);
  return {{"id", id}, {"level", level}};
}

json incident_set_status(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto to = r.one_of("status", enums().incident_status);
  auto reason = r.opt_str("reason", 200).value_or("");
  r.finish();
  auto inc = ctx.must_find("incidents", id);
  ctx.require_scope(inc["unit_id"]);
  std::string from = inc["status"];
  if (!enums().incident_transition_ok(from, to))
    throw ApiError("invalid_transition", from + " -> " + to, from + " → " + to);
  ctx.emit("incident.status_changed", id, {{"from", from}, {"to", to}, {"reason", reason}});
  return {{"id", id}, {"status", to}};
}

json incident_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto inc = ctx.must_find("incidents", id);
  auto timeline = ctx.store().query("SELECT seq, at, actor, kind, summary FROM timeline WHERE incident_id = ? ORDER BY seq", {id});
  for (auto& t : timeline) {
    t["summary"] = json::parse(t["summary"].get<std::string>());
    // The person who approved a level, by name: the timeline keeps the address, people read names.
    auto& s = t["summary"];
    if (s.is_object() && s.contains("approved_by") && s["approved_by"].is_string() && !s.contains("approved_by_name")) {
      const auto who = s["approved_by"].get<std::string>();
      if (who.rfind("user:", 0) == 0) {
        auto u = ctx.store().query_one("SELECT display_name FROM users WHERE id = ?", {who.substr(5)});
        if (!u.is_null()) s["approved_by_name"] = u["display_name"];
      }
    }
  }
  return {{"incident", inc},
          {"timeline", timeline},
          {"tasks", ctx.readable("task", ctx.store().query("SELECT * FROM tasks WHERE incident_id = ? ORDER BY created_at", {id}))}};
}

json incident_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto status = r.opt_one_of("status", enums().incident_status);
  auto open_only = r.opt_boolean("open").value_or(false);
  auto page_request = read_page_request(r);
  r.finish();
  PageQuery q;
  q.table = "incidents";
  q.order_by = "created_at";
  q.scope_kind = "incident";
  if (status) q.where = "status = ?", q.params.push_back(*status);
  else if (open_only) q.where = "status <> 'closed'";
  auto page = read_page(ctx, q, page_request);
  return {{"incidents", std::move(page.rows)}, {"next_cursor", page.next_cursor}};
}

}  // namespace

void register_incident_ops(OpRegistry& r) {
  r.add("incident.create", incident_create);
  r.add("incident.update", incident_update);
  r.add("incident.set_level", incident_set_level);
  r.add("incident.set_status", incident_set_status);
  r.add("incident.get", incident_get, false);
  r.add("incident.list", incident_list, false);
}

}  // namespace lifeline::domain
