// `lifeline-field run`: keeps the team's own terminal attached (a radio is always listening) and a
// WebSocket to the centre while IP works; stores what arrives on either, sends the outbox over IP,
// else over the terminal, reports positions, and moves back to IP as soon as it answers. Sync
// rules: schema/field-client.md §4.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>

namespace lifeline::field {

struct DaemonOptions {
  std::string db_path;
  std::string gps_spec;            // empty: no automatic positions
  int position_interval_s = 60;
  bool exit_when_idle = false;     // exit 0 once connected over IP with nothing left to send
  int64_t clock_skew_ms = 0;       // test hook: the device clock is this far off
  int ip_retry_ms = 2000;          // how often to try IP again while on the terminal
  int ip_read_deadline_ms = 3000;  // IP silent this long (pings unanswered): it is down
  int window = 64;                 // outbox requests in flight over IP
  std::atomic<bool>* stop = nullptr;
};

// Exit codes: 0 stopped/idle, 3 local database unusable, 4 credentials revoked, 2 not enrolled.
int run_daemon(const DaemonOptions& options);

}  // namespace lifeline::field
