// Every option of lifeline-command, declared once with its default and help (DECISIONS: defaults).
// Sources, later wins: built-in defaults < TOML file (--config) < command-line flags.
#pragma once
#include <cstdint>
#include <string>

namespace lifeline::server {

struct ServerConfig {
  std::string listen = "127.0.0.1";        // address for HTTP/WebSocket and ZeroMQ
  int http_port = 8080;                     // HTTP + WebSocket; 0 = any free port
  int router_port = 5560;                   // ZeroMQ ROUTER for gateways and partner systems
  int pub_port = 5561;                      // ZeroMQ PUB partner event feed
  std::string port_file;                    // write {"http":..,"router":..,"pub":..} here once bound
  std::string data_dir = "data";            // live.db, drill-*.db
  std::string console_dir;                  // static files of the console ("" = built-in path)
  std::string clock = "system";             // system | manual
  std::string clock_start;                  // RFC 3339 start time for --clock=manual
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  size_t max_frame_bytes = 1 << 20;         // WebSocket frame limit (1 MiB)
  size_t max_body_bytes = 64 << 10;         // envelope body limit (64 KiB)
  int max_frames_per_second = 5000;         // per connection, all frame types
  int max_connections = 20000;
  std::string synchronous = "FULL";         // SQLite synchronous: FULL (acks are durable) | NORMAL
  int local_offset_minutes = 480;           // display time zone (Asia/Shanghai)
  std::string password_cost = "interactive"; // interactive | min (tests and benchmarks only)
  std::string rules_file;                   // rules (schema/rules.md); "" = the embedded defaults

  // Reads a TOML file into this config; throws std::runtime_error naming the line on error.
  void load_toml(const std::string& path);
  // The sample config with every option commented out at its default.
  static std::string sample_toml();
};

}  // namespace lifeline::server
