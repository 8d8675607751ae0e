// Members' comms tests (通信考核, seed-digest §8): the city trains and tests team members on
// satellite phones, walkie-talkies and handhelds (October city level, November county level), and
// "team members who fail the comms test may not join rescues". A test is recorded per member by
// the desk that ran it; the latest test decides. task.assign reads it (ops_tasks.cpp): an order to
// a rescue names the members the team keeps back.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

json record_comms_test(OpContext& ctx, const json& body) {
  if (ctx.realm() != "live") throw ApiError("bad_field", "comms tests are recorded in the live realm", "通信考核成绩在正式业务域登记");
  BodyReader r(body);
  auto team_id = r.str("team_id", 64);
  auto member_id = r.str("member_id", 64);
  bool passed = r.boolean("passed");
  std::string on = r.has("tested_on") ? read_past_date(ctx, r, "tested_on") : date_of(ctx.now());
  auto note = r.opt_str("note", 500).value_or("");
  r.finish();
  ctx.must_find("teams", team_id);
  auto m = ctx.store().query_one("SELECT comms_tested_on FROM members WHERE id = ? AND team_id = ?", {member_id, team_id});
  if (m.is_null()) throw ApiError("not_found", "member " + member_id + " of team " + team_id, "该队伍无此队员");
  if (!passed && note.empty())
    throw ApiError("bad_field", "body.note: say what the member could not do", "请在备注中写明未通过的科目");
  json ev = {{"member_id", member_id}, {"passed", passed}, {"tested_on", on}};
  if (!note.empty()) ev["note"] = note;
  ctx.emit("team.member_comms_tested", team_id, ev);
  // An older test than the one on file joins the history (the events) only.
  bool latest = m["comms_tested_on"].is_null() || on >= m["comms_tested_on"].get<std::string>();
  return {{"member_id", member_id}, {"passed", passed}, {"tested_on", on}, {"latest", latest}};
}

}  // namespace

void register_comms_test_ops(domain::OpRegistry& r) { r.add("team.record_comms_test", record_comms_test); }

}  // namespace lifeline::supplies
