// Warnings as state: a CAP message imported becomes warning.issued, .updated or .cancelled (the CAP
// msgType and references decide which warning it changes), then the rules run in the same operation.
#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/gazetteer.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/warnings/cap_documents.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"
#include "module_parts.hpp"
#include "xml_utf8.hpp"

namespace lifeline::warnings {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

// The warning an Update or Cancel refers to: the latest referenced message we hold.
json referenced_warning(OpContext& ctx, const cap::Warning& w) {
  json found;
  for (const auto& ref : w.references) {
    auto comma = ref.find(',');
    auto comma2 = ref.find(',', comma == std::string::npos ? comma : comma + 1);
    if (comma == std::string::npos || comma2 == std::string::npos) continue;
    auto row = ctx.store().query_one(
        "SELECT w.* FROM cap_messages m JOIN warnings w ON w.id = m.warning_id WHERE m.sender = ? AND m.identifier = ?",
        {ref.substr(0, comma), ref.substr(comma + 1, comma2 - comma - 1)});
    if (!row.is_null()) found = row;
  }
  return found;
}

std::string headline(const cap::Warning& w, const char* lang) {
  for (const auto& i : w.infos)
    if (i.language.rfind(lang, 0) == 0 && !i.headline.empty()) return i.headline;
  return "";
}

// Rules act on real warnings: Actual ones in live, Actual or Exercise ones in a drill. Test, Draft
// and System messages are recorded and nothing more.
bool rules_apply(const OpContext& ctx, const cap::Warning& w) {
  if (w.status == "Actual") return true;
  return w.status == "Exercise" && ctx.realm() != "live";
}

json warning_import(OpContext& ctx, const domain::OpRegistry& ops, rules::RulesHolder& holder, const json& body) {
  BodyReader r(body);
  auto xml = r.str("xml", 2 * cap::kDefaultMaxBytes);  // import_cap names the real limit (cap_too_large)
  r.finish();
  auto w = cap::import_cap(xml);
  if (w.msg_type == "Ack" || w.msg_type == "Error")
    throw ApiError("cap_invalid", "msgType " + w.msg_type + " carries no warning", "msgType " + w.msg_type + " 不是预警");
  auto prev = w.references.empty() ? json() : referenced_warning(ctx, w);
  // A Cancel often has no <info>: it names no department of its own (only its <sender> address)
  // and the warning keeps what it was, its department included.
  const bool keep = w.infos.empty() && !prev.is_null();
  if (!keep) require_own_department(ctx, w.department);
  // An Update or Cancel in one's own name still may not change another department's warning.
  if (!prev.is_null()) require_own_department(ctx, prev["department"].get<std::string>());
  // The same message again (a retry, a second channel): nothing changes.
  auto seen = ctx.store().query_one("SELECT warning_id FROM cap_messages WHERE sender = ? AND identifier = ?",
                                    {w.sender, w.identifier});
  if (!seen.is_null()) return {{"id", seen["warning_id"]}, {"duplicate", true}};

  std::string id = prev.is_null() ? uuid7_string(ctx.now()) : prev["id"].get<std::string>();
  std::string change;
  if (w.msg_type == "Cancel") change = "cancelled";
  else if (prev.is_null() || prev["status"] == "cancelled") change = "issued";
  else if (cap::colour_rank(w.colour) > cap::colour_rank(prev["colour"].get<std::string>())) change = "upgraded";
  else change = "updated";

  json areas = json::array(), townships = json::array();
  for (const auto& a : w.areas) areas.push_back(a.desc);
  for (const auto& m : cap::Gazetteer::builtin().match(w.areas)) townships.push_back({{"township_id", m.township_id}, {"how", m.how}});
  json ev = {{"cap",
              {{"identifier", w.identifier}, {"sender", w.sender}, {"sent", w.sent}, {"status", w.status},
               {"scope", w.scope}, {"msg_type", w.msg_type}, {"references", w.references}}},
             {"change", change},
             {"department", keep ? prev["department"].get<std::string>() : w.department},
             {"type", keep ? prev["type"].get<std::string>() : w.type},
             {"colour", keep ? prev["colour"].get<std::string>() : w.colour},
             {"headline_zh", keep ? prev["headline_zh"].get<std::string>() : headline(w, "zh")},
             {"headline_en", keep ? prev["headline_en"].get<std::string>() : headline(w, "en")},
             {"areas", keep ? json::parse(prev["areas"].get<std::string>()) : areas},
             {"townships", keep ? json::parse(prev["townships"].get<std::string>()) : townships},
             {"xml", xml_as_utf8(xml)}};
  if (w.onset) ev["onset"] = *w.onset;
  if (w.expires) ev["expires"] = *w.expires;
  const char* kind = change == "cancelled" ? "warning.cancelled" : change == "issued" ? "warning.issued" : "warning.updated";
  ctx.emit(kind, id, ev);

  // A cancelled warning needs no consultation any more, and holds the duty level up no longer.
  if (change == "cancelled") {
    deadlines::cancel_all(ctx, id);
    release_duty_level(ctx, id, "warning cancelled");
  }
  // A downgrade (red → orange) holds the duty level up only as far as the new colour asks: the
  // raises of the old colour are released and those the new colour's rules make are taken up.
  const bool downgraded = change == "updated" && !prev.is_null() &&
                          cap::colour_rank(ev["colour"].get<std::string>()) < cap::colour_rank(prev["colour"].get<std::string>());
  if (downgraded && release_duty_level(ctx, id, "warning downgraded") > 0 && rules_apply(ctx, w)) {
    rules::Trigger t;
    t.kind = rules::TriggerKind::warning;
    t.subject = id;
    t.warning_type = ev["type"];
    t.colour = ev["colour"];
    t.change = "upgraded";  // what the rules of the new colour would have held, had it come first
    std::vector<rules::Action> raises;
    for (auto& a : holder.current()->evaluate(t, {}))
      if (a.kind == rules::ActionKind::raise_duty_level) raises.push_back(std::move(a));
    apply_actions(ctx, ops, raises, {"warning", id});
  }
  if (change != "updated" && rules_apply(ctx, w)) {
    rules::Trigger t;
    t.kind = rules::TriggerKind::warning;
    t.subject = id;
    t.warning_type = ev["type"];
    t.colour = ev["colour"];
    t.change = change;
    rules::Facts f;
    f.incident_type = t.warning_type;
    auto level = ctx.store().query_one("SELECT response_level FROM warnings WHERE id = ?", {id});
    f.current_level = level["response_level"].is_null() ? 0 : level["response_level"].get<int>();
    apply_actions(ctx, ops, holder.current()->evaluate(t, f), {"warning", id});
  }
  return {{"id", id}, {"change", change}, {"townships", ev["townships"]}, {"duplicate", false}};
}

json view(json row) {
  for (const char* k : {"areas", "townships"}) row[k] = json::parse(row[k].get<std::string>());
  return row;
}

json warning_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto status = r.opt_one_of("status", {"active", "cancelled", "all"}).value_or("active");
  auto page_request = domain::read_page_request(r);
  r.finish();
  domain::PageQuery q;
  q.table = "warnings";
  q.order_by = "updated_at";  // the latest change first (a page boundary may move when a warning changes)
  q.scope_kind = "warning";
  if (status != "all") q.where = "status = ?", q.params.push_back(status);
  auto page = domain::read_page(ctx, q, page_request);
  json out = json::array();
  for (auto& w : page.rows) out.push_back(view(w));
  return {{"warnings", out}, {"next_cursor", page.next_cursor}};
}

