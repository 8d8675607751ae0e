#include "lifeline/app/metrics.hpp"

#include <sstream>

#include "lifeline/api_error.hpp"

namespace lifeline::app {

void Histogram::observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Histogram::render(const std::string& name, const std::string& help) const {
  std::ostringstream out;
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out << name << "_bucket{le=\"" << kBounds[i] << "\"} " << cumulative << "\n";
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  out << name << "_bucket{le=\"+Inf\"} " << cumulative << "\n";
  out << name << "_sum " << static_cast<double>(sum_us_.load()) / 1e6 << "\n";
  out << name << "_count " << count_.load() << "\n";
  return out.str();
}

void Metrics::count_request(const std::string& op, const std::string& outcome) {
  // Outcomes are "ok" or a catalogue code: a bounded set whatever a handler threw.
  const std::string& label = outcome == "ok" || error_code_known(outcome) ? outcome : kUnknownLabel;
  std::lock_guard lock(mutex_);
  ++requests_[{op, label}];
}

void Metrics::set_gauge(const std::string& name, const std::string& label, const std::string& value, double v) {
  std::lock_guard lock(mutex_);
  auto& g = labelled_[name];
  g.first = label;
  g.second[value] = v;
}

void Metrics::set_gauge(const std::string& name, double value) {
  std::lock_guard lock(mutex_);
  gauges_[name] = value;
}

namespace {
// Prometheus text format: a label value escapes backslash, double quote and newline. Labels are
// server-chosen names today; this keeps the output well-formed should that ever change.
std::string label_value(const std::string& v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\' || ch == '"') out += '\\';
    if (ch == '\n') out += "\\n";
    else out += ch;
  }
  return out;
}
}  // namespace

std::string Metrics::render() const {
  std::ostringstream out;
  auto counter = [&](const char* name, const char* help, const std::atomic<uint64_t>& v) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << v.load() << "\n";
  };
  out << "# HELP lifeline_connections_open WebSocket connections open now\n# TYPE lifeline_connections_open gauge\n"
      << "lifeline_connections_open " << connections_open.load() << "\n";
  counter("lifeline_connections_total", "WebSocket connections accepted", connections_total);
  counter("lifeline_frames_in_total", "WebSocket frames received", frames_in);
  counter("lifeline_frames_out_total", "WebSocket frames sent", frames_out);
  counter("lifeline_slow_readers_closed_total", "WebSocket connections closed for not reading their frames", slow_readers_closed);
  counter("lifeline_idle_connections_closed_total", "WebSocket connections closed for sending nothing (idle_timeout_seconds)",
          idle_connections_closed);
  counter("lifeline_frames_rejected_total", "frames refused before reaching an operation", frames_rejected);
  counter("lifeline_events_appended_total", "events appended to the log (all realms)", events_appended);
  counter("lifeline_batches_committed_total", "group-commit transactions", batches_committed);
  counter("lifeline_commit_failures_total", "group commits that failed (nothing acked)", commit_failures);
  counter("lifeline_logins_ok_total", "successful logins", logins_ok);
  counter("lifeline_logins_failed_total", "failed logins", logins_failed);
  out << commit_latency.render("lifeline_commit_seconds", "time to commit one batch (fsync included)");
  std::lock_guard lock(mutex_);
  out << "# HELP lifeline_requests_total requests by operation and outcome\n# TYPE lifeline_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "lifeline_requests_total{op=\"" << label_value(key.first) << "\",outcome=\"" << label_value(key.second) << "\"} " << n
        << "\n";
  for (const auto& [name, v] : gauges_) out << "# TYPE " << name << " gauge\n" << name << " " << v << "\n";
  for (const auto& [name, g] : labelled_) {
    out << "# TYPE " << name << " gauge\n";
    for (const auto& [value, v] : g.second) out << name << "{" << g.first << "=\"" << label_value(value) << "\"} " << v << "\n";
  }
  return out.str();
}

}  // namespace lifeline::app
