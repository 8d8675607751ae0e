// lifeline-command: the command-centre server.
//   lifeline-command [serve] [options]      run the server (default)
//   lifeline-command init --admin NAME      create the first admin (password on stdin)
//   lifeline-command rebuild                replay the event logs into fresh projections
//   lifeline-command sample-config          print the config file with every default
//   lifeline-command curve-key              print the command's CURVE public key (for gateways)
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "lifeline/app/engine.hpp"
#include "lifeline/demo/demo_seed.hpp"
#include "lifeline/domain/passwords.hpp"
#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/log.hpp"
#include "lifeline/server/server_config.hpp"
#include "lifeline/node/command_node.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

using namespace lifeline;

namespace {

app::EngineConfig engine_config(const server::ServerConfig& c) {
  app::EngineConfig e;
  e.data_dir = c.data_dir;
  e.session_ttl_ms = c.session_ttl_ms;
  e.synchronous = c.synchronous;
  return e;
}

std::string default_console_dir(const char* argv0) {
  // Installed layout: <prefix>/bin/lifeline-command and <prefix>/share/lifeline/console; in the
  // build tree the console is served from the source folder.
  auto exe = std::filesystem::weakly_canonical(std::filesystem::path(argv0)).parent_path();
  for (auto candidate : {exe / "../share/lifeline/console", std::filesystem::path(LIFELINE_CONSOLE_SOURCE_DIR)})
    if (std::filesystem::exists(candidate / "index.html")) return candidate.string();
  return "";
}

int serve(server::ServerConfig& config, bool demo, const char* argv0) {
  if (config.console_dir.empty()) config.console_dir = default_console_dir(argv0);
  domain::set_password_cost(config.password_cost);
  node::CommandNode node(config, demo);
  return node.run();  // until SIGINT/SIGTERM (handled in the node's io loop)
}

int init_admin(const server::ServerConfig& config, const std::string& admin, const std::string& password_file) {
  std::string password;
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    std::getline(in, password);
  } else {
    std::getline(std::cin, password);
  }
  domain::check_password_policy(password);
  app::Metrics metrics;
  app::Engine engine(engine_config(config), config.make_clock(), metrics);
  engine.open_realms();
  if (!engine.live().query_one("SELECT id FROM users WHERE role = 'admin' AND active = 1").is_null()) {
    std::cerr << "an admin exists already; nothing changed\n";
    return 1;
  }
  bool created = false;
  engine.run_system("live", [&](domain::OpContext& ctx) {
    if (ctx.store().query_one("SELECT id FROM units WHERE id = 'city'").is_null())
      engine.ops().find("unit.create")->handler(ctx, {{"id", "city"}, {"kind", "city"}, {"name", "市应急管理局"}, {"name_en", "City Bureau"}});
    engine.ops().find("user.create")->handler(ctx, {{"username", admin}, {"password", password}, {"display_name", admin},
                                                    {"role", "admin"}, {"unit_id", "city"}});
    created = true;
  });
  std::cerr << (created ? "admin " + admin + " created\n" : "failed\n");
  return created ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  server::ServerConfig config;
  CLI::App cli{"lifeline-command: the Lifeline command-centre server"};
  cli.require_subcommand(0, 1);
  std::string config_file;
  bool demo = false;
  auto add_common = [&](CLI::App* app) {
    app->add_option("--config", config_file, "TOML config file (see `sample-config`); flags override it");
    app->add_option("--data-dir", config.data_dir, "directory of live.db and drill databases")->capture_default_str();
    app->add_option("--clock", config.clock,
                    "system | manual (time moves only by clock.advance) | simulated (runs from --clock-start at real speed)")
        ->check(CLI::IsMember({"system", "manual", "simulated"}))
        ->capture_default_str();
    app->add_option("--clock-start", config.clock_start, "start time of --clock=manual or simulated (RFC 3339)");
    app->add_option("--synchronous", config.synchronous, "SQLite synchronous: FULL (acks durable) | NORMAL")
        ->check(CLI::IsMember({"FULL", "NORMAL"}))
        ->capture_default_str();
  };
  auto* serve_cmd = cli.add_subcommand("serve", "run the server (default)");
  for (auto* app : {static_cast<CLI::App*>(&cli), serve_cmd}) {
    add_common(app);
    app->add_option("--listen", config.listen, "address to bind (plain HTTP: loopback only, unless --insecure-http)")
        ->capture_default_str();
    app->add_option("--tls-cert", config.tls_cert, "certificate chain, PEM, leaf first: the port then serves HTTPS/WSS only");
    app->add_option("--tls-key", config.tls_key, "private key of --tls-cert, PEM");
    app->add_flag("--insecure-http", config.insecure_http, "allow plain HTTP on an address other than loopback");
    app->add_option("--trusted-proxies", config.trusted_proxies,
                    "reverse proxies (numeric addresses, comma-separated) whose X-Forwarded-For is believed");
    app->add_option("--zmq-listen", config.zmq_listen, "address to bind the ZeroMQ ROUTER and PUB (CURVE; enrolled peers only)")
        ->capture_default_str();
    app->add_option("--port", config.http_port, "HTTP + WebSocket port (0 = any free)")->capture_default_str();
    app->add_option("--router-port", config.router_port,
                    "ZeroMQ ROUTER port for gateways (0 = any free; default 5560, or any free when --port is 0)");
    app->add_option("--pub-port", config.pub_port,
                    "ZeroMQ PUB port for the partner feed (0 = any free; default 5561, or any free when --port is 0)");
    app->add_option("--port-file", config.port_file, "write the bound ports (and the CURVE public key) here as JSON");
    app->add_option("--curve-key-file", config.curve_key_file,
                    "the command's CURVE key pair, JSON, mode 0600 (default: DATA_DIR/zmq-curve.key, made on first start)");
    app->add_option("--console-dir", config.console_dir, "static files of the console (default: installed copy)");
    app->add_option("--max-frame-bytes", config.max_frame_bytes, "WebSocket frame limit")->capture_default_str();
    app->add_option("--max-body-bytes", config.max_body_bytes, "request/envelope body limit")->capture_default_str();
    app->add_option("--max-frames-per-second", config.max_frames_per_second, "per connection")->capture_default_str();
    app->add_option("--max-connections", config.max_connections, "WebSocket connections in all")->capture_default_str();
    app->add_option("--max-connections-per-address", config.max_connections_per_address,
                    "WebSocket connections from one client address")->capture_default_str();
    app->add_option("--idle-timeout-seconds", config.idle_timeout_seconds,
                    "close a WebSocket connection that sends nothing for this long (0 = never)")->capture_default_str();
    app->add_option("--max-pending-bytes", config.max_pending_bytes, "per connection: frames buffered for a slow reader")
        ->capture_default_str();
    app->add_option("--max-pending-logins", config.max_pending_logins, "logins waiting for verification (auth_busy beyond)")
        ->capture_default_str();
    app->add_option("--rules-file", config.rules_file,
                    "rules file (schema/rules.md; default: the built-in rules); rules.reload re-reads it");
    app->add_option("--drill-scenario", config.drill_scenario,
                    "start a drill playing this scenario file once the server is up (schema/drills.md)");
    app->add_flag("--demo", demo, "seed the demo city, teams, depots and users if absent (idempotent)");
    app->add_option("--password-cost", config.password_cost, "argon2id cost of new hashes: interactive | min (tests/benchmarks only)")
        ->capture_default_str();
  }
  auto* init_cmd = cli.add_subcommand("init", "create the first admin user (password from stdin or --password-file)");
  std::string admin, password_file;
  add_common(init_cmd);
  init_cmd->add_option("--admin", admin, "user name of the admin")->required();
  init_cmd->add_option("--password-file", password_file, "read the password from this file");
  auto* rebuild_cmd = cli.add_subcommand("rebuild", "replay every realm's event log into fresh projections");
  add_common(rebuild_cmd);
  bool rebuild_flag = false;
  cli.add_flag("--rebuild", rebuild_flag, "same as the `rebuild` subcommand");
  cli.add_subcommand("sample-config", "print a config file with every option at its default");
  auto* contract_cmd = cli.add_subcommand("contract", "print every operation and event kind this build serves, as JSON (uses --data-dir)");
  add_common(contract_cmd);
  auto* key_cmd = cli.add_subcommand("curve-key", "print the command's CURVE public key (creating the key pair if absent)");
  add_common(key_cmd);
  key_cmd->add_option("--curve-key-file", config.curve_key_file, "the key pair (default: DATA_DIR/zmq-curve.key)");
  CLI11_PARSE(cli, argc, argv);

