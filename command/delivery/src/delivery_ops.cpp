// The bus's operations: send, ack, delivery receipts, link status, groups.
#include <map>

#include "lifeline/api_error.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"

namespace lifeline::delivery {

using nlohmann::json;

namespace {
// The address a user sends as and is reached at: team roles act for their team.
// The sender address of a request's actor. The server's own notices (deadline escalations, rule
// notices, reminders) come from `role:system` (schema/bus.md §1), never from an empty `user:`.
std::string own_address(const domain::Actor& a) {
  if (a.is_team_role()) return "team:" + a.unit_id;  // a handheld on a thin link acts for its team too
  if (!a.peer.empty() && a.role == "department") return "dept:" + a.unit_id;  // a partner system speaks for its department
  return a.user_id.empty() ? "role:system" : "user:" + a.user_id;
}
}  // namespace

bool DeliveryService::team_may_correlate(domain::OpContext& ctx, const std::string& team, const std::string& id) {
  // A team's message may name its own task, or an incident it has a task on: that is where the
  // desk will file it (journal, 现场报告); another team's work is not its to speak about.
  return !ctx.store().query_one("SELECT id FROM tasks WHERE team_id = ? AND (id = ? OR incident_id = ?) LIMIT 1", {team, id, id}).is_null();
}

std::vector<std::string> DeliveryService::expand(domain::OpContext& ctx, const std::vector<std::string>& to) {
  auto& s = ctx.store();
  auto& live = engine_.live();
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& r) {
    if (seen.insert(r).second) out.push_back(r);
  };
  std::function<void(const std::string&, int)> one = [&](const std::string& a, int depth) {
    auto colon = a.find(':');
    std::string kind = a.substr(0, colon), id = colon == std::string::npos ? "" : a.substr(colon + 1);
    if (a == "all") {
      for (const auto& t : s.query("SELECT id FROM teams")) add("team:" + t["id"].get<std::string>());
    } else if (kind == "team") {
      if (s.query_one("SELECT id FROM teams WHERE id = ?", {id}).is_null()) throw ApiError("unknown_recipient", a);
      add(a);
    } else if (kind == "user") {
      if (live.query_one("SELECT id FROM users WHERE id = ? AND active = 1", {id}).is_null()) throw ApiError("unknown_recipient", a);
      add(a);
    } else if (kind == "role") {
      auto users = live.query("SELECT id FROM users WHERE role = ? AND active = 1", {id});
      if (users.empty()) throw ApiError("unknown_recipient", a);
      for (const auto& u : users) add("user:" + u["id"].get<std::string>());
    } else if (kind == "dept") {
      auto users = live.query("SELECT id FROM users WHERE unit_id = ? AND role = 'department' AND active = 1", {id});
      if (users.empty()) throw ApiError("unknown_recipient", a);
      for (const auto& u : users) add("user:" + u["id"].get<std::string>());
    } else if (kind == "group") {
      auto row = s.query_one("SELECT members FROM groups WHERE name = ?", {id});
      if (row.is_null() || depth > 2) throw ApiError("unknown_recipient", a);
      for (const auto& m : json::parse(row["members"].get<std::string>())) one(m.get<std::string>(), depth + 1);
    } else {
      throw ApiError("unknown_recipient", a);
    }
  };
  for (const auto& a : to) one(a, 0);
  return out;
}

std::vector<std::string> DeliveryService::drill_participants_only(domain::OpContext& ctx, const std::vector<std::string>& recipients,
                                                                   std::vector<std::string>& outside) {
  std::set<std::string> units;
  for (const auto& r : ctx.store().query("SELECT unit_id FROM drill_participants")) units.insert(r["unit_id"]);
  std::vector<std::string> kept;
  for (const auto& r : recipients) {
    bool in = false;
    if (r.rfind("team:", 0) == 0) {
      in = units.count(r.substr(5)) > 0;
    } else if (r.rfind("user:", 0) == 0) {
      auto u = engine_.live().query_one("SELECT role, unit_id FROM users WHERE id = ?", {r.substr(5)});
      // The drill's director and the admin run the exercise: they are in every drill.
      in = !u.is_null() && (units.count(u["unit_id"].get<std::string>()) || u["role"] == "drill_director" || u["role"] == "admin");
    }
    (in ? kept : outside).push_back(r);
  }
  return kept;
}

