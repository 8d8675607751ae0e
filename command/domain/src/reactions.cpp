#include "lifeline/domain/reactions.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/domain/op_context.hpp"
#include "lifeline/log.hpp"

namespace lifeline::domain {

void Reactions::on(const std::string& kind, std::string name, Fn fn) { by_kind_[kind].push_back({std::move(name), std::move(fn)}); }

void Reactions::run(OpContext& ctx, const store::Event& e) const {
  auto it = by_kind_.find(e.kind);
  if (it == by_kind_.end()) return;
  if (ctx.reaction_depth() >= kMaxDepth)
    throw ApiError("internal", "reactions nested more than " + std::to_string(kMaxDepth) + " deep at " + e.kind);
  for (const auto& r : it->second) {
    bool done = ctx.attempt([&] { r.fn(ctx, e); });
    if (!done) log_error("reactions", "reaction failed and was rolled back", {{"reaction", r.name}, {"event", e.kind}, {"subject", e.subject}});
  }
}

}  // namespace lifeline::domain
