#include "lifeline/gateway/send_queue.hpp"

#include <algorithm>

namespace lifeline::gateway {

int precedence_rank(const std::string& p) {
  if (p == "flash") return 0;
  if (p == "immediate") return 1;
  if (p == "priority") return 2;
  return 3;
}

void SendQueue::push(Downlink d, int64_t now) {
  auto& t = terminals_[d.address];
  const std::string kind = d.envelope.value("kind", "");
  if (kind == "position" || kind == "status") {
    const std::string from = d.envelope.value("from", "");
    std::erase_if(t.queue, [&](const Downlink& q) {
      return q.envelope.value("kind", "") == kind && q.envelope.value("from", "") == from;
    });
  }
  // Re-sends of the same message (a retry from the command) replace the queued copy.
  std::erase_if(t.queue, [&](const Downlink& q) { return q.ref == d.ref; });
  auto rank = precedence_rank(d.precedence);
  auto pos = std::find_if(t.queue.begin(), t.queue.end(), [&](const Downlink& q) { return precedence_rank(q.precedence) > rank; });
  t.queue.insert(pos, std::move(d));
  (void)now;
}

std::vector<Downlink> SendQueue::due(int64_t now) {
  std::vector<Downlink> out;
  for (auto& [address, t] : terminals_) {
    if (t.queue.empty() || t.next_slot > now) continue;
    out.push_back(std::move(t.queue.front()));
    t.queue.pop_front();
    t.next_slot = now + interval_ms_;
  }
  return out;
}

int64_t SendQueue::next_due() const {
  int64_t next = INT64_MAX;
  for (const auto& [address, t] : terminals_)
    if (!t.queue.empty()) next = std::min(next, t.next_slot);
  return next;
}

size_t SendQueue::depth() const {
  size_t n = 0;
  for (const auto& [address, t] : terminals_) n += t.queue.size();
  return n;
}

}  // namespace lifeline::gateway