json DeliveryService::op_send(domain::OpContext& ctx, const json& body) {
  auto env = bus::parse_envelope(body, ctx.now(), options_.limits);
  std::string self = own_address(ctx.actor());
  if (env.from.empty()) env.from = self;
  if (env.from != self && (ctx.actor().user_id.empty() || env.from != "user:" + ctx.actor().user_id))
    throw ApiError("forged_sender", env.from);
  if (env.realm != ctx.realm()) throw ApiError("bad_field", "envelope.realm differs from the request's realm");
  if (ctx.actor().is_team_role() && !env.correlation_id.empty() && !team_may_correlate(ctx, ctx.actor().unit_id, env.correlation_id))
    throw ApiError("out_of_scope", "correlation_id: not a task of this team or an incident it works on",
                   "correlation_id：不是本队的任务，也不是本队参与处置的事件");
  // Replayed id: the first send was committed and acked already; the sender just lost the ack.
  auto existing = ctx.store().query_one("SELECT sender FROM messages WHERE id = ?", {env.id});
  if (!existing.is_null()) {
    if (existing["sender"] != env.from) throw ApiError("conflict", "message id in use");
    return {{"id", env.id}, {"duplicate", true}};
  }
  auto recipients = expand(ctx, env.to);
  if (ctx.realm() != "live") {
    // A drill's message reaches its participants only (drills.md "Participants"): a person
    // addressing only outsiders is told so; the system (rules, injects) just leaves them out.
    std::vector<std::string> outside;
    recipients = drill_participants_only(ctx, recipients, outside);
    if (recipients.empty() && !outside.empty()) {
      if (!ctx.actor().user_id.empty())
        throw ApiError("not_participant", "not in this drill: " + outside.front() + (outside.size() > 1 ? " and others" : ""),
                       "请先将其加入演练");
      return {{"id", env.id}, {"recipients", 0}, {"not_participants", outside.size()}};
    }
  }
  auto envelope = env.to_json();
  json deliveries = json::array();
  std::vector<Pending> routed;
  bool all_too_large = true;
  auto thin = thin_sizes(envelope);
  auto text = std::make_shared<const std::string>(envelope.dump());  // once, whatever the number of recipients
  for (const auto& r : recipients) routed.push_back(pending_from(envelope, r, ctx.realm(), text, thin));
  // Refuse up front what no live link of any recipient could carry: nothing is stored then.
  std::string why;  // the encoded size against each live link's limit, for the refusal
  for (auto& p : routed) {
    auto rungs = ladder(p.recipient, ctx.now(), ctx.realm());
    auto choice = bus::choose_rung(
        rungs, static_cast<bus::Precedence>(p.precedence), [&](const std::string& c) { return size_on(p, c); },
        options_.profiles, options_.cost);
    if (choice.rung || choice.reason != "too_large_for_link") all_too_large = false;
    if (all_too_large && why.empty())  // only a refusal needs the sizes on every live link
      for (const auto& r : rungs) {
        const auto* prof = options_.profiles.find(r.channel);
        if (r.health == bus::Health::down || !prof) continue;
        size_t n = size_on(p, r.channel);
        why += (why.empty() ? "" : "; ") + r.channel + ": " +
               (n == SIZE_MAX ? "not encodable (over 16 fragments, or text over 1 KiB)" : std::to_string(n) + " bytes encoded") +
               ", limit " + std::to_string(prof->max_bytes);
      }
  }
  if (all_too_large && !routed.empty()) throw ApiError("too_large_for_link", why);
  // Latest wins for positions and status, and under a collapse key (bus.md §3): the same sender's
  // older undelivered ones to the same recipients are superseded.
  if (bus::coalesces(env.kind) || !env.collapse_key.empty()) {
    const auto same = [&](const Pending& p) {
      return env.collapse_key.empty() ? p.kind == env.kind : p.collapse_key == env.collapse_key;
    };
    for (auto& [key, p] : pending_)
      if (p.sender == env.from && same(p) && p.realm == ctx.realm() &&
          std::find(recipients.begin(), recipients.end(), p.recipient) != recipients.end()) {
        Pending copy = p;
        set_state(ctx, copy, "expired", "superseded by " + env.id);
      }
  }
  ctx.emit("bus.message_accepted", env.id,
           {{"envelope", envelope}, {"recipients", recipients}, {"precedence_rank", static_cast<int>(env.precedence)},
            {"created_ms", env.created}, {"expires_ms", env.expires}});
  for (auto& p : routed) {
    route(ctx, p, "new");
    deliveries.push_back({{"recipient", p.recipient}, {"state", p.state}, {"channel", p.channel}});
  }
  return {{"id", env.id}, {"recipients", recipients.size()}, {"deliveries", deliveries}};
}

