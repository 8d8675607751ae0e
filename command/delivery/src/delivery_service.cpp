#include "lifeline/delivery/delivery_service.hpp"

#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/bus/thin_encoding.hpp"
#include "lifeline/log.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::delivery {

using nlohmann::json;

DeliveryService::DeliveryService(app::Engine& engine, Presence& presence, Transport& transport, DeliveryOptions options)
    : engine_(engine), presence_(presence), transport_(transport), options_(std::move(options)) {}

void DeliveryService::install() {
  auto& ops = engine_.ops();
  ops.add("bus.send", [this](domain::OpContext& ctx, const json& b) { return op_send(ctx, b); });
  ops.add("bus.ack", [this](domain::OpContext& ctx, const json& b) { return op_ack(ctx, b); });
  ops.add("bus.deliveries", [this](domain::OpContext& ctx, const json& b) { return op_deliveries(ctx, b); }, false);
  ops.add("link.status", [this](domain::OpContext& ctx, const json& b) { return op_link_status(ctx, b); }, false);
  ops.add("group.set", [this](domain::OpContext& ctx, const json& b) { return op_group_set(ctx, b); });
  ops.add("group.list", [this](domain::OpContext& ctx, const json& b) { return op_group_list(ctx, b); }, false);
  wrap_task_ops();
  engine_.add_commit_listener([this](const std::string& realm, const std::vector<store::Event>& events) { on_commit(realm, events); });
  engine_.add_tick_hook([this](int64_t now) { return tick(now); });
  load_pending();
}

void DeliveryService::load_pending() {
  // Rebuild the in-memory index from the projections: after a restart, every delivery still
  // queued or sent is routed again when the tick sees its deadline passed (sent ones are re-sent).
  for (const std::string& realm : engine_.realm_names()) {
    auto* store = engine_.realm(realm);
    if (!store) continue;
    auto rows = store->query(
        "SELECT d.*, m.kind, m.sender, m.precedence, m.created_at, m.expires_at, m.ack, m.envelope FROM deliveries d "
        "JOIN messages m ON m.id = d.message_id WHERE d.state IN ('queued', 'sent') AND m.ack <> 'none'");
    for (const auto& r : rows) {
      auto p = pending_from(json::parse(r["envelope"].get<std::string>()), r["recipient"], realm);
      p.state = r["state"];
      p.channel = r["channel"];
      p.address = r["address"];
      p.attempt = r["attempt"];
      p.rung = p.channel.empty() ? SIZE_MAX : rung_index(p.recipient, p.channel);
      p.deadline = 0;  // sent before the restart: send again at the first tick
      pending_[{p.message_id, p.recipient}] = std::move(p);
    }
    if (realm != "live")
      for (const auto& r : store->query("SELECT owner, channel FROM drill_link_cuts WHERE restored_at IS NULL"))
        drill_cuts_[realm].insert({r["owner"].get<std::string>(), r["channel"].get<std::string>()});
    for (const auto& r : store->query("SELECT owner, channel, health, last_heard FROM link_health")) {
      auto& h = health_[{r["owner"], r["channel"]}];
      h.health = r["health"] == "down" ? bus::Health::down : r["health"] == "up" ? bus::Health::up : bus::Health::unknown;
      h.last_heard = r["last_heard"].is_null() ? 0 : r["last_heard"].get<int64_t>();
      if (r["channel"] == "ip") ip_state_[r["owner"]] = r["health"] == "up";
    }
  }
  if (!pending_.empty()) log_info("delivery", "pending deliveries reloaded", {{"count", pending_.size()}});
}

std::shared_ptr<const DeliveryService::ThinSizes> DeliveryService::thin_sizes(const json& envelope) const {
  return std::make_shared<const ThinSizes>(envelope);
}

size_t DeliveryService::ThinSizes::at(size_t mtu) const {
  auto it = by_mtu_.find(mtu);
  if (it == by_mtu_.end()) it = by_mtu_.emplace(mtu, bus::thin_link_bytes(envelope_, mtu).value_or(SIZE_MAX)).first;
  return it->second;
}

size_t DeliveryService::size_on(const Pending& p, const std::string& channel) const {
  const auto* prof = options_.profiles.find(channel);
  if (!prof || prof->mtu == 0) return p.json_size;
  return p.thin ? p.thin->at(prof->mtu) : SIZE_MAX;
}

