#include "lifeline/domain/actor_name.hpp"

namespace lifeline::domain {

std::string actor_display_name(OpContext& ctx) {
  auto u = ctx.store().query_one("SELECT display_name FROM users WHERE id = ?", {ctx.actor().user_id});
  return u.is_null() ? ctx.actor().username : u["display_name"].get<std::string>();
}

}  // namespace lifeline::domain