std::string DeliveryService::apply_ack(domain::OpContext& ctx, const std::string& message_id, const std::string& recipient,
                                       const std::string& level, const std::string& answer, const std::string& reason) {
  auto row = ctx.store().query_one("SELECT * FROM deliveries WHERE message_id = ? AND recipient = ?", {message_id, recipient});
  if (row.is_null()) throw ApiError("not_found", "delivery of " + message_id + " to " + recipient);
  std::string state = row["state"];
  Pending p;
  p.message_id = message_id;
  p.recipient = recipient;
  p.state = state;
  if (level == "device") {
    // Duplicates (the device re-acks after a resend) change nothing; nor does an ack too late.
    if (state == "delivered" || state == "read" || state == "expired" || state == "failed") return state;
    set_state(ctx, p, "delivered", "device_ack", {{"receipt_channel", ctx.channel()}});
    order_received(ctx, message_id, recipient);
    return "delivered";
  }
  if (state == "read" || state == "failed") return state;
  json extra = {{"receipt_channel", ctx.channel()}};  // the way the receipt came, not the way the message went
  if (!answer.empty()) extra["answer"] = answer;
  set_state(ctx, p, "read", reason.empty() ? "human_ack" : reason, extra);
  if (state != "delivered") order_received(ctx, message_id, recipient);
  // An order's answer moves its task in the same transaction (DECISIONS "human answer").
  auto msg = ctx.store().query_one("SELECT kind, correlation_id FROM messages WHERE id = ?", {message_id});
  if (msg.is_null() || msg["kind"] != "order" || msg["correlation_id"] == "") return "read";
  auto task = ctx.store().query_one("SELECT * FROM tasks WHERE id = ?", {msg["correlation_id"]});
  if (task.is_null() || task["status"] != "ordered") return "read";
  if (answer == "accept")
    ctx.emit("task.status_changed", task["id"], {{"from", "ordered"}, {"to", "acknowledged"}, {"reason", ""}, {"team_id", task["team_id"]}});
  else if (answer == "reject")
    ctx.emit("task.status_changed", task["id"],
             {{"from", "ordered"}, {"to", "failed"}, {"reason", "rejected: " + reason}, {"team_id", task["team_id"]}, {"alert", true}});
  return "read";
}

json DeliveryService::op_ack(domain::OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto id = r.id("id");
  auto level = r.one_of("level", {"device", "human"});
  auto answer = r.opt_one_of("answer", {"accept", "reject"}).value_or("");
  auto reason = r.opt_str("reason", 200).value_or("");
  r.finish();
  if (answer == "reject" && reason.empty()) throw ApiError("missing_field", "body.reason (required with reject)");
  if (!answer.empty() && level != "human") throw ApiError("bad_field", "an answer comes with level human");
  std::string recipient = own_address(ctx.actor());
  // A user may also hold a personal delivery (user:ID) of the same message. A delivery still
  // pending in the index is committed, so its row exists: no need to ask the store.
  if (!pending_.count({id, recipient}) &&
      ctx.store().query_one("SELECT 1 AS x FROM deliveries WHERE message_id = ? AND recipient = ?", {id, recipient}).is_null())
    recipient = "user:" + ctx.actor().user_id;
  return {{"id", id}, {"recipient", recipient}, {"state", apply_ack(ctx, id, recipient, level, answer, reason)}};
}

