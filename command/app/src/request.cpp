#include "lifeline/app/request.hpp"

namespace lifeline::app {

json make_ok(const std::string& rid, json result) {
  return {{"type", "res"}, {"rid", rid}, {"ok", true}, {"result", std::move(result)}};
}

json make_error(const std::string& rid, json error) {
  return {{"type", "res"}, {"rid", rid}, {"ok", false}, {"error", std::move(error)}};
}

}  // namespace lifeline::app
