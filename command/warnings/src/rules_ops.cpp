// rules.reload (admin): re-reads the configured rules file; a file with errors is refused with every
// line:column and reason, and the rules in force stay in force. rules.get: what is in force.
#include <fstream>
#include <sstream>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

void register_rules_ops(domain::OpRegistry& ops, rules::RulesHolder& holder, const std::string& path) {
  ops.add("rules.reload", [&holder, path](OpContext& ctx, const json& body) -> json {
    BodyReader(body).finish();
    if (path.empty())
      throw ApiError("bad_field", "no rules file is configured (--rules-file); the embedded defaults are in force",
                     "未配置规则文件（--rules-file），当前为内置默认规则");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ApiError("not_found", "rules file " + path, "规则文件 " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto errors = holder.reload(text.str());
    if (!errors.empty()) rules::throw_rules_invalid(errors);
    auto ids = holder.current()->rule_ids();
    ctx.emit("rules.reloaded", "rules", {{"source", path}, {"rules", ids}});
    return {{"source", path}, {"rules", ids}};
  });
  ops.add("rules.get", [&holder, path](OpContext&, const json& body) -> json {
    BodyReader(body).finish();
    return {{"source", path.empty() ? "embedded" : path}, {"rules", holder.current()->rule_ids()}};
  }, false);
}

}  // namespace lifeline::warnings
