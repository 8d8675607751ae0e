// Readiness measured from people on post, not declared per team (seed-digest §6 grassroots teams,
// §7 readiness): the professional brigade keeps 80 % of its members on post normally and 100 % in
// key periods (here: while the duty level is raised to 100 %); in key periods each township keeps
// ≥12 of its squad on standby; team size floors by kind: township squads ≥20 with ≥5 skilled,
// village teams ≥10, high-risk enterprise teams ≥15 (the demo's enterprise teams are all high-risk).
#include "lifeline/supplies/supplies.hpp"
#include "ratio.hpp"

namespace lifeline::supplies {

using domain::OpContext;
using nlohmann::json;

namespace {

struct TeamFloor {
  const char* kind;
  int64_t members, skilled;
};
constexpr TeamFloor kTeamFloors[] = {{"township", 20, 5}, {"village", 10, 0}, {"enterprise", 15, 0}};
constexpr int64_t kTownshipStandby = 12;
constexpr int64_t kNormalOnPostPercent = 80;


}  // namespace

json readiness_metrics(OpContext& ctx) {
  auto& db = ctx.store();
  json out;
  // The duty level in force decides the on-post target (a key period raises it to 100 %).
  auto level = db.query_one("SELECT readiness_percent FROM duty_level WHERE id = 'current'");
  const bool key_period = !level.is_null() && level["readiness_percent"].get<int64_t>() > kNormalOnPostPercent;
  const int64_t required = key_period ? level["readiness_percent"].get<int64_t>() : kNormalOnPostPercent;

  auto on_post = db.query_one(
      "SELECT COALESCE(SUM(m.on_duty), 0) AS on_duty, COUNT(m.id) AS members FROM members m JOIN teams t ON t.id = m.team_id "
      "WHERE t.kind = 'professional'");
  const int64_t on = on_post["on_duty"].get<int64_t>(), all = on_post["members"].get<int64_t>();
  out["on_post"] = ratio(on, all);
  out["on_post"]["required_percent"] = required;
  out["on_post"]["key_period"] = key_period;
  out["on_post"]["meets"] = all > 0 && on * 100 >= required * all;

  // Team size floors: members on the roll (on post or not) and skilled members: a skill recorded
  // and no failed comms test as the latest (seed-digest §8: a member who failed it may not join a
  // rescue, so cannot be one of the squad's skilled rescuers either).
  json below = json::array();
  int64_t with_floor = 0, meeting = 0;
  for (const auto& f : kTeamFloors) {
    for (auto& t : db.query("SELECT t.id AS team_id, t.name, t.name_en, t.kind, COUNT(m.id) AS members, "
                            "COALESCE(SUM(CASE WHEN m.skills <> '' AND COALESCE(m.comms_test, '') <> 'failed' THEN 1 ELSE 0 END), 0) AS skilled "
                            "FROM teams t LEFT JOIN members m ON m.team_id = t.id WHERE t.kind = ? GROUP BY t.id ORDER BY t.id",
                            {f.kind})) {
      ++with_floor;
      t["floor_members"] = f.members;
      t["floor_skilled"] = f.skilled;
      if (t["members"].get<int64_t>() >= f.members && t["skilled"].get<int64_t>() >= f.skilled) {
        ++meeting;
      } else {
        below.push_back(t);
      }
    }
  }
  out["team_size"] = ratio(meeting, with_floor);
  out["teams_below_floor"] = below;

  // Township standby: the township squad's members on post, against 12.
  json short_of = json::array();
  int64_t townships = 0, standing = 0;
  for (auto& u : db.query("SELECT u.id AS unit_id, u.name, u.name_en, (SELECT COALESCE(SUM(m.on_duty), 0) FROM members m "
                          "JOIN teams t ON t.id = m.team_id WHERE t.unit_id = u.id AND t.kind = 'township') AS on_duty "
                          "FROM units u WHERE u.kind = 'township' ORDER BY u.id")) {
    ++townships;
    if (u["on_duty"].get<int64_t>() >= kTownshipStandby) {
      ++standing;
    } else {
      u["required"] = kTownshipStandby;
      short_of.push_back(u);
    }
  }
  out["township_standby"] = ratio(standing, townships);
  out["township_standby"]["required_each"] = kTownshipStandby;
  out["township_standby"]["key_period"] = key_period;
  out["townships_below_standby"] = short_of;
  return out;
}

}  // namespace lifeline::supplies
