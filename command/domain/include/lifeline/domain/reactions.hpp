/**
 * Reactions: what one module does when an event of another is emitted, declared at install and
 * run inside the emitting operation's transaction, right after the event is projected. The cause
 * and its effects commit together or not at all, so no crash can fall between them (a missed
 * deadline and the rules' notice about it), and no module has to wrap another's operations.
 *
 * Each reaction runs in a savepoint of its own: one that throws is rolled back and logged, and the
 * cause stays (a broken rule must not stop deadlines from escalating). Reactions may emit events
 * that have reactions, up to kMaxDepth deep. State thread only; register before Engine::start().
 */
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lifeline/store/event.hpp"

namespace lifeline::domain {

class OpContext;

class Reactions {
 public:
  using Fn = std::function<void(OpContext&, const store::Event&)>;
  static constexpr int kMaxDepth = 4;
  // `name` says who reacts, for the log when it fails.
  void on(const std::string& kind, std::string name, Fn fn);
  bool any_for(const std::string& kind) const { return by_kind_.count(kind) > 0; }
  // Runs the reactions to `e`, just emitted in `ctx`.
  void run(OpContext& ctx, const store::Event& e) const;

 private:
  struct Reaction {
    std::string name;
    Fn fn;
  };
  std::map<std::string, std::vector<Reaction>> by_kind_;
};

}  // namespace lifeline::domain