std::string DeliveryService::realm_holding(const char* table, const std::string& id) {
  auto holds = [&](store::RealmStore& store) {
    return !store.query_one(std::string("SELECT 1 AS x FROM ") + table + " WHERE id = ?", {id}).is_null();
  };
  if (holds(engine_.live())) return "live";  // one primary-key lookup
  for (const auto& name : engine_.realm_names())
    if (auto* store = engine_.realm(name); name != "live" && store && holds(*store)) return name;
  return "live";
}

std::string DeliveryService::realm_of_message(const std::string& message_id) {
  // Nearly every ack is for a delivery still pending: the index knows its realm.
  if (auto it = pending_.lower_bound({message_id, std::string()}); it != pending_.end() && it->first.first == message_id)
    return it->second.realm;
  return realm_holding("messages", message_id);
}

void DeliveryService::gateway_ack(const std::string& channel, const std::string& address, const std::string& message_id,
                                  const std::string& level, const std::string& answer, const std::string& via) {
  auto owner = owner_of_address_.find({channel, address});
  if (owner == owner_of_address_.end()) return;
  std::string recipient = owner->second;
  domain::Actor gateway{"", via, "system", "", "", via};  // audited as the gateway that carried it
  engine_.run_as(realm_of_message(message_id), gateway, channel,
                 [&](domain::OpContext& ctx) { apply_ack(ctx, message_id, recipient, level, answer, ""); });
}

json DeliveryService::op_deliveries(domain::OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto message_id = r.opt_id("message_id");
  auto correlation = r.opt_str("correlation_id", 64);
  r.finish();
  if (message_id.has_value() == correlation.has_value()) throw ApiError("bad_field", "give message_id or correlation_id");
  // Each row names its message's kind and precedence, so a reader can tell an order overdue for its
  // precedence without fetching the message.
  const char* select =
      "SELECT d.*, m.kind, CASE m.precedence WHEN 0 THEN 'flash' WHEN 1 THEN 'immediate' WHEN 2 THEN 'priority' ELSE 'routine' END "
      "AS precedence FROM deliveries d JOIN messages m ON m.id = d.message_id ";
  json rows = message_id ? ctx.store().query(std::string(select) + "WHERE d.message_id = ? ORDER BY d.recipient", {*message_id})
                         : ctx.store().query(std::string(select) + "WHERE m.correlation_id = ? ORDER BY d.queued_at, d.recipient", {*correlation});
  if (ctx.actor().is_team_role()) {
    json mine = json::array();
    for (auto& d : rows)
      if (d["recipient"] == "team:" + ctx.actor().unit_id || d["recipient"] == "user:" + ctx.actor().user_id) mine.push_back(d);
    rows = mine;
  } else if (ctx.actor().role != "admin" && ctx.actor().role != "system") {
    // A correlation id may be public (a warning's): only the rows of messages the caller may read.
    std::map<std::string, bool> readable;
    json mine = json::array();
    for (auto& d : rows) {
      const std::string id = d["message_id"];
      auto it = readable.find(id);
      if (it == readable.end())
        it = readable.emplace(id, ctx.scope().allows("message", id, domain::Access::read).value_or(false)).first;
      if (it->second) mine.push_back(d);
    }
    rows = mine;
  }
  // A phone or terminal number is personal data: the desk roles only.
  if (!domain::Scope::sees_personal_data(ctx.actor()))
    for (auto& d : rows) d.erase("address");
  json tally = {{"total", rows.size()}};
  for (const auto& s : domain::enums().delivery_state) tally[s] = 0;
  for (const auto& d : rows) tally[d["state"].get<std::string>()] = tally[d["state"].get<std::string>()].get<int>() + 1;
  return {{"deliveries", rows}, {"tally", tally}};
}

