// Every option of lifeline-command, declared once with its default and help (DECISIONS: defaults).
// Sources, later wins: built-in defaults < TOML file (--config) < command-line flags.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lifeline/clock.hpp"

namespace lifeline::server {

struct ServerConfig {
  std::string listen = "127.0.0.1";        // address for HTTP/WebSocket
  std::string zmq_listen = "127.0.0.1";    // address for the ZeroMQ ROUTER and PUB (CURVE)
  std::string curve_key_file;               // the command's CURVE key pair ("" = <data_dir>/zmq-curve.key, made on first start)
  int http_port = 8080;                     // HTTP + WebSocket; 0 = any free port
  // ZeroMQ ROUTER for gateways and partner systems, and PUB for the partner event feed. -1 = not set:
  // 5560/5561, or any free port when http_port is 0 (see resolve_ports).
  int router_port = -1;
  int pub_port = -1;
  std::string port_file;                    // write {"http":..,"router":..,"pub":..} here once bound
  std::string data_dir = "data";            // live.db, drill-*.db
  std::string console_dir;                  // static files of the console ("" = built-in path)
  std::string clock = "system";             // system | manual | simulated
  std::string clock_start;                  // RFC 3339 start time of a manual or simulated clock
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  size_t max_frame_bytes = 1 << 20;         // WebSocket frame limit (1 MiB)
  size_t max_body_bytes = 64 << 10;         // envelope body limit (64 KiB)
  int max_frames_per_second = 5000;         // per connection, all frame types
  int max_connections = 20000;             // also kept below the open-files limit (see ws_server.cpp)
  // WebSocket connections from one client address (behind trusted_proxies: X-Forwarded-For). A
  // township office behind one NAT has tens of consoles and handhelds; a flood has thousands.
  int max_connections_per_address = 256;
  // A WebSocket connection that sends nothing (not even the clients' heartbeat, sent every second)
  // for this long is closed; 0 = never.
  int idle_timeout_seconds = 120;
  // HTTP requests a minute from one client address: citizen hazard reports (each opens a hazard and
  // its deadlines; carrier NAT puts many phones behind one address) and the CAP routes.
  int citizen_reports_per_minute = 30;
  int cap_requests_per_minute = 120;
  size_t max_pending_bytes = 16 << 20;      // per connection: frames buffered for a slow reader (16 MiB)
  int max_pending_logins = 16;              // logins waiting for password verification (auth_busy beyond)
  std::string synchronous = "FULL";         // SQLite synchronous: FULL (acks are durable) | NORMAL
  int local_offset_minutes = 480;           // display time zone (Asia/Shanghai)
  std::string password_cost = "interactive"; // interactive | min (tests and benchmarks only)
  std::string rules_file;                   // rules (schema/rules.md); "" = the embedded defaults
  std::string drill_scenario;               // command line only: start a drill playing this scenario (schema/drills.md)
  // TLS: with a certificate chain and key (PEM files) the HTTP port serves HTTPS/WSS only.
  std::string tls_cert;                     // certificate chain, leaf first
  std::string tls_key;                      // private key of the leaf
  bool insecure_http = false;               // allow plain HTTP on an address that is not loopback
  // Reverse proxies (numeric addresses, comma-separated) whose X-Forwarded-For names the client;
  // from anyone else the header is ignored.
  std::string trusted_proxies;

  // Reads a TOML file into this config; throws std::runtime_error naming the line on error.
  void load_toml(const std::string& path);
  // Refuses (std::runtime_error, message in Chinese and English) a transport that would expose plain
  // HTTP beyond this machine unless insecure_http asks for it, half a TLS configuration, or both.
  void check_transport() const;
  bool tls() const { return !tls_cert.empty(); }
  // trusted_proxies as a list; check_transport() refuses an entry that is not a numeric address.
  std::vector<std::string> trusted_proxy_list() const;
  // Fills the ZeroMQ ports left unset: 5560/5561, or 0 (any free port) when the HTTP port is 0, so
  // a test or a second server asking for free ports never collides on the ZeroMQ ones.
  void resolve_ports();
  // The clock the options ask for; throws std::runtime_error on a bad clock_start.
  std::shared_ptr<Clock> make_clock() const;
  // The sample config with every option commented out at its default.
  static std::string sample_toml();
};

}  // namespace lifeline::server
