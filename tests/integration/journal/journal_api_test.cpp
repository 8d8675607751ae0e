// The journal (schema/journal.md) through the real lifeline-command: filtered by incident it lists
// exactly that incident's significant events with who and when; a township desk does not see
// another township's; q filters; pages follow each other without a gap; bad input changes nothing.
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct JournalApi : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  std::string incident(WsClient& c, const char* unit, const char* title) {
    return c.ok("incident.create", {{"type", "flood"}, {"title", title}, {"place", {{"name", title}}}, {"unit_id", unit},
                                    {"casualties", {{"injured", 2}}}})["id"];
  }
};

std::multiset<std::string> kinds(const json& entries) {
  std::multiset<std::string> out;
  for (const auto& e : entries) out.insert(e["kind"].get<std::string>());
  return out;
}

}  // namespace

TEST_F(JournalApi, AnIncidentsJournalListsExactlyItsSignificantEventsWithWhoAndWhen) {
  auto officer = logged_in("officer");
  auto leader = logged_in("leader");
  auto own = incident(*officer, "P0001", "石塘镇内涝");
  auto other = incident(*officer, "P0007", "港口镇内涝");
  officer->ok("incident.update", {{"id", own}, {"casualties", {{"injured", 5}, {"dead", 1}}}});
  leader->ok("incident.set_level", {{"id", own}, {"level", 3}, {"reason", "积水超过一米"}});
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", own}});
  officer->ok("task.assign", {{"team_id", "T-P0007"}, {"what", "evacuate"}, {"incident_id", other}});
  auto member = logged_in("member");
  member->ok("team.report_position", {{"id", "T-P0001"}, {"lat", 27.9}, {"lon", 120.1}});
  member->ok("task.update_status", {{"id", task["id"]}, {"status", "acknowledged"}});

  auto page = officer->ok("journal.list", {{"incident_id", own}});
  json entries = page["entries"];
  EXPECT_TRUE(page["next_cursor"].is_null());
  // The rules add theirs: casualties propose a level and open the report-up deadline.
  EXPECT_EQ(kinds(entries), (std::multiset<std::string>{"incident.created", "incident.updated", "incident.level_proposed",
                                                         "incident.level_set", "deadline.opened", "task.created",
                                                         "task.status_changed"}))
      << entries.dump(1);
  for (const auto& e : entries) {
    EXPECT_EQ(e["incident_id"], own);
    EXPECT_EQ(e["summary"]["incident_number"].get<std::string>().rfind("INC-", 0), 0u);
    EXPECT_EQ(e["at"].get<std::string>().substr(0, 10), "2026-08-20");
  }
  // Newest first, with who did it by name.
  for (size_t i = 1; i < entries.size(); ++i) EXPECT_GT(entries[i - 1]["seq"], entries[i]["seq"]);
  json level;
  for (const auto& e : entries)
    if (e["kind"] == "incident.level_set") level = e;
  ASSERT_FALSE(level.is_null());
  EXPECT_EQ(level["group"], "level");
  EXPECT_EQ(level["summary"]["level"], 3);
  EXPECT_EQ(level["summary"]["approved_by_name"], level["actor_name"]);
  EXPECT_FALSE(level["actor_name"].is_null());
  EXPECT_EQ(level["summary"]["reason"], "积水超过一米");
  EXPECT_EQ(entries[0]["kind"], "task.status_changed");
  EXPECT_EQ(entries[0]["summary"]["to"], "acknowledged");
  EXPECT_EQ(entries[0]["summary"]["team_name"], "石塘镇应急救援队");
  EXPECT_EQ(entries.back()["summary"]["casualties"]["injured"], 2);

  // Groups narrow it; receipts and messages are their own groups.
  auto levels = officer->ok("journal.list", {{"incident_id", own}, {"kinds", {"level"}}})["entries"];
  EXPECT_EQ(kinds(levels), (std::multiset<std::string>{"incident.level_proposed", "incident.level_set"}));
  // No positions in the whole centre's journal.
  auto all = officer->ok("journal.list", {{"limit", 1000}})["entries"];
  for (const auto& e : all) EXPECT_NE(e["kind"], "team.position_reported");
  EXPECT_GE(all.size(), 7u);
}

