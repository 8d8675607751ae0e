/**
 * The enrolled ZeroMQ peers (gateways and partner systems), kept in memory for the ZAP handler and
 * the gateway hub, which check every handshake and every frame against it.
 *
 * Operation: loaded from the `peers` projection at start; afterwards updated from committed
 * peer.enrolled / peer.revoked events only (commit listener), so a refused or failed enrolment
 * never reaches it.
 *
 * Concurrency: thread-safe (one mutex); written on the state thread, read on the hub thread.
 */
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/store/event.hpp"

namespace lifeline::store {
class RealmStore;
}

namespace lifeline::node {

struct Peer {
  std::string id;          // UUIDv7; the ZAP User-Id of its connections
  std::string name;
  std::string kind;        // gateway | partner
  std::string channel;     // gateways
  std::string unit_id;     // partners: their department
  std::string public_key;  // Z85
  // The audit actor: gateway:<name> or partner:<name>.
  std::string ref() const { return kind + ":" + name; }
};

class PeerRegistry {
 public:
  void load(store::RealmStore& live);
  void on_commit(const std::vector<store::Event>& events);
  // Live (not revoked) peers only.
  std::optional<Peer> by_key(const std::string& public_key) const;
  std::optional<Peer> by_id(const std::string& id) const;
  // Grows with every revocation: the hub re-authenticates subscribers when it changes.
  uint64_t revocations() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Peer> by_id_;
  std::map<std::string, std::string> id_by_key_;
  uint64_t revocations_ = 0;
};

}  // namespace lifeline::node
