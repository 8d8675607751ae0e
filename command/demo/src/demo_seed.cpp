#include "lifeline/demo/demo_seed.hpp"

#include "demo_devices.hpp"
#include "demo_enterprises.hpp"
#include "demo_fringe.hpp"
#include "demo_rosters.hpp"

#include <random>

#include "lifeline/api_error.hpp"
#include "lifeline/log.hpp"
#include "lifeline/schema_files.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::demo {

using nlohmann::json;

namespace {

// Deterministic names so that the demo and tests see the same city every time.
const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "平", "刚", "桂英", "建华", "志强"};

struct Seeder {
  domain::OpContext& ctx;
  const domain::OpRegistry& ops;
  std::mt19937 rng{20260820};
  int radio = 1000, card = 4200000, phone = 0, modem = 3000000;

  json call(const std::string& op, json body) { return ops.find(op)->handler(ctx, body); }

  // `skilled` members with a recorded skill (the seeds' "≥5 skilled per township squad"), the last
  // `off` of them off post (rest, leave): readiness is counted from people, so the demo has some.
  json members(int n, int skilled, int off) {
    static const char* kSkills[] = {"水上救援", "绳索救援", "医疗急救", "通信保障", "无人机侦察", "破拆"};
    json out = json::array();
    for (int i = 0; i < n; ++i) {
      std::string name = std::string(kSurnames[rng() % 20]) + kGiven[rng() % 20];
      json m = {{"name", name}, {"role", i == 0 ? "lead" : "member"}};
      if (i < skilled) m["skills"] = kSkills[i % 6];
      if (i >= n - off) m["on_duty"] = false;
      out.push_back(m);
    }
    return out;
  }

  // IP first, then radio, BeiDou, Iridium SBD modem (7-digit RockBLOCK serial) and Tiantong
  // satellite phone for teams that carry satellite kit, SMS: the fallback ladder.
  json ladder(const std::string& team_id, bool satellite) {
    json l = json::array({{{"channel", "ip"}, {"address", "team:" + team_id}},
                          {{"channel", "pdt"}, {"address", std::to_string(++radio)}},
                          {{"channel", "beidou"}, {"address", std::to_string(++card)}}});
    if (satellite) l.push_back({{"channel", "iridium"}, {"address", std::to_string(++modem)}});
    if (satellite) l.push_back({{"channel", "tiantong"}, {"address", "1740" + std::to_string(1000000 + ++phone)}});
    l.push_back({{"channel", "sms"}, {"address", "139" + std::to_string(10000000 + ++phone)}});
    return l;
  }

  void team(const std::string& id, const std::string& name, const std::string& name_en, const std::string& kind,
            const std::string& unit, double lat, double lon, int size, int required, json equipment, bool satellite,
            int skilled = 0, int off = 0) {
    team_of(id, name, name_en, kind, unit, lat, lon, members(size, skilled, off), required, std::move(equipment), satellite);
  }

  void team_of(const std::string& id, const std::string& name, const std::string& name_en, const std::string& kind,
               const std::string& unit, double lat, double lon, json roll, int required, json equipment, bool satellite) {
    call("team.create", {{"id", id}, {"name", name}, {"name_en", name_en}, {"kind", kind}, {"unit_id", unit},
                         {"lat", lat}, {"lon", lon}, {"required_min", required}, {"members", std::move(roll)},
                         {"equipment", std::move(equipment)}, {"contacts", ladder(id, satellite)}, {"base", name}});
  }

  // The city's 50 experts in 10 fields (seed-digest §6), five per field, each field's first the lead.
  json experts() {
    static const char* kFields[] = {"矿山安全", "危险化学品", "建筑施工", "消防", "水利防汛", "地质灾害", "气象", "医疗救治", "交通运输", "电力"};
    json out = json::array();
    for (int i = 0; i < 50; ++i)
      out.push_back({{"name", std::string(kSurnames[rng() % 20]) + kGiven[rng() % 20]}, {"role", i == 0 ? "lead" : "member"},
                     {"skills", kFields[i / 5]}});
    return out;
  }
};

}  // namespace

