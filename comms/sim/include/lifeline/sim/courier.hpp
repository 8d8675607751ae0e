// The simulated air between terminals: every message a network carries is posted here, and the
// courier decides (seeded RNG, so a seed replays the same run) whether it is lost, duplicated or
// held back so a later one overtakes it, and when it arrives. Deliveries run in due order when
// run_due() is called with the clock's time. Single-threaded: the simulator's io thread owns it.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace lifeline::sim {

struct Impairments {
  double loss = 0;       // probability a message is lost
  double dup = 0;        // probability it arrives twice
  double reorder = 0;    // probability it is held back (extra 1..reorder_ms) so later ones overtake
  int64_t delay_ms = 0;  // added to the network's own delay
  int64_t reorder_ms = 2000;
  nlohmann::json to_json() const;
};

struct Counters {
  uint64_t posted = 0, delivered = 0, lost = 0, cut = 0, duplicated = 0, reordered = 0;
  nlohmann::json to_json() const;
};

class Courier {
 public:
  using Delivery = std::function<void()>;
  explicit Courier(uint64_t seed) : rng_(seed) {}

  // Post a message from `from` to `to` at `now_ms` taking `base_delay_ms` on a healthy link.
  // Returns false when it will not arrive (cut or lost); `deliver` may then never run.
  // `lossy` = false when the network already drew this message's loss (Iridium sessions).
  bool post(const std::string& from, const std::string& to, int64_t now_ms, int64_t base_delay_ms, Delivery deliver,
            bool lossy = true);
  // Runs every delivery due at or before now_ms. A delivery whose link was cut meanwhile is dropped.
  void run_due(int64_t now_ms);
  // Earliest pending due time, or -1.
  int64_t next_due() const { return queue_.empty() ? -1 : queue_.begin()->first.first; }
  size_t pending() const { return queue_.size(); }

  // Whole network (terminal empty) or one terminal (messages from or to it).
  void cut(const std::string& terminal = {});
  void restore(const std::string& terminal = {});
  void degrade(const Impairments& i) { impairments_ = i; }
  bool is_cut(const std::string& terminal) const { return all_cut_ || cut_terminals_.count(terminal) > 0; }
  bool all_cut() const { return all_cut_; }
  const Impairments& impairments() const { return impairments_; }
  const Counters& counters() const { return counters_; }
  nlohmann::json status() const;
  // Deterministic random draw in [0, 1) for networks (e.g. to pick a failure code).
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

 private:
  struct Item {
    std::string from, to;
    Delivery deliver;
  };
  std::mt19937_64 rng_;
  Impairments impairments_;
  Counters counters_;
  bool all_cut_ = false;
  std::set<std::string> cut_terminals_;
  uint64_t seq_ = 0;
  std::map<std::pair<int64_t, uint64_t>, Item> queue_;
};

}  // namespace lifeline::sim