TEST_F(JournalApi, ATownshipDeskSeesOnlyItsOwnTownshipsEvents) {
  auto officer = logged_in("officer");
  auto own = incident(*officer, "P0001", "石塘镇内涝");
  auto other = incident(*officer, "P0007", "港口镇内涝");
  officer->ok("task.assign", {{"team_id", "T-P0007"}, {"what", "evacuate"}, {"incident_id", other}});
  auto town1 = logged_in("town1");
  auto seen = town1->ok("journal.list", {{"limit", 1000}})["entries"];
  bool saw_own = false;
  for (const auto& e : seen) {
    EXPECT_NE(e.value("incident_id", ""), other) << e.dump();
    saw_own = saw_own || e.value("incident_id", "") == own;
  }
  EXPECT_TRUE(saw_own);
  EXPECT_EQ(town1->call("journal.list", {{"incident_id", other}})["error"]["code"], "out_of_scope");
  json mine = town1->ok("journal.list", {{"incident_id", own}})["entries"];
  EXPECT_FALSE(mine.empty());
  for (const auto& e : mine) EXPECT_EQ(e["incident_id"], own);
  // A department sees nothing of an incident it is not consulted on.
  auto water = logged_in("water");
  json theirs = water->ok("journal.list", {{"limit", 1000}})["entries"];
  for (const auto& e : theirs) EXPECT_FALSE(e.contains("incident_id")) << e.dump();
}

TEST_F(JournalApi, SearchAndPagesAndBadInput) {
  auto officer = logged_in("officer");
  for (int i = 0; i < 5; ++i) incident(*officer, "P0001", ("石塘镇内涝 " + std::to_string(i)).c_str());
  incident(*officer, "P0007", "海堤 Breach");
  json everything = officer->ok("journal.list", {{"q", "breach"}})["entries"];
  EXPECT_GE(everything.size(), 1u);
  for (const auto& e : everything) EXPECT_EQ(e["summary"]["incident_title"], "海堤 Breach") << e.dump();
  auto hits = officer->ok("journal.list", {{"q", "BREACH"}, {"kinds", {"incident"}}})["entries"];
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["summary"]["title"], "海堤 Breach");
  EXPECT_EQ(officer->ok("journal.list", {{"q", "内涝"}, {"kinds", {"incident"}}})["entries"].size(), 5u);
  EXPECT_EQ(officer->ok("journal.list", {{"q", "   "}, {"kinds", {"incident"}}})["entries"].size(), 6u);

  // Pages of 2: 6 incidents, no gap and no repeat.
  std::vector<int64_t> seqs;
  json cursor = nullptr;
  int pages = 0;
  do {
    json body = {{"kinds", {"incident"}}, {"limit", 2}};
    if (!cursor.is_null()) body["cursor"] = cursor;
    auto page = officer->ok("journal.list", body);
    json entries = page["entries"];
    for (const auto& e : entries) seqs.push_back(e["seq"]);
    cursor = page["next_cursor"];
    ++pages;
  } while (!cursor.is_null() && pages < 10);
  EXPECT_EQ(seqs.size(), 6u);
  EXPECT_EQ(pages, 3);
  for (size_t i = 1; i < seqs.size(); ++i) EXPECT_GT(seqs[i - 1], seqs[i]);

  // A time window and a shift.
  EXPECT_EQ(officer->ok("journal.list", {{"from", "2026-08-21T00:00:00.000Z"}})["entries"].size(), 0u);
  EXPECT_EQ(officer->ok("journal.list", {{"to", "2026-08-21T00:00:00.000Z"}, {"kinds", {"incident"}}})["entries"].size(), 6u);

  auto before = event_log();
  for (const json& bad : {json{{"kinds", {"positions"}}}, json{{"kinds", json::array()}}, json{{"cursor", "abc"}},
                          json{{"limit", 0}}, json{{"from", "yesterday"}}, json{{"nonsense", 1}},
                          json{{"from", "2026-08-21T00:00:00.000Z"}, {"to", "2026-08-20T00:00:00.000Z"}},
                          json{{"shift_id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}, {"from", "2026-08-20T00:00:00.000Z"}}}) {
    auto res = officer->call("journal.list", bad);
    EXPECT_FALSE(res.value("ok", true)) << bad.dump();
    EXPECT_FALSE(res["error"]["message_en"].get<std::string>().empty());
  }
  // A cursor past the largest number is refused as such, not an internal error.
  EXPECT_EQ(officer->call("journal.list", {{"cursor", "99999999999999999999"}})["error"]["code"], "bad_field");
  EXPECT_EQ(officer->call("journal.list", {{"incident_id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}})["error"]["code"], "not_found");
  EXPECT_EQ(officer->call("journal.list", {{"shift_id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}})["error"]["code"], "not_found");
  EXPECT_EQ(event_log(), before);
}