std::vector<bus::Rung> DeliveryService::ladder(const std::string& owner, int64_t now, const std::string& realm) {
  auto it = ladders_.find(owner);
  if (it == ladders_.end()) {
    std::vector<std::pair<std::string, std::string>> rungs;
    for (const auto& r : engine_.live().query("SELECT channel, address FROM contacts WHERE owner = ? ORDER BY rank", {owner})) {
      rungs.emplace_back(r["channel"], r["address"]);
      owner_of_address_[{r["channel"], r["address"]}] = owner;
    }
    if (rungs.empty() || rungs.front().first != "ip") {
      // Everyone with a login can be reached over IP when connected; it is always the best rung.
      rungs.insert(rungs.begin(), {"ip", owner});
    }
    it = ladders_.emplace(owner, std::move(rungs)).first;
  }
  std::vector<bus::Rung> out;
  for (const auto& [channel, address] : it->second) {
    bus::Health h = channel == "ip" ? (ip_up(owner) ? bus::Health::up : bus::Health::down)
                                    : gateway_health(owner, channel, now);
    // A drill's outage (drills.md "link_cut") holds for that drill's messages only.
    if (drill_cut(realm, owner, channel)) h = bus::Health::down;
    out.push_back({channel, address, h});
  }
  return out;
}

bool DeliveryService::ip_up(const std::string& owner) {
  const auto* ip = options_.profiles.find("ip");
  if (!in_tick_) return presence_.up(owner, ip->window_ms);
  auto it = ip_view_.find(owner);
  if (it == ip_view_.end()) it = ip_view_.emplace(owner, presence_.up(owner, ip->window_ms)).first;
  return it->second;
}

bus::Health DeliveryService::gateway_health(const std::string& owner, const std::string& channel, int64_t now) {
  if (!transport_.gateway_up(channel)) return bus::Health::down;
  auto it = health_.find({owner, channel});
  if (it == health_.end()) return bus::Health::unknown;
  const auto* p = options_.profiles.find(channel);
  if (it->second.health == bus::Health::down) return bus::Health::down;  // until heard again
  if (p && it->second.last_heard > 0 && now - it->second.last_heard <= p->window_ms) return bus::Health::up;
  return bus::Health::unknown;
}

void DeliveryService::set_state(domain::OpContext& ctx, Pending& p, const std::string& to, const std::string& reason,
                                const json& extra) {
  json body = {{"recipient", p.recipient}, {"from", p.state}, {"to", to}, {"reason", reason}};
  for (auto& [k, v] : extra.items()) body[k] = v;
  ctx.emit("bus.delivery_changed", p.message_id, body);
  p.state = to;
}

void DeliveryService::mark_health(domain::OpContext& ctx, const std::string& owner, const std::string& channel, bus::Health h,
                                  const std::string& reason, int64_t last_heard) {
  auto& info = health_[{owner, channel}];
  if (last_heard > info.last_heard) info.last_heard = last_heard;
  if (info.health == h) return;
  info.health = h;
  json body = {{"channel", channel}, {"health", bus::to_string(h)}, {"reason", reason}};
  if (info.last_heard > 0) body["last_heard"] = info.last_heard;
  ctx.emit("link.health_changed", owner, body);
  dirty_owners_.insert(owner);
}

bool DeliveryService::drill_cut(const std::string& realm, const std::string& owner, const std::string& channel) const {
  auto cuts = drill_cuts_.find(realm);
  return cuts != drill_cuts_.end() && cuts->second.count({owner, channel});
}

void DeliveryService::route(domain::OpContext& ctx, Pending& p, const std::string& reason) {
  auto rungs = ladder(p.recipient, ctx.now(), p.realm);
  bool any_left = false;
  for (auto& r : rungs)
    if (r.health != bus::Health::down && !p.avoid.count(r.channel)) any_left = true;
  if (!any_left) p.avoid.clear();  // everything was given up on: start the ladder again
  for (auto& r : rungs)
    if (p.avoid.count(r.channel)) r.health = bus::Health::down;
  auto choice = bus::choose_rung(
      rungs, static_cast<bus::Precedence>(p.precedence),
      [&](const std::string& channel) { return size_on(p, channel); }, options_.profiles,
      options_.cost);
  if (!choice.rung) {
    if (p.state == "sent") set_state(ctx, p, "queued", choice.reason + " (" + reason + ")", {{"channel", ""}});
    p.last_choice = choice.reason;
    return;
  }
  const auto& rung = rungs[*choice.rung];
  if (!p.channel.empty() && p.channel != rung.channel)
    ctx.emit("bus.route_switched", p.message_id,
             {{"recipient", p.recipient}, {"from_channel", p.channel}, {"to_channel", rung.channel}, {"reason", reason}});
  set_state(ctx, p, "sent", reason, {{"channel", rung.channel}, {"address", rung.address}, {"attempt", p.attempt + 1}});
  p.channel = rung.channel;
  p.attempt++;
}

