// lifeline-gateway: one process per link kind, between the command (ZeroMQ DEALER) and a modem or
// network. `--link=loopback --as=pdt` is the test link (terminals over TCP on localhost).
#include <CLI/CLI.hpp>

#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "lifeline/gateway/gateway_core.hpp"
#include "lifeline/gateway/beidou_driver.hpp"
#include "lifeline/gateway/iridium_gateway_driver.hpp"
#include "lifeline/gateway/loopback_driver.hpp"
#include "lifeline/log.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

using namespace lifeline;

int main(int argc, char** argv) {
  CLI::App cli{"lifeline-gateway: bridges one thin link (radio, satellite, SMS) to lifeline-command"};
  gateway::GatewayOptions options;
  options.command = "tcp://127.0.0.1:5560";
  std::string listen = "127.0.0.1", port_file, clock_mode = "system", clock_start;
  int port = 0;
  std::string device, card, modem, keys_file, key_file, server_key, state_file;
  bool print_public_key = false;
  cli.add_option("--link", options.link, "link kind: loopback (beidou, iridium, pdt, tiantong, sms: see schema/links.md)")->required();
  cli.add_option("--as", options.channel, "channel served for the command (loopback only; default = --link)");
  cli.add_option("--command", options.command, "the command's ZeroMQ ROUTER endpoint")->capture_default_str();
  cli.add_option("--id", options.gateway_id, "gateway identity (default: link + random)");
  cli.add_option("--interval-ms", options.interval_ms, "per-terminal send interval (rate limit)")->capture_default_str();
  cli.add_option("--listen", listen, "address for terminals (loopback)")->capture_default_str();
  cli.add_option("--port", port, "port for terminals (loopback; 0 = any free)")->capture_default_str();
  cli.add_option("--port-file", port_file, "write bound ports here as JSON");
  cli.add_option("--device", device, "the link's device: tcp:HOST:PORT (a modem or lifeline-sim)");
  cli.add_option("--card", card, "beidou: the centre terminal's 7-digit card number");
  cli.add_option("--modem", modem, "iridium: the centre modem's 7-digit id (RockBLOCK serial; the simulator's hello)");
  cli.add_option("--keys", keys_file, "enrolled terminals: {\"<address>\": {\"team\", \"key_id\", \"key\"}} (codec MAC keys)");
  cli.add_option("--key-file", key_file,
                 "this gateway's CURVE key pair (JSON, mode 0600; created if absent). The admin enrols its public key: peer.enrol")
      ->required();
  cli.add_flag("--print-public-key", print_public_key, "print the public key of --key-file (creating it if absent) and exit");
  cli.add_option("--server-key", server_key, "the command's CURVE public key: 40 Z85 characters or a file (lifeline-command curve-key)");
  cli.add_option("--state-file", state_file,
                 "thin links (beidou, iridium): per-terminal sequence and replay counters, kept across restarts (mode 0600)");
  cli.add_option("--clock", clock_mode, "system | manual")->capture_default_str();
  cli.add_option("--clock-start", clock_start, "start time for --clock=manual (RFC 3339)");
  CLI11_PARSE(cli, argc, argv);
  try {
    options.keys = gateway::load_or_create_curve_key_pair(key_file);
    if (print_public_key) {
      std::printf("%s\n", options.keys.public_key.c_str());
      return 0;
    }
    if (server_key.empty()) throw std::runtime_error("--server-key is required: the command's public key (lifeline-command curve-key)");
    options.server_public_key = gateway::read_curve_public_key(server_key);
    if (options.channel.empty()) options.channel = options.link;
    if (options.gateway_id.empty()) options.gateway_id = options.link + "-" + uuid7_string(SystemClock().now_ms()).substr(24);
    auto start = clock_start.empty() ? std::optional<int64_t>(-1) : parse_rfc3339(clock_start);
    if (!start) throw std::runtime_error("--clock-start must be RFC 3339");
    auto clock = make_clock(clock_mode, *start);
    boost::asio::io_context io;
    std::unique_ptr<gateway::LinkDriver> driver;
    if (options.link == "loopback") {
      driver = std::make_unique<gateway::LoopbackDriver>(io, listen, port);
    } else if (options.link == "beidou") {
      if (keys_file.empty()) throw std::runtime_error("--link=beidou needs --keys (the enrolled terminals)");
      if (state_file.empty()) throw std::runtime_error("--link=beidou needs --state-file (replay counters survive restarts)");
      std::ifstream in(keys_file);
      auto keys = gateway::TerminalKeys::from_json(nlohmann::json::parse(in));
      keys.state_file = state_file;
      driver = std::make_unique<gateway::BeidouDriver>(io, *clock, device, card, std::move(keys));
    } else if (options.link == "iridium") {
      if (keys_file.empty()) throw std::runtime_error("--link=iridium needs --keys (the enrolled terminals)");
      if (state_file.empty()) throw std::runtime_error("--link=iridium needs --state-file (replay counters survive restarts)");
      std::ifstream in(keys_file);
      if (!in) throw std::runtime_error("--keys: cannot read " + keys_file);
      auto keys = gateway::TerminalKeys::from_json(nlohmann::json::parse(in));
      keys.state_file = state_file;
      driver = std::make_unique<gateway::IridiumGatewayDriver>(io, *clock, device, modem, std::move(keys));
    } else {
      throw std::runtime_error("--link=" + options.link + ": driver not available in this build");
    }
    gateway::GatewayCore core(io, *clock, options, *driver);
    core.start();
    if (!port_file.empty()) {
      auto ports = driver->ports();
      std::ofstream(port_file + ".tmp") << ports.dump() << "\n";
      std::filesystem::rename(port_file + ".tmp", port_file);
    }
    log_info("gateway", "started", {{"link", options.link}, {"channel", options.channel}, {"command", options.command},
                                    {"ports", driver->ports()}});
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    io.run();
    return 0;
  } catch (const std::exception& e) {
    log_error("gateway", "fatal", {{"error", e.what()}});
    return 2;
  }
}
