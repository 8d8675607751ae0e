#include "demo_devices.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "demo_names.hpp"
#include "lifeline/civil_date.hpp"

namespace lifeline::demo {

using nlohmann::json;

namespace {

std::string china_day(int64_t ms) {
  auto d = china_date_of(ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(d.year), d.month, d.day);
  return buf;
}

}  // namespace

void seed_devices(domain::OpContext& ctx) {
  // Events, as the depots' are: the seed runs before the supplies module installs its ops.
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  const std::string recent = china_day(ctx.now() - 10 * kDay), stale = china_day(ctx.now() - 45 * kDay);
  int serial = 0;
  // `n` devices of `kind` held by `unit` (and `team`), numbered from `prefix`-001; the first
  // `overdue` of them last checked 45 days ago (a monthly check missed), the rest 10 days ago.
  auto batch = [&](const std::string& prefix, const char* kind, int n, const std::string& unit, const std::string& team,
                   const std::string& holder, const std::string& maintainer, int overdue) {
    for (int i = 1; i <= n; ++i) {
      char id[64];
      std::snprintf(id, sizeof id, "%s-%03d", prefix.c_str(), i);
      json b = {{"kind", kind}, {"unit_id", unit}, {"check_every_days", 30}, {"holder", holder + std::to_string(i) + "号"},
                {"maintainer", maintainer}, {"model", kind == std::string("satellite_phone") ? "TT900" : "PDT-P8"},
                {"serial", std::to_string(880000 + ++serial)}, {"last_checked_on", i <= overdue ? stale : recent}};
      if (!team.empty()) b["team_id"] = team;
      ctx.emit("device.registered", id, b);
    }
  };
  // The city's teams: 20 satellite phones, 50 radios, spread over its three professional teams.
  batch("SAT-CITY", "satellite_phone", 20, "city", "T-MINE", "市矿山救护队队员", "市应急局通信保障科", 0);
  batch("RAD-CITY", "radio", 50, "city", "T-FOREST", "市森林消防队队员", "市应急局通信保障科", 0);
  // Each county: 10 and 30; 南河区 (county-3) is two satellite phones short, and two of each
  // county's radios missed last month's check.
  for (const auto& c : ctx.store().query("SELECT id, name FROM units WHERE kind = 'county' ORDER BY id")) {
    const std::string id = c["id"], name = c["name"];
    const std::string code = "C" + id.substr(id.find('-') + 1);
    batch("SAT-" + code, "satellite_phone", id == "county-3" ? 8 : 10, id, "", name + "应急管理局值班员", name + "应急管理局", 0);
    batch("RAD-" + code, "radio", 30, id, "", name + "应急管理局值班员", name + "应急管理局", 2);
  }
  // Each township's squad: 20 radios (asset numbers RAD-T01-001…, townships in id order); 南湾镇
  // (P0013) has 18.
  int town = 0;
  for (const auto& t : ctx.store().query("SELECT u.id, u.name, t.id AS team FROM units u JOIN teams t ON t.unit_id = u.id "
                                         "AND t.kind = 'township' WHERE u.kind = 'township' ORDER BY u.id")) {
    const std::string id = t["id"];
    char code[16];
    std::snprintf(code, sizeof code, "RAD-T%02d", ++town);
    batch(code, "radio", id == "P0013" ? 18 : 20, id, t["team"], t["name"].get<std::string>() + "救援队队员",
          t["name"].get<std::string>() + "应急办", 0);
  }
  // A radio found faulty at its check: out of service until repaired.
  ctx.emit("device.checked", "RAD-C2-003", {{"result", "fault"}, {"note", "电池鼓包，无法开机，已送修"}, {"checked_on", china_day(ctx.now())}});
}

void seed_monitor_points(domain::OpContext& ctx) {
  // Seed-digest §8: a handheld for every geohazard-point monitor (328 points) and every forest-fire
  // checkpoint attendant (112). Here each village has a checkpoint and two or three geohazard
  // points (3 each for the first 104 villages, 2 for the last 8: 328), each with its monitor and
  // the handheld issued to them, held by the township; 南湾镇 (P0013) has not issued the last
  // point's handheld in each of its villages, so its target shows the gap.
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  const std::string checked = china_day(ctx.now() - 12 * kDay);
  int village = 0, person = 500;
  for (const auto& v : ctx.store().query("SELECT v.id, v.name, v.lat, v.lon, v.parent_id AS township, t.name AS township_name "
                                         "FROM units v JOIN units t ON t.id = v.parent_id WHERE v.kind = 'village' ORDER BY v.id")) {
    const std::string id = v["id"], name = v["name"], township = v["township"];
    const double lat = v["lat"].is_number() ? v["lat"].get<double>() : 0, lon = v["lon"].is_number() ? v["lon"].get<double>() : 0;
    const int geohazards = village++ < 104 ? 3 : 2;
    struct Point {
      std::string id, kind, name;
      double dlat, dlon;
    };
    std::vector<Point> points = {{"FC-" + id, "fire_checkpoint", name + "森林防火卡口", 0.004, 0.003}};
    static const char* kTypes[] = {"滑坡", "崩塌", "泥石流"};
    for (int k = 1; k <= geohazards; ++k)
      points.push_back({"GH-" + id + "-" + std::to_string(k), "geohazard", name + kTypes[(village + k) % 3] + "隐患点" + std::to_string(k) + "号",
                        -0.006 * k, 0.005 * (k - 2)});
    for (size_t i = 0; i < points.size(); ++i) {
      const auto& p = points[i];
      const std::string monitor = person_name(person++) + (p.kind == "geohazard" ? "（监测员）" : "（卡口值守员）");
      json b = {{"kind", p.kind}, {"unit_id", id}, {"name", p.name}, {"monitor", monitor}};
      if (v["lat"].is_number()) b["lat"] = lat + p.dlat, b["lon"] = lon + p.dlon;
      ctx.emit("monitor_point.registered", p.id, b);
      if (township == "P0013" && i + 1 == points.size()) continue;  // not issued yet
      ctx.emit("device.registered", "HH-" + p.id,
               {{"kind", "handheld"}, {"unit_id", township}, {"check_every_days", 30}, {"holder", monitor},
                {"maintainer", v["township_name"].get<std::string>() + "应急办"}, {"model", "北斗三号应急手持终端"},
                {"serial", std::to_string(770000 + person)}, {"last_checked_on", checked}, {"point_id", p.id}});
    }
  }
}

void seed_comms_tests(domain::OpContext& ctx) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  // City teams tested at the city's training (about 40 days ago), township squads at their
  // county's (about 15 days ago); every 13th member failed, so each desk has a few to retest.
  const std::string city_day = china_day(ctx.now() - 40 * kDay), county_day = china_day(ctx.now() - 15 * kDay);
  static const char* kFailed[] = {"卫星电话拨号与定位上报不合格", "对讲机中继频道切换不会", "手持终端回执与位置上报不会操作"};
  int n = 0;
  for (const auto& m : ctx.store().query(
           "SELECT m.id, m.team_id, t.unit_id FROM members m JOIN teams t ON t.id = m.team_id "
           "WHERE t.unit_id = 'city' OR t.kind = 'township' ORDER BY t.id, m.role, m.name")) {
    bool failed = ++n % 13 == 0;
    json b = {{"member_id", m["id"]}, {"passed", !failed}, {"tested_on", m["unit_id"] == "city" ? city_day : county_day}};
    if (failed) b["note"] = kFailed[(n / 13) % 3];
    ctx.emit("team.member_comms_tested", m["team_id"], b);
  }
}

}  // namespace lifeline::demo
