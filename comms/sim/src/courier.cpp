#include "lifeline/sim/courier.hpp"

namespace lifeline::sim {

nlohmann::json Impairments::to_json() const {
  return {{"loss", loss}, {"dup", dup}, {"reorder", reorder}, {"delay_ms", delay_ms}, {"reorder_ms", reorder_ms}};
}

nlohmann::json Counters::to_json() const {
  return {{"posted", posted}, {"delivered", delivered}, {"lost", lost}, {"cut", cut},
          {"duplicated", duplicated}, {"reordered", reordered}};
}

bool Courier::post(const std::string& from, const std::string& to, int64_t now_ms, int64_t base_delay_ms,
                   Delivery deliver, bool lossy) {
  ++counters_.posted;
  if (is_cut(from) || is_cut(to)) {
    ++counters_.cut;
    return false;
  }
  // Draw every random number for every message, so one message's fate never shifts another's.
  double r_loss = uniform(), r_dup = uniform(), r_reorder = uniform();
  int64_t extra = 1 + static_cast<int64_t>(uniform() * static_cast<double>(impairments_.reorder_ms));
  if (lossy && r_loss < impairments_.loss) {
    ++counters_.lost;
    return false;
  }
  int64_t due = now_ms + base_delay_ms + impairments_.delay_ms;
  if (r_reorder < impairments_.reorder) {
    due += extra;
    ++counters_.reordered;
  }
  if (r_dup < impairments_.dup) {
    ++counters_.duplicated;
    queue_.emplace(std::make_pair(due + 1, seq_++), Item{from, to, deliver});
  }
  queue_.emplace(std::make_pair(due, seq_++), Item{from, to, std::move(deliver)});
  return true;
}

void Courier::run_due(int64_t now_ms) {
  while (!queue_.empty() && queue_.begin()->first.first <= now_ms) {
    Item item = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    if (is_cut(item.from) || is_cut(item.to)) {
      ++counters_.cut;
      continue;
    }
    ++counters_.delivered;
    item.deliver();
  }
}

void Courier::cut(const std::string& terminal) {
  if (terminal.empty()) all_cut_ = true;
  else cut_terminals_.insert(terminal);
}

void Courier::restore(const std::string& terminal) {
  if (terminal.empty()) {
    all_cut_ = false;
    cut_terminals_.clear();
    impairments_ = Impairments{};
  } else {
    cut_terminals_.erase(terminal);
  }
}

nlohmann::json Courier::status() const {
  return {{"cut", all_cut_}, {"cut_terminals", cut_terminals_}, {"impairments", impairments_.to_json()},
          {"counters", counters_.to_json()}, {"in_flight", queue_.size()}};
}

}  // namespace lifeline::sim