int64_t DeliveryService::tick(int64_t now) {
  in_tick_ = true;
  ip_view_.clear();
  struct EndTick {
    bool& flag;
    ~EndTick() { flag = false; }
  } end_tick{in_tick_};
  // A drill that ended sends, retries and expires nothing more (its realm refuses every write): its
  // deliveries leave the schedule, or they would be due again at every tick.
  {
    auto live_realms = engine_.realm_names();
    std::erase_if(pending_, [&](const auto& entry) {
      return std::find(live_realms.begin(), live_realms.end(), entry.second.realm) == live_realms.end();
    });
  }
  // IP health transitions from presence (connections coming and going, heartbeats stopping).
  std::vector<std::pair<std::string, bool>> ip_changes;
  for (const auto& owner : presence_.owners()) {
    // Link health is tracked for field units (teams, users with a contact ladder), not for every
    // console session: an idle duty officer's browser is not a link going down.
    if (owner.rfind("team:", 0) != 0 && ladder(owner, now).size() < 2) continue;
    bool up = ip_up(owner);
    auto it = ip_state_.find(owner);
    if (it == ip_state_.end() || it->second != up) ip_changes.emplace_back(owner, up);
  }
  std::vector<Pending*> due;
  int64_t next = INT64_MAX;
  bool watch_ip = false;
  for (auto& [key, p] : pending_) {
    bool on_ip = p.state == "sent" && p.channel == "ip";
    bool better = p.state == "sent" && p.rung > 0 && p.rung != SIZE_MAX;  // a better rung may come back
    if (p.expires <= now || (p.state == "sent" && p.deadline <= now) || p.state == "queued" || dirty_owners_.count(p.recipient) ||
        (on_ip && !ip_up(p.recipient)))
      due.push_back(&p);
    else if (better)
      due.push_back(&p);  // cheap check below: only re-routed if a better rung is live
    if (on_ip || p.state == "queued" || better) watch_ip = true;
    next = std::min(next, std::min(p.expires, p.state == "sent" ? p.deadline : INT64_MAX));
  }
  if (due.empty() && ip_changes.empty()) {
    dirty_owners_.clear();
    return watch_ip ? std::min(next, now + options_.tick_ms) : next;
  }
  // Most urgent first: precedence, then creation time (store-and-forward order).
  std::sort(due.begin(), due.end(), [](const Pending* a, const Pending* b) {
    return a->precedence != b->precedence ? a->precedence < b->precedence : a->created < b->created;
  });
  if (!ip_changes.empty())
    engine_.run_system("live", [&](domain::OpContext& ctx) {
      for (const auto& [owner, up] : ip_changes) {
        ip_state_[owner] = up;
        mark_health(ctx, owner, "ip", up ? bus::Health::up : bus::Health::down, up ? "connected" : "silent", now);
      }
    });
  // Each realm's deliveries change in that realm's own transaction.
  std::map<std::string, std::vector<Pending*>> by_realm;
  for (auto* p : due) by_realm[p->realm].push_back(p);
  for (auto& entry : by_realm) {
    const auto& list = entry.second;
    engine_.run_system(entry.first, [&](domain::OpContext& ctx) {
      for (auto* live : list) {
        Pending copy = *live;  // the index itself changes only when the events commit (on_commit)
        Pending* p = &copy;
        if (p->expires <= now) {
          set_state(ctx, *p, "expired", "ttl");
          continue;
        }
        if (p->state == "sent" && p->deadline <= now) {
          const auto* prof = options_.profiles.find(p->channel);
          if (prof && p->attempts_on_channel >= prof->attempts_before_down) {
            // Live's link health is live's to change: a drill's timeouts steer only its own delivery.
            if (p->channel != "ip" && p->realm == "live") mark_health(ctx, p->recipient, p->channel, bus::Health::down, "ack_timeout", 0);
            live->avoid.insert(p->channel);
            p->avoid = live->avoid;
          }
          route(ctx, *p, "ack_timeout on " + p->channel);
          continue;
        }
        if (p->state == "sent" && p->channel == "ip" && !ip_up(p->recipient)) {
          route(ctx, *p, "ip_down");
          continue;
        }
        if (p->state == "sent" && drill_cut(p->realm, p->recipient, p->channel)) {
          route(ctx, *p, "drill_cut");
          continue;
        }
        if (p->state == "queued") {
          auto rungs = ladder(p->recipient, now, p->realm);
          bool any = std::any_of(rungs.begin(), rungs.end(), [](const bus::Rung& r) { return r.health != bus::Health::down; });
          if (any) route(ctx, *p, "link_available");
          continue;
        }
        if (p->state == "sent" && p->rung != SIZE_MAX && p->rung > 0) {
          auto rungs = ladder(p->recipient, now, p->realm);
          for (size_t i = 0; i < p->rung && i < rungs.size(); ++i)
            if (rungs[i].health == bus::Health::up && !p->avoid.count(rungs[i].channel)) {
              route(ctx, *p, "failback to " + rungs[i].channel);
              break;
            }
        }
      }
    });
  }
  dirty_owners_.clear();
  return std::min(next, now + options_.tick_ms);
}

