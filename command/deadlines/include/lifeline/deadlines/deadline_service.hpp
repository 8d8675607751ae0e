/**
 * The deadline service inside lifeline-command: deadline.list, and a tick hook that escalates due
 * deadlines in every realm and sends a bus notice (to role:<role>) at each step.
 *
 * Concurrency: state thread only (installed before Engine::start()).
 */
#pragma once
#include "lifeline/app/engine.hpp"
#include "lifeline/deadlines/deadlines.hpp"

namespace lifeline::deadlines {

class DeadlineService {
 public:
  explicit DeadlineService(app::Engine& engine) : engine_(engine) {}
  // Registers the op and the tick hook. Install after the DeliveryService so notices go out on the bus.
  void install();

 private:
  int64_t tick(int64_t now);
  void notify(domain::OpContext& ctx, const std::string& role, const json& deadline, int level);
  app::Engine& engine_;
};

}  // namespace lifeline::deadlines