  try {
    if (!config_file.empty()) {
      server::ServerConfig file_config;
      file_config.load_toml(config_file);
      // Flags win: re-parse them over the file's values.
      config = file_config;
      cli.clear();
      CLI11_PARSE(cli, argc, argv);
    }
    config.resolve_ports();
    if (cli.got_subcommand("sample-config")) {
      std::cout << server::ServerConfig::sample_toml();
      return 0;
    }
    if (cli.got_subcommand("init")) return init_admin(config, admin, password_file);
    if (cli.got_subcommand("contract")) {
      node::CommandNode node(config, false);
      std::cout << node.contract().dump(2) << "\n";
      return 0;
    }
    if (cli.got_subcommand("curve-key")) {
      std::cout << gateway::load_or_create_curve_key_pair(node::curve_key_path(config)).public_key << "\n";
      return 0;
    }
    if (rebuild_flag || cli.got_subcommand("rebuild")) {
      app::Metrics metrics;
      app::Engine engine(engine_config(config), config.make_clock(), metrics);
      engine.open_realms();
      for (const auto& name : engine.realm_names()) {
        engine.realm(name)->rebuild();
        std::cerr << "rebuilt " << name << " from " << engine.realm(name)->last_seq() << " events\n";
      }
      return 0;
    }
    return serve(config, demo, argv[0]);
  } catch (const std::exception& e) {
    log_error("command", "fatal", {{"error", e.what()}});
    return 2;
  }
}