void DeliveryService::heard(const std::string& channel, const std::string& address, int64_t at, const std::string& via) {
  auto it = owner_of_address_.find({channel, address});
  if (it == owner_of_address_.end()) {
    auto row = engine_.live().query_one("SELECT owner FROM contacts WHERE channel = ? AND address = ?", {channel, address});
    if (row.is_null()) return;
    it = owner_of_address_.emplace(std::make_pair(channel, address), row["owner"].get<std::string>()).first;
  }
  std::string owner = it->second;
  auto& info = health_[{owner, channel}];
  if (at > info.last_heard) info.last_heard = at;
  if (info.health != bus::Health::up)
    engine_.run_as("live", gateway_actor(via), channel, [&](domain::OpContext& ctx) { mark_health(ctx, owner, channel, bus::Health::up, "heard", at); });
}

domain::Actor DeliveryService::gateway_actor(const std::string& via) {
  return via.empty() ? domain::Actor{"", "system", "system", "", "", ""} : domain::Actor{"", via, "system", "", "", via};
}

void DeliveryService::terminal_unreachable(const std::string& channel, const std::string& ref, const std::string& error, const std::string& via) {
  // The gateway's ref is "<message id>/<recipient>" (dispatch); anything else is not ours.
  auto slash = ref.find('/');
  if (slash == std::string::npos) return;
  auto it = pending_.find({ref.substr(0, slash), ref.substr(slash + 1)});
  if (it == pending_.end()) return;
  Pending& live = it->second;
  if (live.state != "sent" || live.channel != channel) return;  // it has moved on already
  const std::string owner = live.recipient, why = error.empty() ? "gateway could not send" : error;
  // The terminal cannot be reached on this channel until it is heard again (it attaches, sends):
  // that, not the ack timeout, brings the delivery back here.
  engine_.run_as("live", gateway_actor(via), channel, [&](domain::OpContext& ctx) {
    mark_health(ctx, owner, channel, bus::Health::down, "gateway: " + why, 0);
  });
  it = pending_.find({ref.substr(0, slash), ref.substr(slash + 1)});
  if (it == pending_.end() || it->second.state != "sent" || it->second.channel != channel) return;
  engine_.run_as(it->second.realm, gateway_actor(via), channel, [&](domain::OpContext& ctx) {
    Pending copy = it->second;  // the index changes when the events commit (on_commit)
    route(ctx, copy, "not sent on " + channel + ": " + why);
  });
}