json DeliveryService::op_link_status(domain::OpContext& ctx, const json& body) {
  domain::BodyReader(body).finish();
  const char* sql = "SELECT owner, channel, health, last_heard, reason, changed_at FROM link_health ORDER BY owner, channel";
  if (ctx.realm() == "live") return {{"links", ctx.store().query(sql)}, {"gateways", transport_.gateways()}};
  // A drill sees the real links with its own cuts over them (drills.md "link_cut"); live's table
  // is read, never written.
  std::map<std::pair<std::string, std::string>, json> links;
  for (auto& l : engine_.live().query(sql)) {
    std::pair<std::string, std::string> key{l["owner"], l["channel"]};  // before l is moved from
    links[key] = std::move(l);
  }
  for (const auto& c : ctx.store().query("SELECT owner, channel, MAX(cut_at) AS cut_at FROM drill_link_cuts "
                                         "WHERE restored_at IS NULL GROUP BY owner, channel")) {
    auto& l = links[{c["owner"].get<std::string>(), c["channel"].get<std::string>()}];
    if (l.is_null()) l = {{"owner", c["owner"]}, {"channel", c["channel"]}, {"last_heard", nullptr}};
    l["health"] = "down";
    l["reason"] = "drill_cut";
    l["changed_at"] = c["cut_at"];
    l["drill_cut"] = true;
  }
  json out = json::array();
  for (auto& [key, l] : links) out.push_back(std::move(l));
  return {{"links", out}, {"gateways", transport_.gateways()}};
}

json DeliveryService::op_group_set(domain::OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto name = r.str("name", 64);
  const auto& members = r.array("members", 10000);
  auto title_zh = r.opt_str("title_zh", 60).value_or("");
  auto title_en = r.opt_str("title_en", 100).value_or("");
  r.finish();
  json list = json::array();
  for (const auto& m : members) {
    if (!m.is_string() || !bus::valid_address(m.get<std::string>()) || m == "group:" + name)
      throw ApiError("bad_field", "body.members must be addresses");
    list.push_back(m);
  }
  expand(ctx, std::vector<std::string>(list.begin(), list.end()));  // every member must resolve
  // A group is defined over addresses the caller controls, before and after the change.
  auto old = ctx.store().query_one("SELECT members FROM groups WHERE name = ?", {name});
  json before = old.is_null() ? json::array() : json::parse(old["members"].get<std::string>(), nullptr, false);
  for (const auto* side : {&list, &before})
    for (const auto& m : *side)
      if (m.is_string() && !ctx.scope().allows_address(m.get<std::string>()))
        throw ApiError("out_of_scope", "group member " + m.get<std::string>() + " is not within your unit's scope",
                       "该组含有不属于本单位及下级单位的成员");
  // A change of members keeps the title the group had unless a new one is given; a title names one
  // group only (a township's group may not pass for the county's in another desk's list).
  auto titles = ctx.store().query_one("SELECT title_zh, title_en FROM groups WHERE name = ?", {name});
  if (title_zh.empty() && !titles.is_null()) title_zh = titles["title_zh"];
  if (title_en.empty() && !titles.is_null()) title_en = titles["title_en"];
  if (!ctx.store().query_one("SELECT name FROM groups WHERE name <> ? AND ((title_zh <> '' AND title_zh = ?) OR (title_en <> '' AND title_en = ?))",
                             {name, title_zh, title_en}).is_null())
    throw ApiError("conflict", "another group has this title", "已有编组使用此名称");
  ctx.emit("group.set", name, {{"members", list}, {"title_zh", title_zh}, {"title_en", title_en}});
  return {{"name", name}, {"members", list.size()}};
}

json DeliveryService::op_group_list(domain::OpContext& ctx, const json& body) {
  domain::BodyReader(body).finish();
  // The groups the caller may address: every member within its scope (what group.set requires of
  // whoever defines one), with their titles and how many members they reach.
  json out = json::array();
  for (auto& g : ctx.store().query("SELECT name, members, title_zh, title_en FROM groups ORDER BY name")) {
    auto members = json::parse(g["members"].get<std::string>(), nullptr, false);
    if (!members.is_array()) continue;
    // An empty group is in everyone's scope and reaches no one: not offered.
    bool mine = !members.empty();
    for (const auto& m : members) mine = mine && m.is_string() && ctx.scope().allows_address(m.get<std::string>());
    if (!mine) continue;
    out.push_back({{"name", g["name"]}, {"title_zh", g["title_zh"]}, {"title_en", g["title_en"]}, {"members", members.size()}});
  }
  return {{"groups", std::move(out)}};
}

}  // namespace lifeline::delivery
