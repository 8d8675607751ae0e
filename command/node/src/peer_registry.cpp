#include "lifeline/node/peer_registry.hpp"

#include "lifeline/store/realm_store.hpp"

namespace lifeline::node {

namespace {
Peer peer_from(const nlohmann::json& row, const std::string& id) {
  auto text = [&](const char* k) { return row.contains(k) && row[k].is_string() ? row[k].get<std::string>() : std::string(); };
  return Peer{id, text("name"), text("kind"), text("channel"), text("unit_id"), text("public_key")};
}
}  // namespace

void PeerRegistry::load(store::RealmStore& live) {
  auto rows = live.query("SELECT id, name, kind, channel, unit_id, public_key FROM peers WHERE revoked_at IS NULL");
  std::lock_guard lock(mutex_);
  by_id_.clear();
  id_by_key_.clear();
  for (const auto& row : rows) {
    auto p = peer_from(row, row["id"].get<std::string>());
    id_by_key_[p.public_key] = p.id;
    by_id_[p.id] = std::move(p);
  }
}

void PeerRegistry::on_commit(const std::vector<store::Event>& events) {
  std::lock_guard lock(mutex_);
  for (const auto& e : events) {
    if (e.kind == "peer.enrolled") {
      auto p = peer_from(e.body, e.subject);
      id_by_key_[p.public_key] = p.id;
      by_id_[p.id] = std::move(p);
    } else if (e.kind == "peer.revoked") {
      auto it = by_id_.find(e.subject);
      if (it == by_id_.end()) continue;
      id_by_key_.erase(it->second.public_key);
      by_id_.erase(it);
      ++revocations_;
    }
  }
}

std::optional<Peer> PeerRegistry::by_key(const std::string& public_key) const {
  std::lock_guard lock(mutex_);
  auto it = id_by_key_.find(public_key);
  if (it == id_by_key_.end()) return std::nullopt;
  return by_id_.at(it->second);
}

std::optional<Peer> PeerRegistry::by_id(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

uint64_t PeerRegistry::revocations() const {
  std::lock_guard lock(mutex_);
  return revocations_;
}

}  // namespace lifeline::node