bool seed_demo(app::Engine& engine) {
  auto& live = engine.live();
  if (!live.query_one("SELECT id FROM units WHERE id = 'city'").is_null()) return false;
  auto gaz = json::parse(schema::find_file(schema::documents(), "gazetteer.json").value());
  bool ok = true;
  engine.run_system("live", [&](domain::OpContext& ctx) {
    Seeder s{ctx, engine.ops()};
    // A county's seat for what the county keeps (its depot, its volunteers): its first township.
    auto county_seat = [&](const json& county) -> const json* {
      for (const auto& p : gaz["places"])
        if (p["kind"] == "township" && p["county"] == county) return &p;
      return nullptr;
    };
    s.call("unit.create", {{"id", "city"}, {"kind", "city"}, {"name", gaz["city"]}, {"name_en", gaz["city_en"]},
                           {"lat", 28.05}, {"lon", 120.2}});
    std::map<std::string, std::string> county_ids;
    for (size_t i = 0; i < gaz["counties"].size(); ++i) {
      std::string id = "county-" + std::to_string(i + 1);
      county_ids[gaz["counties"][i]] = id;
      s.call("unit.create", {{"id", id}, {"kind", "county"}, {"name", gaz["counties"][i]},
                             {"name_en", gaz["counties_en"][i]}, {"parent_id", "city"}});
    }
    // Partner departments. The ids are those schema/rules.toml names (its consultation list,
    // dept:ecology_environment), so a rule's dept:ID reaches the department's liaison on the bus.
    const std::vector<std::tuple<std::string, std::string, std::string>> depts = {
        {"water_resources", "水利局", "Water Resources Bureau"},
        {"meteorology", "气象局", "Meteorological Bureau"},
        {"natural_resources", "自然资源局", "Natural Resources Bureau"},
        {"health", "卫健委", "Health Commission"},
        {"transport", "交通运输局", "Transport Bureau"},
        {"housing", "住建局", "Housing and Construction Bureau"},
        {"public_security", "公安局", "Public Security Bureau"},
        {"fire", "消防救援支队", "Fire and Rescue Detachment"},
        {"ecology_environment", "生态环境局", "Ecology and Environment Bureau"}};
    for (const auto& [id, name, en] : depts)
      s.call("unit.create", {{"id", id}, {"kind", "department"}, {"name", name}, {"name_en", en}, {"parent_id", "city"}});

    // City professional teams: 50 people each (seed-digest §6: 30 → 50 by end of October), at least
    // 40 on post (80 %, §7), 5 of them off post today.
    s.team("T-MINE", "市矿山救护队", "City Mine Rescue Team", "professional", "city", 28.06, 120.18, 50, 40,
           {{{"item", "rescue_capsule"}, {"qty", 3}}, {{"item", "detection_robot"}, {"qty", 2}}, {{"item", "satellite_phone"}, {"qty", 4}}}, true, 50, 5);
    s.team("T-HAZMAT", "市危化品救援队", "City Hazmat Rescue Team", "professional", "city", 28.04, 120.22, 50, 40,
           {{{"item", "gas_detector"}, {"qty", 10}}, {{"item", "explosion_proof_suit"}, {"qty", 20}}, {{"item", "satellite_phone"}, {"qty", 4}}}, true, 50, 5);
    s.team("T-FOREST", "市森林消防队", "City Forest Firefighting Team", "professional", "city", 28.12, 120.08, 50, 40,
           {{{"item", "blower_extinguisher"}, {"qty", 50}}, {{"item", "water_gun"}, {"qty", 30}}, {{"item", "satellite_phone"}, {"qty", 4}}}, true, 50, 5);
    // Township squads ≥20 (≥5 skilled).
    for (const auto& p : gaz["places"]) {
      if (p["kind"] == "township") {
        std::string tid = p["id"];
        s.call("unit.create", {{"id", tid}, {"kind", "township"}, {"name", p["name"]}, {"name_en", p["name_en"]},
                               {"parent_id", county_ids[p["county"]]}, {"geocode", p["geocode"]}, {"lat", p["lat"]}, {"lon", p["lon"]}});
        // 22 on the roll, 20 on post, ≥12 to stand by in key periods; 6 skilled, but 南湾镇 and 岩头镇
        // have only 4 (seed-digest §6: "2 counties' teams are below standard").
        s.team("T-" + tid, std::string(p["name"]) + "应急救援队", std::string(p["name_en"]) + " Rescue Squad", "township",
               tid, p["lat"], p["lon"], 22, 12,
               {{{"item", "assault_boat"}, {"qty", 2}}, {{"item", "life_jacket"}, {"qty", 40}}, {{"item", "radio"}, {"qty", 20}}}, false,
               p["name"] == "南湾镇" || p["name"] == "岩头镇" ? 4 : 6, 2);
      }
    }
    // A team in every village (seed-digest §6: each village team ≥10; each of the 112
    // administrative villages has a forest-fire patrol team).
    std::map<std::string, std::string> township_of;  // township name → id
    for (const auto& t : gaz["places"])
      if (t["kind"] == "township") township_of[t["name"]] = t["id"];
    for (const auto& p : gaz["places"]) {
      if (p["kind"] != "village") continue;
      std::string township = township_of[p.value("township", "")];
      if (township.empty()) continue;
      // The village is a unit of its township (its hazard ledger, its half-monthly screening); its
      // team is held by the township, whose squad leads it.
      s.call("unit.create", {{"id", p["id"]}, {"kind", "village"}, {"name", p["name"]}, {"name_en", p["name_en"]},
                             {"parent_id", township}, {"lat", p["lat"]}, {"lon", p["lon"]}});
      s.team("T-" + std::string(p["id"]), std::string(p["name"]) + "应急分队", std::string(p["name_en"]) + " Team", "village",
             township, p["lat"], p["lon"], 12, 10,
             {{{"item", "extinguisher"}, {"qty", 10}}, {{"item", "shovel"}, {"qty", 10}}, {{"item", "flashlight"}, {"qty", 12}}}, false,
             2, 1);
    }
    // Each township's flood-response group (its squad and its village teams), and each county's
    // squads: the desk orders or tells a whole township at once, as on the 8·20 day.
    std::map<std::string, json> township_group, county_group;
    std::map<std::string, std::pair<std::string, std::string>> title;  // group name → zh, en
    for (const auto& p : gaz["places"]) {
      if (p["kind"] == "township") {
        const auto id = p["id"].get<std::string>();
        township_group[id].push_back("team:T-" + id);
        county_group[county_ids[p["county"].get<std::string>()]].push_back("team:T-" + id);
        title["flood-" + id] = {p["name"].get<std::string>() + "防汛组", p.value("name_en", id) + " flood group"};
      }
    }
    for (size_t i = 0; i < gaz["counties"].size(); ++i)
      title["squads-county-" + std::to_string(i + 1)] = {gaz["counties"][i].get<std::string>() + "各乡镇救援队",
                                                         gaz["counties_en"][i].get<std::string>() + " township squads"};
    for (const auto& t : ctx.store().query("SELECT id, unit_id FROM teams WHERE kind = 'village' ORDER BY id"))
      township_group[t["unit_id"].get<std::string>()].push_back("team:" + t["id"].get<std::string>());
    auto group = [&](const std::string& name, const json& members) {
      ctx.emit("group.set", name, {{"members", members}, {"title_zh", title[name].first}, {"title_en", title[name].second}});
    };
    for (const auto& [township, members] : township_group) group("flood-" + township, members);
    for (const auto& [county, members] : county_group) group("squads-" + county, members);
    // Enterprise teams (high-risk firms ≥15), volunteers, experts.
    s.team("T-ENT-CHEM", "滨海化工园区企业救援队", "Binhai Chemical Park Enterprise Team", "enterprise", "county-1", 27.95, 120.1, 16, 15,
           json::array({{{"item", "gas_detector"}, {"qty", 4}}}), false, 4, 0);
    s.team("T-ENT-MINE", "青山矿业企业救援队", "Qingshan Mining Enterprise Team", "enterprise", "county-2", 28.1, 120.2, 15, 15,
           json::array({{{"item", "breathing_apparatus"}, {"qty", 15}}}), false, 4, 0);
    // 1,000 volunteers (seed-digest §6, recruited with the Youth League and the Red Cross): the
    // city's brigade of 200 and a detachment of 100 in each of the 8 counties.
    s.team("T-VOL", "市应急志愿者大队", "City Emergency Volunteers", "volunteer", "city", 28.05, 120.2, 200, 0,
           json::array({{{"item", "first_aid_kit"}, {"qty", 200}}}), false);
    for (size_t i = 0; i < gaz["counties"].size(); ++i) {
      const std::string county = "county-" + std::to_string(i + 1);
      double lat = 28.05, lon = 120.2;
      if (const json* seat = county_seat(gaz["counties"][i])) {
        lat = (*seat)["lat"].get<double>() + 0.01;
        lon = (*seat)["lon"].get<double>() - 0.01;
      }
      s.team("T-VOL-" + std::to_string(i + 1), gaz["counties"][i].get<std::string>() + "应急志愿者中队",
             gaz["counties_en"][i].get<std::string>() + " Emergency Volunteers", "volunteer", county, lat, lon, 100, 0,
             json::array({{{"item", "first_aid_kit"}, {"qty", 100}}}), false);
    }
    s.team_of("T-EXPERT", "市应急专家组", "City Expert Panel", "expert", "city", 28.05, 120.21, s.experts(), 0, json::array(), false);

    // The supply catalogue (a receipt or release of an item not listed here is refused).
    const std::vector<std::tuple<const char*, const char*, const char*, const char*, int>> items = {
        {"tent", "帐篷", "Tent", "顶", 0},           {"folding_bed", "折叠床", "Folding bed", "张", 0},
        {"assault_boat", "冲锋舟", "Assault boat", "艘", 0}, {"quilt", "棉被", "Quilt", "床", 0},
        {"generator", "发电机", "Generator", "台", 0}, {"pump", "水泵", "Pump", "台", 0},
        {"life_jacket", "救生衣", "Life jacket", "件", 0}, {"drinking_water", "饮用水", "Drinking water", "瓶", 730},
        {"instant_food", "方便食品", "Instant food", "份", 365}, {"medicine", "常用药品", "Common medicine", "盒", 730},
        {"first_aid_kit", "急救包", "First-aid kit", "个", 1095}, {"raincoat", "雨衣", "Raincoat", "件", 0},
        {"shovel", "铁锹", "Shovel", "把", 0},         {"fire_hose", "水带", "Fire hose", "米", 0}};
    for (const auto& [id, zh, en, unit, shelf] : items) {
      json b = {{"name", zh}, {"name_en", en}, {"unit", unit}};
      if (shelf > 0) b["shelf_life_days"] = shelf;
      ctx.emit("item.defined", id, b);
    }
    // Depots: 2 city, one per county, forward points in the mountains.
    auto depot = [&](const std::string& id, const std::string& name, const std::string& en, const std::string& tier,
                     const std::string& unit, double lat, double lon, json stock) {
      ctx.emit("depot.created", id, {{"name", name}, {"name_en", en}, {"tier", tier}, {"unit_id", unit}, {"lat", lat}, {"lon", lon}});
      for (const auto& st : stock) ctx.emit("stock.received", id, st);
    };
    auto item = [](const char* i, int qty, const char* unit, const char* batch, json expires = nullptr) {
      return json{{"item", i}, {"qty", qty}, {"unit", unit}, {"batch", batch}, {"expires_on", expires}};
    };
    depot("D-CITY-1", "市应急物资储备一库", "City Reserve Depot 1", "city", "city", 28.07, 120.19,
          {item("tent", 600, "顶", "2025-03"), item("folding_bed", 900, "张", "2025-03"), item("assault_boat", 18, "艘", "2024-11"),
           item("quilt", 2000, "床", "2025-05"), item("generator", 40, "台", "2024-06"), item("pump", 60, "台", "2024-06")});
    depot("D-CITY-2", "市应急物资储备二库", "City Reserve Depot 2", "city", "city", 28.02, 120.25,
          {item("tent", 400, "顶", "2025-08"), item("folding_bed", 600, "张", "2025-08"), item("assault_boat", 12, "艘", "2025-01"),
           item("life_jacket", 3000, "件", "2025-04")});
    int n = 0;
    for (const auto& [county, id] : county_ids) {
      ++n;
      // Beside the county's first township (a fixed spacing put two of them in the sea).
      double lat = 28.05, lon = 120.2;
      std::string county_en = "County " + std::to_string(n);
      for (size_t i = 0; i < gaz["counties"].size(); ++i)
        if (gaz["counties"][i] == county) county_en = gaz["counties_en"][i];
      if (const json* seat = county_seat(json(county))) {
        lat = (*seat)["lat"].get<double>() - 0.012;
        lon = (*seat)["lon"].get<double>() + 0.012;
      }
      depot("D-" + id, county + "应急物资库", county_en + " Depot", "county", id, lat, lon,
            {item("drinking_water", 50000, "瓶", "2026-W1", "2027-03-01"), item("drinking_water", 8000, "瓶", "2025-W9", "2026-12-20"),
             item("instant_food", 30000, "份", "2026-F2", "2027-01-15"), item("medicine", 5000, "盒", "2026-M1", "2027-06-30"),
             // for the typhoon day: shelters and life jackets within an hour of every township
             item("tent", 200, "顶", "2025-KT"), item("life_jacket", 500, "件", "2025-KL")});
    }
    // Township stock points (seed-digest §5: raincoats 200, shovels 300, 2 pumps, 2 km of hose
    // each); a few are short, as the bureau's own census found.
    int town_no = 0;
    for (const auto& p : gaz["places"]) {
      if (p["kind"] != "township") continue;
      ++town_no;
      std::string tid = p["id"];
      depot("D-" + tid, std::string(p["name"]) + "应急物资储备点", std::string(p["name_en"]) + " Stock Point", "township", tid,
            p["lat"].get<double>() + 0.004, p["lon"].get<double>() + 0.004,
            {item("raincoat", town_no % 4 == 1 ? 150 : 200, "件", "2025-R"), item("shovel", 300, "把", "2025-S"),
             item("pump", town_no % 5 == 2 ? 1 : 2, "台", "2025-P"), item("fire_hose", town_no == 12 ? 1600 : 2000, "米", "2025-H")});
    }
    // 20 forward points (seed-digest §5) in the mountains and at geohazard points: the first four
    // in the core counties' hills, the others beside villages spread over the city.
    std::vector<const json*> villages;
    for (const auto& p : gaz["places"])
      if (p["kind"] == "village") villages.push_back(&p);
    for (int f = 1; f <= 20; ++f) {
      std::string county = "county-" + std::to_string((f - 1) % 3 + 1);
      double lat = 28.15 + 0.02 * f, lon = 119.98 + 0.1 * f;
      if (f > 4 && !villages.empty()) {
        const auto& v = *villages[(f * 37) % villages.size()];
        for (size_t i = 0; i < gaz["counties"].size(); ++i)
          if (gaz["counties"][i] == v["county"]) county = "county-" + std::to_string(i + 1);
        lat = v["lat"].get<double>() + 0.006;
        lon = v["lon"].get<double>() - 0.006;
      }
      depot("D-FWD-" + std::to_string(f), "前置点" + std::to_string(f) + "号", "Forward Point " + std::to_string(f), "forward",
            county, lat, lon,
            {item("tent", 20, "顶", "2025-10"), item("drinking_water", 500, "瓶", "2026-FW", "2027-02-01"), item("first_aid_kit", 30, "个", "2026-FA", "2028-01-01")});
    }

    // The comms device ledger: satellite phones and radios per tier (demo_devices.cpp).
    seed_devices(ctx);
    seed_monitor_points(ctx);
    seed_comms_tests(ctx);
    // Enterprise files (一企一档): six per county, 28 on the watch list (demo_enterprises.cpp).
    seed_enterprises(ctx);
    // The urban-rural fringe campaign's rounds and what they found (demo_fringe.cpp).
    seed_fringe_campaign(ctx);

    // Demo users, one per role (README lists them).
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> users = {
        {"admin", "系统管理员", "admin", "city"},       {"commander", "局长 张建国", "commander", "city"},
        {"leader", "带班领导 李明", "duty_leader", "city"}, {"officer", "值班员 王芳", "duty_officer", "city"},
        {"officer2", "值班员 陈静", "duty_officer", "city"}, {"teamlead", "石塘镇队长 刘强", "team_lead", "T-P0001"},
        {"member", "石塘镇队员 赵磊", "team_member", "T-P0001"}, {"water", "水利局联络员", "department", "water_resources"},
        {"weather", "气象局联络员", "department", "meteorology"}, {"director", "演练导演 周敏", "drill_director", "city"},
        {"observer", "观察员", "observer", "city"},     {"county1", "滨海县值班员", "duty_officer", "county-1"},
        {"kcommander", "滨海县局长 孙伟", "commander", "county-1"},
        {"town1", "石塘镇值班员", "duty_officer", "P0001"},
        // The county's second officer and duty leader, the township's leader (rosters per unit).
        {"county1b", "滨海县值班员 黄磊", "duty_officer", "county-1"},
        {"kleader", "滨海县带班领导 吴涛", "duty_leader", "county-1"},
        {"town1lead", "石塘镇带班领导 何平", "duty_leader", "P0001"},
        // One liaison per partner department (its own login; bus address dept:<unit id>).
        {"natres", "自然资源局联络员", "department", "natural_resources"},
        {"health", "卫健委联络员", "department", "health"},
        {"transport", "交通运输局联络员", "department", "transport"},
        {"housing", "住建局联络员", "department", "housing"},
        {"police", "公安局联络员", "department", "public_security"},
        {"fire", "消防救援支队联络员", "department", "fire"},
        {"ecology", "生态环境局联络员", "department", "ecology_environment"}};
    std::map<std::string, std::string> user_ids;
    for (const auto& [username, display, role, unit] : users)
      user_ids[username] = s.call("user.create", {{"username", username}, {"password", kDemoPassword}, {"display_name", display},
                                                  {"role", role}, {"unit_id", unit}})["id"];
    // Duty rosters of the city, 滨海县 and 石塘镇 (demo_rosters.cpp).
    seed_rosters(ctx, engine.ops(), user_ids);
  });
  ok = !live.query_one("SELECT id FROM units WHERE id = 'city'").is_null();
  if (ok) log_info("demo", "demo city seeded", {{"teams", live.query_one("SELECT COUNT(*) AS n FROM teams")["n"]}});
  return ok;
}

}  // namespace lifeline::demo
