// lifeline-sim: one simulated thin-link network per process (--net=beidou|iridium|pdt|tiantong|sms).
// Terminals connect over TCP and speak the device protocol after a "HELLO <id>" line; tests, the demo
// and drills steer the network through the control port (schema/links.md "Simulator").
#include <CLI/CLI.hpp>

#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <fstream>

#include "lifeline/log.hpp"
#include "lifeline/sim/sim_server.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline;

int main(int argc, char** argv) {
  CLI::App cli{"lifeline-sim: simulated BeiDou / Iridium / PDT / Tiantong / SMS network for tests, demo and drills"};
  sim::NetworkOptions options;
  std::string listen = "127.0.0.1", port_file, clock_mode = "system", clock_start;
  int port = 7001, control_port = 7002;
  uint64_t seed = 1;
  cli.add_option("--net", options.kind, "network: beidou | iridium | pdt | tiantong | sms")->required();
  cli.add_option("--listen", listen, "address to bind")->capture_default_str();
  cli.add_option("--port", port, "terminal port (0 = any free)")->capture_default_str();
  cli.add_option("--control-port", control_port, "control API port (0 = any free)")->capture_default_str();
  cli.add_option("--port-file", port_file, "write {\"terminals\": port, \"control\": port} here");
  cli.add_option("--seed", seed, "seed of the loss/dup/reorder RNG (same seed, same run)")->capture_default_str();
  cli.add_option("--delay-ms", options.delay_ms,
                 "one-way delay of a healthy link; -1 = the network's default "
                 "(beidou 1500, iridium 5000, pdt 300 + air time, sms 3000, tiantong 8000)")
      ->capture_default_str();
  cli.add_option("--interval-s", options.interval_s, "BeiDou card service frequency ($BDICI field 5)")
      ->capture_default_str();
  cli.add_option("--level", options.level, "BeiDou card communication level (1-4)")->capture_default_str();
  cli.add_option("--max-bytes", options.max_bytes, "BeiDou 2.1 $CCTXA payload cap; 0 = 210")->capture_default_str();
  cli.add_option("--max-bytes-bd3", options.max_bytes_bd3, "BeiDou-3 $CCTCQ payload cap (70 global, 1750 regional)")
      ->capture_default_str();
  cli.add_option("--pdt-bitrate", options.pdt_bitrate, "PDT usable bit/s (air time per frame)")->capture_default_str();
  cli.add_option("--clock", clock_mode, "system | manual (manual: time moves by the control op advance_clock)")
      ->capture_default_str();
  cli.add_option("--clock-start", clock_start, "start time for --clock=manual (RFC 3339)");
  CLI11_PARSE(cli, argc, argv);
  try {
    auto start = clock_start.empty() ? std::optional<int64_t>(-1) : parse_rfc3339(clock_start);
    if (!start) throw std::runtime_error("--clock-start must be RFC 3339");
    if (options.level < 1 || options.level > 4) throw std::runtime_error("--level must be 1-4");
    if (options.interval_s < 0) throw std::runtime_error("--interval-s must be >= 0");
    auto clock = make_clock(clock_mode, *start);
    boost::asio::io_context io;
    sim::SimServer server(io, options, clock, seed, listen, port, control_port);
    server.start();
    if (!port_file.empty()) {
      std::ofstream(port_file + ".tmp") << server.ports().dump() << "\n";
      std::filesystem::rename(port_file + ".tmp", port_file);
    }
    log_info("sim", "started", {{"net", options.kind}, {"ports", server.ports()}, {"seed", seed}, {"clock", clock_mode}});
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) {
      server.stop();
      io.stop();
    });
    io.run();
    return 0;
  } catch (const std::exception& e) {
    log_error("sim", "fatal", {{"error", e.what()}});
    return 2;
  }
}