json warning_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto w = view(ctx.must_find("warnings", id));
  auto& s = ctx.store();
  auto fired = s.query("SELECT seq, at, rule, action, matched, detail FROM rule_firings WHERE subject = ? ORDER BY seq", {id});
  for (auto& f : fired) f["detail"] = json::parse(f["detail"].get<std::string>());
  auto dl = s.query("SELECT id, kind, subject, title_zh, title_en, due_at, status, escalation_level, met_at FROM deadlines "
                    "WHERE subject = ? ORDER BY due_at", {id});
  return {{"warning", w},
          {"messages", s.query("SELECT sender, identifier, sent, msg_type, received_at, received_by FROM cap_messages "
                               "WHERE warning_id = ? ORDER BY received_at, sent", {id})},
          {"proposals", proposals_of(ctx, id, w["response_level"], w["status"] == "active")},
          {"rules_fired", fired},
          {"deadlines", dl},
          // What a consultation held for this warning meets: deadlines::meet(kind, subject).
          {"consultation", {{"kind", "consultation.convene"}, {"subject", id}}}};
}

// The incident's public notice as CAP 1.2 (status Exercise in a drill): what GET
// /api/cap/incident/<id>.xml serves to a logged-in user whose scope holds the incident.
json incident_cap(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto xml = incident_cap_xml(ctx.store(), id, ctx.realm() != "live");
  if (!xml) throw ApiError("not_found", id);
  return {{"xml", *xml}};
}

}  // namespace

void register_warning_ops(domain::OpRegistry& ops, rules::RulesHolder& holder) {
  ops.add("warning.import", [&ops, &holder](OpContext& ctx, const json& body) { return warning_import(ctx, ops, holder, body); });
  ops.add("warning.list", warning_list, false);
  ops.add("warning.get", warning_get, false);
  ops.add("incident.cap", incident_cap, false);
}

}  // namespace lifeline::warnings
