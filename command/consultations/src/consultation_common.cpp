#include "consultation_common.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/log.hpp"

namespace lifeline::consultations {

bool is_department(const domain::Actor& a) { return a.role == "department"; }

json consultation_for(domain::OpContext& ctx, const std::string& id) {
  auto c = ctx.must_find("consultations", id);
  if (is_department(ctx.actor()) &&
      ctx.store()
          .query_one("SELECT 1 AS x FROM consultation_participants WHERE consultation_id = ? AND department_id = ?",
                     {id, ctx.actor().unit_id})
          .is_null())
    throw ApiError("out_of_scope", "consultation " + id + " (your department is not invited)", "本部门未受邀参加该会商");
  return c;
}

void require_status(const json& c, std::initializer_list<const char*> statuses, const char* to) {
  for (const char* s : statuses)
    if (c["status"] == s) return;
  std::string from = c["status"];
  throw ApiError("invalid_transition", "consultation " + from + " -> " + to, "会商 " + from + " → " + to);
}

std::vector<std::string> participants(domain::OpContext& ctx, const std::string& consultation_id) {
  std::vector<std::string> out;
  for (const auto& r : ctx.store().query(
           "SELECT department_id FROM consultation_participants WHERE consultation_id = ? ORDER BY department_id",
           {consultation_id}))
    out.push_back(r["department_id"]);
  return out;
}

void notify(const domain::OpRegistry& ops, domain::OpContext& ctx, const std::vector<std::string>& to,
            const std::string& correlation_id, json body) {
  const auto* send = ops.find("bus.send");
  if (!send) return;  // a node without the bus (unit tests of the domain alone)
  for (const auto& address : to) {
    try {
      // From role:system (bus.md §1): the consultation's notice, whoever's request sent it.
      ctx.as_system([&] {
        send->handler(ctx, {{"to", address}, {"kind", "notice"}, {"precedence", "immediate"}, {"ack", "human"},
                            {"correlation_id", correlation_id}, {"realm", ctx.realm()}, {"body", body}});
      });
    } catch (const ApiError& e) {
      log_error("consultations", "notice not sent", {{"to", address}, {"error", e.code()}, {"consultation", correlation_id}});
    }
  }
}

}  // namespace lifeline::consultations
