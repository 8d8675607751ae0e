// Counters and histograms for /metrics (Prometheus text format). Updated from any thread.
#pragma once
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace lifeline::app {

class Histogram {
 public:
  // Upper bounds in seconds.
  static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02,
                                                     0.05,   0.1,   0.2,   0.5,   1.0,  5.0};
  void observe(double seconds);
  std::string render(const std::string& name, const std::string& help) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

class Metrics {
 public:
  std::atomic<uint64_t> slow_readers_closed{0};
  std::atomic<uint64_t> idle_connections_closed{0};
  std::atomic<uint64_t> connections_open{0}, connections_total{0}, frames_in{0}, frames_out{0},
      events_appended{0}, batches_committed{0}, commit_failures{0}, logins_ok{0}, logins_failed{0},
      frames_rejected{0};
  Histogram commit_latency;
  // The label that stands for every op or outcome outside the known sets.
  static inline const std::string kUnknownLabel = "unknown";
  // Requests by op and outcome ("ok" or the error code; a code outside schema/errors.json counts
  // as "unknown"). `op` must come from a bounded set: the engine passes registered names only.
  void count_request(const std::string& op, const std::string& outcome);
  // A named gauge set by a module (bus queue depth, links up ...).
  void set_gauge(const std::string& name, double value);
  // A gauge with one label whose values come from a bounded set (e.g. a gateway's channel):
  // rendered as name{label="value"}.
  void set_gauge(const std::string& name, const std::string& label, const std::string& value, double v);
  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, uint64_t> requests_;
  std::map<std::string, double> gauges_;
  std::map<std::string, std::pair<std::string, std::map<std::string, double>>> labelled_;  // name → (label, value → v)
};

}  // namespace lifeline::app
