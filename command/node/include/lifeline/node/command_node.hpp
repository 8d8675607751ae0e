// One lifeline-command process: the engine (state thread), the WebSocket/HTTP front end, the
// delivery service and the gateway hub, wired together. main() parses options and runs it.
#pragma once
#include <memory>

#include "lifeline/server/server_config.hpp"

namespace lifeline::node {

class CommandNode {
 public:
  CommandNode(server::ServerConfig config, bool seed_demo);
  ~CommandNode();
  // Binds, writes the port file, serves until stop() (or SIGINT/SIGTERM when install_signals()).
  int run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::node
