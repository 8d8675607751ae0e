#include "lifeline/server/server_config.hpp"

#include <toml++/toml.h>

#include <sstream>
#include <stdexcept>

#include "lifeline/time_format.hpp"

namespace lifeline::server {

void ServerConfig::load_toml(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    throw std::runtime_error(msg.str());
  }
  static const char* known[] = {"listen", "http_port", "router_port", "pub_port", "port_file", "data_dir",
                                "console_dir", "clock", "clock_start", "session_ttl_minutes", "max_frame_bytes",
                                "max_body_bytes", "max_frames_per_second", "max_connections", "max_connections_per_address",
                                "idle_timeout_seconds", "citizen_reports_per_minute", "cap_requests_per_minute",
                                "max_pending_bytes",
                                "max_pending_logins", "synchronous", "local_offset_minutes", "rules_file", "zmq_listen",
                                "curve_key_file", "tls_cert", "tls_key", "insecure_http", "trusted_proxies"};
  for (auto& [key, node] : t) {
    bool ok = false;
    for (auto* k : known) ok |= key.str() == k;
    if (!ok) throw std::runtime_error(path + ":" + std::to_string(node.source().begin.line) + ": unknown option '" +
                                      std::string(key.str()) + "'");
  }
  auto str = [&](const char* k, std::string& dst) {
    if (auto v = t[k].value<std::string>()) dst = *v;
    else if (t.contains(k)) throw std::runtime_error(path + ": option " + k + " must be a string");
  };
  auto num = [&](const char* k, auto& dst, int64_t min, int64_t max) {
    if (!t.contains(k)) return;
    auto v = t[k].value<int64_t>();
    if (!v || *v < min || *v > max)
      throw std::runtime_error(path + ":" + std::to_string(t[k].node()->source().begin.line) + ": option " + k +
                               " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    dst = static_cast<std::remove_reference_t<decltype(dst)>>(*v);
  };
  str("listen", listen);
  str("zmq_listen", zmq_listen);
  str("curve_key_file", curve_key_file);
  num("http_port", http_port, 0, 65535);
  num("router_port", router_port, 0, 65535);
  num("pub_port", pub_port, 0, 65535);
  str("port_file", port_file);
  str("data_dir", data_dir);
  str("console_dir", console_dir);
  str("clock", clock);
  str("clock_start", clock_start);
  int64_t ttl_min = session_ttl_ms / 60000;
  num("session_ttl_minutes", ttl_min, 1, 7 * 24 * 60);
  session_ttl_ms = ttl_min * 60000;
  num("max_frame_bytes", max_frame_bytes, 1024, 64 << 20);
  num("max_body_bytes", max_body_bytes, 256, 16 << 20);
  num("max_frames_per_second", max_frames_per_second, 1, 1000000);
  num("max_connections", max_connections, 1, 1000000);
  num("max_connections_per_address", max_connections_per_address, 1, 1000000);
  num("idle_timeout_seconds", idle_timeout_seconds, 0, 7 * 24 * 3600);
  num("citizen_reports_per_minute", citizen_reports_per_minute, 1, 1000000);
  num("cap_requests_per_minute", cap_requests_per_minute, 1, 1000000);
  num("max_pending_bytes", max_pending_bytes, 4096, 1LL << 32);
  num("max_pending_logins", max_pending_logins, 1, 100000);
  str("synchronous", synchronous);
  num("local_offset_minutes", local_offset_minutes, -720, 840);
  str("rules_file", rules_file);
  str("tls_cert", tls_cert);
  str("tls_key", tls_key);
  str("trusted_proxies", trusted_proxies);
  if (auto v = t["insecure_http"].value<bool>()) insecure_http = *v;
  else if (t.contains("insecure_http")) throw std::runtime_error(path + ": option insecure_http must be true or false");
  if (clock != "system" && clock != "manual" && clock != "simulated")
    throw std::runtime_error(path + ": clock must be system, manual or simulated");
  if (synchronous != "FULL" && synchronous != "NORMAL") throw std::runtime_error(path + ": synchronous must be FULL or NORMAL");
}

std::shared_ptr<Clock> ServerConfig::make_clock() const {
  int64_t start = -1;
  if (!clock_start.empty()) {
    auto ms = parse_rfc3339(clock_start);
    if (!ms) throw std::runtime_error("--clock-start must be an RFC 3339 time");
    start = *ms;
  }
  return lifeline::make_clock(clock, start);
}

void ServerConfig::resolve_ports() {
  if (router_port < 0) router_port = http_port == 0 ? 0 : 5560;
  if (pub_port < 0) pub_port = http_port == 0 ? 0 : 5561;
}

std::string ServerConfig::sample_toml() {
  return R"(# lifeline-command configuration. Every option is shown at its default; flags override the file.

# Address for HTTP/WebSocket. Without a certificate (tls_cert) only a loopback address is served,
# unless insecure_http is true.
#listen = "127.0.0.1"
# Address for the ZeroMQ sockets (gateways, partner systems). They take only CURVE peers whose
# public keys the admin enrolled (peer.enrol, schema/gateway-protocol.md).
#zmq_listen = "127.0.0.1"
# The command's CURVE key pair (JSON, mode 0600); "" = data_dir/zmq-curve.key, created on first
# start. `lifeline-command curve-key` prints its public key for configuring gateways.
#curve_key_file = ""
# HTTP + WebSocket port (0 = any free port; see port_file).
#http_port = 8080
# ZeroMQ ROUTER for gateways and partner systems, and PUB for the partner event feed. When not set:
# 5560 and 5561, or any free port (like http_port) when http_port is 0.
#router_port = 5560
#pub_port = 5561
# Write the bound ports as JSON {"http":..,"router":..,"pub":..} to this file.
#port_file = ""
# Where live.db and the drill databases live.
#data_dir = "data"
# Static files of the console ("" = the copy installed beside the binary).
#console_dir = ""
# system (the wall clock); manual (time moves only through the admin's clock.advance); or simulated
# (starts at clock_start and runs at real speed; clock.advance jumps ahead). Manual and simulated are
# for tests and drills: they fix the date and time of day a run sees.
#clock = "system"
# Start of a manual or simulated clock (RFC 3339; "" = the system time at start).
#clock_start = ""
# Sessions expire after this many minutes.
#session_ttl_minutes = 720
# Limits per connection: WebSocket frame bytes, envelope body bytes, frames per second.
#max_frame_bytes = 1048576
#max_body_bytes = 65536
#max_frames_per_second = 5000
#max_connections = 20000
# WebSocket connections from one client address (behind trusted_proxies, the X-Forwarded-For one).
#max_connections_per_address = 256
# A WebSocket connection that sends nothing for this many seconds is closed (the console and the
# handheld send a heartbeat every second); 0 = never.
#idle_timeout_seconds = 120
# HTTP requests a minute from one client address (429 beyond): citizen hazard reports, CAP routes.
#citizen_reports_per_minute = 30
#cap_requests_per_minute = 120
# Frames buffered for one connection that does not read them; past it the connection is closed.
#max_pending_bytes = 16777216
# Logins waiting for password verification (argon2id, one at a time); more are refused auth_busy.
#max_pending_logins = 16
# SQLite synchronous mode. FULL: an ack means the change is on disk. NORMAL loses the last commits on power loss.
#synchronous = "FULL"
# Display time zone offset in minutes (Asia/Shanghai = 480). Storage is always UTC.
#local_offset_minutes = 480
# Rules file (schema/rules.md); "" = the defaults built in. rules.reload (admin) re-reads it; a file
# with errors is refused with line:column and reason, and the rules in force stay in force.
#rules_file = ""
# TLS: certificate chain (leaf first) and private key, PEM files. With them the HTTP port serves only
# HTTPS and WSS (TLS 1.2 or later). Behind a reverse proxy that terminates TLS, leave them empty and
# listen on 127.0.0.1 (README "Deployment behind a reverse proxy").
#tls_cert = ""
#tls_key = ""
# Plain HTTP on an address other than loopback is refused unless this is true (passwords and session
# tokens would cross the network in clear text).
#insecure_http = false
# Reverse proxies (numeric addresses, comma-separated, e.g. "127.0.0.1") whose X-Forwarded-For header
# names the client for login throttling and auth_log. The header of anyone else is ignored.
#trusted_proxies = ""
)";
}

}  // namespace lifeline::server