void DeliveryService::on_commit(const std::string& realm, const std::vector<store::Event>& events) {
  // The in-memory index of pending deliveries is a projection of committed events only, so a
  // batch that failed to commit leaves no trace here either.
  for (const auto& e : events) {
    if (e.kind == "contacts.set") {
      ladders_.erase(e.subject);
      dirty_owners_.insert(e.subject);
    } else if (e.kind == "drill.link_cut" || e.kind == "drill.link_restored") {
      auto& cuts = drill_cuts_[realm];
      for (const auto& owner_json : e.body["owners"]) {
        const std::string owner = owner_json;
        for (const auto& channel : e.body["channels"]) {
          std::pair<std::string, std::string> link{owner, channel.get<std::string>()};
          if (e.kind == "drill.link_cut") cuts.insert(link);
          else cuts.erase(link);
        }
        dirty_owners_.insert(owner);  // its deliveries are routed again at the next tick
      }
    } else if (e.kind == "bus.message_accepted") {
      auto text = std::make_shared<const std::string>(e.body["envelope"].dump());
      auto thin = thin_sizes(e.body["envelope"]);
      for (const auto& r : e.body["recipients"]) {
        auto p = pending_from(e.body["envelope"], r, realm, text, thin);
        pending_[{p.message_id, p.recipient}] = std::move(p);
      }
    } else if (e.kind == "bus.delivery_changed") {
      std::string recipient = e.body["recipient"];
      auto it = pending_.find({e.subject, recipient});
      if (it == pending_.end()) continue;
      auto& p = it->second;
      std::string to = e.body["to"];
      if (to == "sent") {
        std::string channel = e.body.value("channel", "");
        p.attempts_on_channel = (p.state == "sent" && p.channel == channel) ? p.attempts_on_channel + 1 : 1;
        p.channel = channel;
        p.address = e.body.value("address", "");
        p.attempt = e.body.value("attempt", p.attempt + 1);
        p.state = "sent";
        const auto* prof = options_.profiles.find(channel);
        p.deadline = e.at + (prof ? prof->ack_timeout_ms : 3000) * std::min(p.attempts_on_channel, 3);
        p.rung = rung_index(p.recipient, channel);
        dispatch(realm, p);
        if (p.ack == "none") pending_.erase(it);
      } else if (to == "queued") {
        p.state = "queued";
        p.channel.clear();
        p.rung = SIZE_MAX;
      } else {
        pending_.erase(it);  // delivered, read, failed, expired: nothing more to send
      }
    }
  }
}

size_t DeliveryService::rung_index(const std::string& owner, const std::string& channel) {
  ladder(owner, engine_.clock().now_ms());  // fills the cache
  const auto& rungs = ladders_[owner];
  for (size_t i = 0; i < rungs.size(); ++i)
    if (rungs[i].first == channel) return i;
  return SIZE_MAX;
}

DeliveryService::Pending DeliveryService::pending_from(const json& envelope, const std::string& recipient, const std::string& realm,
                                                      std::shared_ptr<const std::string> text,
                                                      std::shared_ptr<const ThinSizes> thin) {
  Pending p;
  p.message_id = envelope["id"];
  p.recipient = recipient;
  p.realm = realm;
  p.kind = envelope["kind"];
  p.sender = envelope["from"];
  p.ack = envelope["ack"];
  p.correlation_id = envelope.value("correlation_id", "");
  p.collapse_key = envelope.value("collapse_key", "");
  p.precedence = static_cast<int>(bus::precedence_from(envelope["precedence"]));
  p.created = parse_rfc3339(envelope["created"].get<std::string>()).value_or(0);
  p.expires = parse_rfc3339(envelope["expires"].get<std::string>()).value_or(0);
  p.envelope_text = text ? std::move(text) : std::make_shared<const std::string>(envelope.dump());
  p.json_size = p.envelope_text->size();
  p.thin = thin ? std::move(thin) : thin_sizes(envelope);
  return p;
}

void DeliveryService::dispatch(const std::string& realm, const Pending& p) {
  if (!p.envelope_text) return;
  std::string delivery = json{{"recipient", p.recipient}, {"channel", p.channel}, {"attempt", p.attempt}}.dump();
  if (p.channel == "ip") {
    const auto* ip = options_.profiles.find("ip");
    // Built by concatenation: the envelope was serialized once when it was accepted.
    transport_.send_ip(presence_.live_connections(p.recipient, ip->window_ms),
                       R"({"type":"env","envelope":)" + *p.envelope_text + R"(,"delivery":)" + delivery + "}");
  } else {
    auto envelope = json::parse(*p.envelope_text);
    transport_.send_gateway(p.channel, {{"type", "downlink"}, {"ref", p.message_id + "/" + p.recipient}, {"address", p.address},
                                        {"precedence", envelope["precedence"]}, {"envelope", envelope},
                                        {"delivery", json::parse(delivery)}});
  }
  (void)realm;
}

}  // namespace lifeline::delivery
