// Scenario files and inject templates (schema/drills.md): the shipped ones load, and every kind
// of mistake is refused with the line and column of the key at fault.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lifeline/api_error.hpp"
#include "lifeline/drills/scenario.hpp"

using namespace lifeline::drills;

namespace {

std::string source_file(const std::string& path) {
  std::ifstream in(std::string(LIFELINE_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kHead = R"(version = 1
[scenario]
name = "t"
title_zh = "测试"
title_en = "Test"
)";

// The first error of a scenario made of kHead and `body`, as "line:column: reason".
std::string first_error(const std::string& body) {
  auto got = load_scenario(std::string(kHead) + body);
  if (got.errors.empty()) return "";
  return got.errors[0].to_string("s").substr(2);
}

}  // namespace

TEST(ScenarioLoad, TheShippedTyphoonDayLoadsInScenarioTimeOrder) {
  auto got = load_scenario(source_file("schema/scenarios/typhoon-820.toml"));
  std::string why;
  for (const auto& e : got.errors) why += e.to_string("typhoon-820.toml") + "\n";
  ASSERT_TRUE(got.scenario) << why;
  const auto& s = *got.scenario;
  EXPECT_EQ(s.name, "typhoon-820");
  EXPECT_EQ(s.speed, 60);
  ASSERT_EQ(s.injects.size(), 8u);
  EXPECT_EQ(s.injects[0].id, "red-warning");
  EXPECT_EQ(*s.injects[2].at_ms, 90 * 60000);
  for (size_t i = 1; i < s.injects.size(); ++i) EXPECT_LE(*s.injects[i - 1].at_ms, *s.injects[i].at_ms);
  EXPECT_EQ(s.injects[2].spec["at_ms"], 90 * 60000) << "the time the clock compares travels with the inject";
  ASSERT_EQ(s.expects.size(), 6u);
  EXPECT_EQ(s.expects[0].within_ms, 2 * 3600000);
}

TEST(ScenarioLoad, TheShippedTemplatesLoad) {
  const auto& t = shipped_templates();
  ASSERT_GE(t.size(), 5u);
  for (const auto& i : t) {
    EXPECT_FALSE(i.at_ms.has_value()) << i.id;
    EXPECT_FALSE(i.title_zh.empty()) << i.id;
  }
}

TEST(ScenarioLoad, MistakesAreNamedWithLineAndColumn) {
  EXPECT_EQ(first_error("[[inject]]\nid = \"a\"\nat = \"soon\"\nkind = \"message\"\n"),
            "8:6: inject[0].at: \"soon\" is not a duration like 0m, 90s, 2h, 1h30m (at most 30d)");
  EXPECT_NE(load_scenario(std::string(kHead) + "[[inject]]\nid = \"a\"\nat = \"soon\"\nkind = \"message\"\n").errors.at(0).to_string_zh("脚本").find("不是时长"),
            std::string::npos) << "in Chinese too";
  EXPECT_EQ(first_error("[[inject]]\nid = \"a\"\nat = \"1m\"\nkind = \"flood\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\n").substr(0, 4), "9:8:");
  // An unknown key in an inject, at the key.
  auto unknown = first_error(
      "[[inject]]\nid = \"a\"\nat = \"1m\"\nkind = \"team_unavailable\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\nteam = \"T-1\"\n"
      "colour = \"red\"\n");
  EXPECT_EQ(unknown.substr(0, 5), "13:10") << unknown;
  EXPECT_NE(unknown.find("colour"), std::string::npos) << unknown;
  // A missing field: at the inject's table.
  EXPECT_EQ(first_error("[[inject]]\nid = \"a\"\nat = \"1m\"\nkind = \"team_unavailable\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\n").substr(0, 2), "6:");
  // TOML syntax.
  EXPECT_EQ(first_error("[[inject]\n").substr(0, 2), "6:");
  // Unknown top-level key; no version.
  EXPECT_NE(first_error("[oops]\n").find("unknown key \"oops\""), std::string::npos);
  EXPECT_NE(load_scenario("[scenario]\nname=\"a\"\ntitle_zh=\"a\"\ntitle_en=\"a\"\n").errors.at(0).reason.find("version"), std::string::npos);
}

// A comms outage names whose links (an area or teams) and which (real link names), at the key.
TEST(ScenarioLoad, ALinkCutNamesAnAreaOrTeamsAndRealLinks) {
  const std::string head = "[[inject]]\nid = \"cut\"\nat = \"1h\"\nkind = \"link_cut\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\n";
  auto nobody = first_error(head);
  EXPECT_EQ(nobody.substr(0, 2), "6:") << nobody;
  EXPECT_NE(nobody.find("inject[0].area or inject[0].teams"), std::string::npos) << nobody;
  auto fibre = first_error(head + "area = [\"P0001\"]\nchannels = [\"fibre\"]\n");
  EXPECT_EQ(fibre.substr(0, 6), "13:12:") << fibre;
  EXPECT_NE(fibre.find("ip, pdt, beidou, iridium, tiantong, sms"), std::string::npos) << fibre;
  auto got = load_scenario(std::string(kHead) + head + "area = [\"P0001\"]\nteams = [\"T-CITY\"]\nchannels = [\"ip\", \"pdt\"]\n" +
                           "[[inject]]\nid = \"back\"\nat = \"4h\"\nkind = \"link_restore\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\nteams = [\"T-CITY\"]\n");
  ASSERT_TRUE(got.scenario.has_value()) << got.errors.at(0).to_string("s");
  EXPECT_EQ(got.scenario->injects[0].spec["channels"], nlohmann::json({"ip", "pdt"}));
}

TEST(ScenarioLoad, CrossReferencesAreChecked) {
  const std::string incident =
      "[[inject]]\nid = \"slide\"\nat = \"2h\"\nkind = \"incident\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\ntype = \"geohazard\"\n"
      "title = \"滑坡\"\nunit = \"P0001\"\nplace = { name = \"东岙村\" }\n";
  // An update of an incident that has not happened yet in scenario time.
  auto early = first_error(incident + "[[inject]]\nid = \"more\"\nat = \"1h\"\nkind = \"incident_update\"\ntitle_zh = \"x\"\n"
                                      "title_en = \"x\"\nincident = \"slide\"\ncasualties = { dead = 1 }\n");
  EXPECT_NE(early.find("before it happens"), std::string::npos) << early;
  // An update of something that is not an incident inject.
  auto other = first_error(incident + "[[inject]]\nid = \"more\"\nat = \"3h\"\nkind = \"incident_update\"\ntitle_zh = \"x\"\n"
                                      "title_en = \"x\"\nincident = \"nope\"\ncasualties = { dead = 1 }\n");
  EXPECT_NE(other.find("not an earlier incident inject"), std::string::npos) << other;
  // Duplicate ids; an expectation after an inject that does not exist.
  EXPECT_NE(first_error(incident + incident).find("used twice"), std::string::npos);
  auto after = first_error(incident + "[[expect]]\nid = \"e\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\nwhat = \"consultation_convened\"\n"
                                      "after = \"storm\"\nwithin = \"2h\"\n");
  EXPECT_NE(after.find("no inject \"storm\""), std::string::npos) << after;
  // A level expectation needs its level; a team expectation its team.
  auto level = first_error(incident + "[[expect]]\nid = \"e\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\nwhat = \"incident_level\"\nwithin = \"1h\"\n");
  EXPECT_NE(level.find("level"), std::string::npos) << level;
  EXPECT_TRUE(load_scenario(std::string(kHead) + incident).scenario.has_value());
  EXPECT_FALSE(load_scenario(kHead).scenario.has_value()) << "no inject at all";
}

TEST(ScenarioLoad, ANoScriptInjectIsCheckedTheSameWay) {
  nlohmann::json spec = {{"id", "m"}, {"kind", "message"}, {"title_zh", "x"}, {"title_en", "x"},
                         {"to", {"role:duty_officer"}}, {"from_zh", "水利局"}, {"text_zh", "水位超汛限"}};
  EXPECT_NO_THROW(read_inject(spec, "body.inject", false, {}));
  spec["to"] = nlohmann::json::array();
  EXPECT_THROW(read_inject(spec, "body.inject", false, {}), lifeline::ApiError);
  spec["to"] = {"role:duty_officer"};
  spec["at_ms"] = 5;  // never taken from outside
  EXPECT_FALSE(read_inject(spec, "body.inject", false, {}).spec.contains("at_ms"));
}
