// One lifeline-command process: the engine (state thread), the WebSocket/HTTP front end, the
// delivery service and the gateway hub, wired together. main() parses options and runs it.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "lifeline/server/server_config.hpp"

namespace lifeline::node {

// The command's CURVE key file: the config's curve_key_file, else <data_dir>/zmq-curve.key.
std::string curve_key_path(const server::ServerConfig& c);

class CommandNode {
 public:
  CommandNode(server::ServerConfig config, bool seed_demo);
  ~CommandNode();
  // Binds, writes the port file, serves until stop() or SIGINT/SIGTERM, then stops in order.
  int run();
  void stop();
  // The contract this build serves, for the documentation check (tests/integration/schema):
  // {ops: [...], events: [...]}, every registered operation and every event kind it can record.
  nlohmann::json contract() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::node
