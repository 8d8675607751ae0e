// Routine reports through the real lifeline-command with a manual clock, on the bureau's cadence
// (townships daily to the county, counties weekly to the city, the city monthly): the schedule asks
// each level for its own period only, townships report (zero reports too), one misses and is
// escalated at the exact time, the county's weekly summary sums what came in and lists who reported
// nothing and who is missing, the city's month sums the counties' weeks; bad input is refused and
// changes nothing.
#include "lifeline/time_format.hpp"
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// The next bus notice about `subject`, skipping others (rules also notify the duty desk).
// The demo's other routine deadlines (ledgers, screening rounds) missed since it came up are told
// to the duty officer too: look past them.
inline std::optional<json> notice_about(WsClient& c, const std::string& subject) {
  for (int i = 0; i < 1000; ++i) {
    auto env = c.next_of("env");
    if (!env) return std::nullopt;
    if ((*env)["envelope"]["body"].value("subject", "") == subject) return env;
  }
  return std::nullopt;
}

constexpr const char* kDay = "2026-08-20";  // Thursday; the tests work from 09:00 local

// The demo city comes up on Friday 2026-07-31 at 23:00 local, so August, the week of 08-17 and the
// day 08-20 all begin after the deployment did and are asked for.
struct ReportsApi : ServerFixture {
  bool skip_to_kday = true;
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-07-31T15:00:00.000Z", "--synchronous", "NORMAL"};
  }
  std::unique_ptr<WsClient> officer = nullptr, admin = nullptr;
  void SetUp() override {
    ServerFixture::SetUp();
    officer = logged_in("officer");
    admin = logged_in("admin");
    if (skip_to_kday) jump("2026-08-20T01:00:00.000Z");
  }
  // Moves the clock days ahead; sessions (12 h) have expired by then, so both log in again.
  void jump(const std::string& to) {
    admin->ok("clock.advance", {{"to", to}});
    officer = logged_in("officer");
    admin = logged_in("admin");
  }
  json submit(WsClient& c, const std::string& unit, bool zero, json figures = json::object(), const std::string& text = "") {
    json b = {{"unit", unit}, {"period", "daily"}, {"period_start", kDay}, {"zero", zero}};
    if (!figures.empty()) b["figures"] = figures;
    if (!text.empty()) b["text"] = text;
    return c.call("report.submit", b);
  }
  std::string code(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
  // The townships of the five outer counties (county-4..8), beyond the corpus city's three.
  std::vector<std::string> outer_townships() {
    std::vector<std::string> out;
    const auto units = officer->ok("unit.list");
    for (const auto& u : units["units"])
      if (u["kind"] == "township" && u["parent_id"].get<std::string>() > "county-3") out.push_back(u["id"]);
    EXPECT_EQ(out.size(), 18u);
    return out;
  }
  json deadline_of(const std::string& subject) {
    auto dl = officer->ok("deadline.list", {{"subject", subject}, {"open", false}})["deadlines"];
    EXPECT_EQ(dl.size(), 1u) << subject << " " << dl.dump();
    return dl.empty() ? json() : dl[0];
  }
};

TEST_F(ReportsApi, TownshipsReportDailyCountiesWeeklyTheCityMonthlyAndTheMissingTownshipIsEscalated) {
  // Today's daily reports are asked of the 30 townships (16:00 local) and of nobody else; this
  // week's summary of the 8 counties (Sunday 18:00 local); August's report of the city (31st 20:00).
  auto daily = officer->ok("deadline.list", {{"kind", "report.daily"}})["deadlines"];
  ASSERT_EQ(daily.size(), 30u);
  EXPECT_EQ(deadline_of("P0055/daily/2026-08-20")["due_at"], "2026-08-20T08:00:00.000Z");
  EXPECT_EQ(officer->ok("deadline.list", {{"subject", "county-1/daily/2026-08-20"}, {"open", false}})["deadlines"].size(), 0u);
  auto weekly = officer->ok("deadline.list", {{"kind", "report.weekly"}})["deadlines"];
  ASSERT_EQ(weekly.size(), 8u);
  EXPECT_EQ(deadline_of("county-1/weekly/2026-08-17")["due_at"], "2026-08-23T10:00:00.000Z");  // Sunday 18:00 local
  EXPECT_EQ(officer->ok("deadline.list", {{"kind", "report.monthly"}})["deadlines"].size(), 1u);
  EXPECT_EQ(deadline_of("city/monthly/2026-08-01")["due_at"], "2026-08-31T12:00:00.000Z");

  // 滨海县 (county-1): P0001, P0019, P0037, P0055. The township's own duty officer reports for it.
  auto town = logged_in("town1");
  EXPECT_EQ(code(submit(*town, "P0001", false, {{"incidents", 2}, {"injured", 1}, {"evacuated", 30}}, "两处内涝")), "ok");
  EXPECT_EQ(code(submit(*town, "P0019", true)), "out_of_scope");  // not its township
  EXPECT_EQ(code(submit(*officer, "P0019", true)), "ok");
  EXPECT_EQ(code(submit(*officer, "P0037", false, {{"incidents", 1}, {"hazards_found", 3}})), "ok");
  // P0055 sends nothing. The other counties' townships: zero reports and figures.
  for (const char* t : {"P0007", "P0025", "P0043", "P0013", "P0031"}) EXPECT_EQ(code(submit(*officer, t, true)), "ok") << t;
  EXPECT_EQ(code(submit(*officer, "P0061", false, {{"hazards_found", 2}, {"hazards_rectified", 2}})), "ok");
  EXPECT_EQ(code(submit(*officer, "P0049", false, {{"evacuated", 12}})), "ok");
  EXPECT_EQ(code(submit(*officer, "P0067", false, {}, "河道巡查正常，无险情")), "ok");
  for (const auto& t : outer_townships()) EXPECT_EQ(code(submit(*officer, t, true)), "ok") << t;
  EXPECT_EQ(deadline_of("P0001/daily/2026-08-20")["status"], "met");

  // 16:00 local exactly: not yet overdue; 1 ms later P0055's deadline is missed and the duty
  // officer told at once.
  officer->send({{"type", "hb"}});
  admin->ok("clock.advance", {{"to", "2026-08-20T08:00:00.000Z"}});
  EXPECT_EQ(deadline_of("P0055/daily/2026-08-20")["status"], "open");
  officer->send({{"type", "hb"}});
  admin->ok("clock.advance", {{"to", "2026-08-20T08:00:00.001Z"}});
  auto dl = deadline_of("P0055/daily/2026-08-20");
  EXPECT_EQ(dl["status"], "missed");
  EXPECT_EQ(dl["escalation_level"], 1);
  auto notice = notice_about(*officer, "P0055/daily/2026-08-20");
  ASSERT_TRUE(notice.has_value());
  EXPECT_EQ((*notice)["envelope"]["body"]["kind"], "report.daily");
  EXPECT_EQ((*notice)["envelope"]["body"]["subject"], "P0055/daily/2026-08-20");
  EXPECT_EQ((*notice)["envelope"]["body"]["due_at"], "2026-08-20T08:00:00.000Z");
  auto open = officer->ok("deadline.list", {{"kind", "report.daily"}})["deadlines"];
  EXPECT_EQ(open.size(), 1u);  // P0055 only: counties and the city do not report daily

  // The county's weekly summary so far (the week's days the schedule asked for: today): sums of
  // what came in, zero reporters listed as reported nothing, the missing one with its overdue deadline.
  auto county = logged_in("county1");
  const json week = {{"unit", "county-1"}, {"period", "weekly"}, {"period_start", "2026-08-17"}};
  auto r = county->ok("report.rollup", week);
  EXPECT_EQ(r["sums"]["incidents"], 3);
  EXPECT_EQ(r["sums"]["injured"], 1);
  EXPECT_EQ(r["sums"]["evacuated"], 30);
  EXPECT_EQ(r["sums"]["hazards_found"], 3);
  EXPECT_EQ(r["sums"]["dead"], 0);
  EXPECT_EQ(r["submitted"], json({"P0001", "P0037"}));
  EXPECT_EQ(r["reported_nothing"], json({"P0019"}));
  EXPECT_EQ(r["missing"], json({"P0055"}));
  EXPECT_EQ(r["due_at"], "2026-08-23T10:00:00.000Z");
  ASSERT_EQ(r["children"].size(), 4u);
  EXPECT_EQ(r["children"][3]["unit_id"], "P0055");
  EXPECT_EQ(r["children"][3]["status"], "missing");
  ASSERT_EQ(r["children"][3]["reports"].size(), 1u);
  EXPECT_EQ(r["children"][3]["reports"][0]["period_start"], kDay);
  EXPECT_EQ(r["children"][3]["reports"][0]["deadline"]["status"], "missed");
  EXPECT_EQ(r["children"][3]["reports"][0]["deadline"]["escalation_level"], 1);
  // A county officer rolls up only its own county; a county does not roll up a day.
  EXPECT_EQ(code(county->call("report.rollup", {{"unit", "county-2"}, {"period", "weekly"}, {"period_start", "2026-08-17"}})),
            "out_of_scope");
  EXPECT_EQ(code(county->call("report.rollup", {{"unit", "county-1"}, {"period", "daily"}, {"period_start", kDay}})), "bad_field");

  // Friday: P0001 reports again, P0055 sends Thursday's late and nothing for Friday (asked for once
  // the day begins). The week now holds both days.
  jump("2026-08-21T01:00:00.000Z");
  county = logged_in("county1");
  town = logged_in("town1");
  ASSERT_EQ(code(town->call("report.submit", {{"unit", "P0001"}, {"period", "daily"}, {"period_start", "2026-08-21"},
                                              {"zero", false}, {"figures", {{"evacuated", 5}}}})), "ok");
  EXPECT_EQ(code(submit(*officer, "P0055", true)), "ok");  // late is still a report
  EXPECT_EQ(deadline_of("P0055/daily/2026-08-20")["status"], "met");
  auto m = officer->ok("metrics.summary")["on_time"]["report.daily"];
  EXPECT_EQ(m["numerator"], 30);  // the other 29 townships on Thursday and P0001 on Friday on time
  EXPECT_EQ(m["denominator"], 31);
  r = county->ok("report.rollup", week);
  EXPECT_EQ(r["sums"]["evacuated"], 35);
  EXPECT_EQ(r["children"][0]["reports"].size(), 2u);  // P0001: Thursday and Friday
  EXPECT_EQ(r["children"][0]["figures"]["evacuated"], 35);
  EXPECT_EQ(r["submitted"], json({"P0001"}));
  EXPECT_EQ(r["missing"], json({"P0019", "P0037", "P0055"}));  // none of them has sent Friday's yet

  // The county sends its weekly summary as it stands; the figures are its townships' sums.
  auto sub = county->ok("report.submit", {{"unit", "county-1"}, {"period", "weekly"}, {"period_start", "2026-08-17"}, {"zero", true}});
  EXPECT_EQ(sub["zero"], false);
  EXPECT_EQ(sub["figures"]["incidents"], 3);
  EXPECT_EQ(sub["figures"]["evacuated"], 35);
  EXPECT_EQ(sub["children"]["missing"], json({"P0019", "P0037", "P0055"}));
  EXPECT_EQ(deadline_of("county-1/weekly/2026-08-17")["status"], "met");
  // A county does not send a daily report.
  EXPECT_EQ(code(county->call("report.submit", {{"unit", "county-1"}, {"period", "daily"}, {"period_start", kDay}, {"zero", true}})),
            "bad_field");

  // The other counties' weeks, then the city's month: the sum of its counties' weekly summaries of
  // the weeks ending in August (here the week of the 17th, the first the schedule asked for).
  officer->ok("report.submit", {{"unit", "county-2"}, {"period", "weekly"}, {"period_start", "2026-08-17"}, {"zero", true}});
  for (const char* c : {"county-3", "county-4", "county-5", "county-6", "county-7", "county-8"})
    officer->ok("report.submit", {{"unit", c}, {"period", "weekly"}, {"period_start", "2026-08-17"}, {"zero", true}});
  auto city = officer->ok("report.rollup", {{"unit", "city"}, {"period", "monthly"}, {"period_start", "2026-08-01"}});
  EXPECT_EQ(city["sums"]["incidents"], 3);
  EXPECT_EQ(city["sums"]["evacuated"], 47);
  EXPECT_EQ(city["sums"]["hazards_found"], 5);
  EXPECT_EQ(city["missing"].size(), 0u);
  // The outer counties' townships all sent zero reports: their weeks are zero reports too.
  EXPECT_EQ(city["reported_nothing"], json({"county-4", "county-5", "county-6", "county-7", "county-8"}));
  EXPECT_EQ(city["children"][0]["reports"][0]["period_start"], "2026-08-17");
  EXPECT_EQ(code(officer->call("report.rollup", {{"unit", "city"}, {"period", "weekly"}, {"period_start", "2026-08-17"}})), "bad_field");
  EXPECT_EQ(officer->ok("report.list", {{"period", "daily"}, {"period_start", kDay}})["reports"].size(), 30u);
  EXPECT_EQ(officer->ok("report.list", {{"period", "weekly"}})["reports"].size(), 8u);
  auto one = officer->ok("report.get", {{"unit", "P0019"}, {"period", "daily"}, {"period_start", kDay}});
  EXPECT_EQ(one["zero"], true);
}

// A fresh deployment is not asked for the day, week or month that began before it came up (they
// would be half over or already overdue); the schedule starts with the next one.
struct FreshDeployment : ReportsApi {
  FreshDeployment() { skip_to_kday = false; }
};

// A report not yet sent belongs to its unit: the township's desk sees its own daily deadline (not
// its neighbours'), the county sees its townships' and its own week, and neither sees the city's.
TEST_F(ReportsApi, EachDeskSeesTheReportDeadlinesOfItsOwnUnits) {
  auto subjects = [](WsClient& c) {
    std::set<std::string> out;
    for (const char* kind : {"report.daily", "report.weekly", "report.monthly"}) {
      auto deadlines = c.ok("deadline.list", {{"kind", kind}})["deadlines"];  // kept: a range-for over a temporary's element dangles
      for (const auto& d : deadlines) out.insert(d["subject"].get<std::string>());
    }
    return out;
  };
  auto town = logged_in("town1");
  EXPECT_EQ(subjects(*town), (std::set<std::string>{"P0001/daily/2026-08-20"}));
  // Seeing its report's alarm is not answering it: silencing or acknowledging is the centre's.
  auto own = town->ok("deadline.list", {{"subject", "P0001/daily/2026-08-20"}})["deadlines"];
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(town->call("deadline.silence", {{"id", own[0]["id"]}, {"minutes", 30}})["error"]["code"], "out_of_scope");
  EXPECT_EQ(town->call("deadline.acknowledge", {{"id", own[0]["id"]}})["error"]["code"], "out_of_scope");
  auto county = logged_in("county1");
  EXPECT_EQ(subjects(*county), (std::set<std::string>{"P0001/daily/2026-08-20", "P0019/daily/2026-08-20", "P0037/daily/2026-08-20",
                                                      "P0055/daily/2026-08-20", "county-1/weekly/2026-08-17"}));
  EXPECT_EQ(subjects(*officer).size(), 30u + 8u + 1u);
}

TEST_F(FreshDeployment, FirstPeriodsAskedForAreThoseAfterItCameUp) {
  for (const char* kind : {"report.daily", "report.weekly", "report.monthly"})
    EXPECT_EQ(officer->ok("deadline.list", {{"kind", kind}})["deadlines"].size(), 0u) << kind;
  // Local midnight: Saturday 08-01 is a new day and a new month (the week began on Monday 07-27).
  jump("2026-07-31T16:00:00.000Z");
  EXPECT_EQ(officer->ok("deadline.list", {{"kind", "report.daily"}})["deadlines"].size(), 30u);
  EXPECT_EQ(officer->ok("deadline.list", {{"kind", "report.monthly"}})["deadlines"].size(), 1u);
  EXPECT_EQ(officer->ok("deadline.list", {{"kind", "report.weekly"}})["deadlines"].size(), 0u);
  EXPECT_EQ(deadline_of("P0001/daily/2026-08-01")["due_at"], "2026-08-01T08:00:00.000Z");
  EXPECT_EQ(deadline_of("city/monthly/2026-08-01")["due_at"], "2026-08-31T12:00:00.000Z");
  // The city's month so far holds the counties' week of 07-27 (its Sunday is 08-02), which began
  // before the deployment and was never asked for: no county has reported nothing, none is missing.
  auto month = officer->ok("report.rollup", {{"unit", "city"}, {"period", "monthly"}, {"period_start", "2026-08-01"}});
  EXPECT_EQ(month["not_asked"], json({"county-1", "county-2", "county-3", "county-4", "county-5", "county-6", "county-7", "county-8"}));
  EXPECT_EQ(month["reported_nothing"].size(), 0u) << month.dump();
  EXPECT_EQ(month["missing"].size(), 0u);
  EXPECT_EQ(month["children"][0]["status"], "not_asked");
  // Monday 08-03: the counties' first week.
  jump("2026-08-02T16:00:00.000Z");
  EXPECT_EQ(deadline_of("county-1/weekly/2026-08-03")["due_at"], "2026-08-09T10:00:00.000Z");
}

TEST_F(ReportsApi, BadInputIsRefusedWithClearErrorsAndChangesNothing) {
  ASSERT_EQ(code(submit(*officer, "P0001", true)), "ok");
  auto before = event_log();
  auto bad = [&](json patch) {
    json b = {{"unit", "P0007"}, {"period", "daily"}, {"period_start", kDay}, {"zero", false}, {"figures", {{"incidents", 1}}}};
    b.merge_patch(patch);
    return officer->call("report.submit", b);
  };
  auto unknown = bad({{"unit", "P9999"}});
  EXPECT_EQ(code(unknown), "not_found");
  EXPECT_NE(unknown["error"]["message_zh"].get<std::string>().find("P9999"), std::string::npos) << unknown.dump();
  EXPECT_FALSE(unknown["error"]["message_en"].get<std::string>().empty());
  EXPECT_EQ(code(bad({{"period_start", "2026-08-21"}})), "period_in_future");
  EXPECT_EQ(code(bad({{"period", "weekly"}, {"period_start", "2026-08-17"}})), "bad_field");  // a township reports daily
  EXPECT_EQ(code(bad({{"unit", "county-2"}, {"period", "weekly"}, {"period_start", "2026-08-24"}})), "period_in_future");
  EXPECT_EQ(code(bad({{"unit", "county-2"}, {"period", "weekly"}, {"period_start", "2026-08-18"}})), "bad_field");  // a Tuesday
  EXPECT_EQ(code(bad({{"unit", "city"}, {"period", "monthly"}, {"period_start", "2026-08-02"}})), "bad_field");
  EXPECT_EQ(code(bad({{"period_start", "2026-02-30"}})), "bad_field");
  EXPECT_EQ(code(bad({{"period", "yearly"}})), "bad_field");
  EXPECT_EQ(code(bad({{"figures", {{"injured", -1}}}})), "bad_field");
  EXPECT_EQ(code(bad({{"figures", {{"cows", 3}}}})), "unknown_field");
  EXPECT_EQ(code(bad({{"zero", true}})), "bad_field");                          // a zero report with figures
  EXPECT_EQ(code(bad({{"figures", nullptr}, {"zero", false}})), "bad_field");  // nothing in it: send zero
  EXPECT_EQ(code(bad({{"unit", "T-P0001"}})), "bad_field");                    // a team does not report
  EXPECT_EQ(code(bad({{"unit", "water_resources"}})), "bad_field");
  EXPECT_EQ(code(bad({{"zero", nullptr}})), "missing_field");
  // Duplicate: a second report for the same unit and period is refused...
  EXPECT_EQ(code(submit(*officer, "P0001", false, {{"incidents", 1}})), "report_exists");
  EXPECT_EQ(code(officer->call("report.rollup", {{"unit", "P0001"}, {"period", "daily"}, {"period_start", kDay}})), "bad_field");
  EXPECT_EQ(code(officer->call("report.rollup", {{"unit", "county-1"}, {"period", "weekly"}, {"period_start", "2026-08-31"}})),
            "period_in_future");
  EXPECT_EQ(event_log(), before);

  // ...while resending the same submission with its client key returns the first one unchanged.
  json keyed = {{"unit", "P0007"}, {"period", "daily"}, {"period_start", kDay}, {"zero", true}, {"client_key", "P0007-0820"}};
  auto first = officer->ok("report.submit", keyed);
  auto after_first = event_log();
  auto again = officer->ok("report.submit", keyed);
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_EQ(again["duplicate"], true);
  keyed["unit"] = "P0013";
  EXPECT_EQ(code(officer->call("report.submit", keyed)), "conflict");  // the key names another report
  EXPECT_EQ(event_log(), after_first);
}

}  // namespace

// A fresh demo opens with nothing overdue and no alarm, whatever the hour it starts at (issue 16: a
// demo started at 21:54 local opened with 16 overdue daily reports and the alarm sounding). Every
// deadline kind, not only reports; local midnight, the morning report hour, noon, the evening and
// the last minute before National Day.
TEST(FreshDemo, OpensWithNothingOverdueAtAnyHour) {
  for (const char* start : {"2026-08-20T13:54:00.000Z", "2026-08-19T16:00:00.000Z", "2026-08-20T00:30:00.000Z",
                            "2026-08-20T04:00:00.000Z", "2026-09-30T15:59:00.000Z"}) {
    TempDir dir;
    ServerProcess server(dir.path(), {"--demo", "--clock", "manual", "--clock-start", start, "--synchronous", "NORMAL"});
    WsClient officer("127.0.0.1", server.http_port());
    officer.login("officer");
    const auto deadlines = officer.ok("deadline.list", {})["deadlines"];
    for (const auto& d : deadlines) {
      EXPECT_GT(d["due_at"].get<std::string>(), std::string(start)) << "started " << start << ": " << d.dump();
      EXPECT_EQ(d.value("escalation_level", 0), 0) << "started " << start << ": " << d.dump();
    }
    // The check is not vacuous: after a day and a half, and then a day in steps, the same
    // comparison finds the reports that fell due.
    WsClient admin("127.0.0.1", server.http_port());
    admin.login("admin");
    admin.ok("clock.advance", {{"ms", 36LL * 3600 * 1000}});
    for (int step = 0; step < 4; ++step) {  // a day in 6 h steps: each day's reports open, then fall due
      admin.login("admin");  // sessions last 12 h of the clock
      admin.ok("clock.advance", {{"ms", 6LL * 3600 * 1000}});
    }
    WsClient later("127.0.0.1", server.http_port());
    later.login("officer");
    const auto after = later.ok("deadline.list", {})["deadlines"];
    const auto now = lifeline::format_rfc3339_ms(*lifeline::parse_rfc3339(start) + 60LL * 3600 * 1000);
    const auto overdue = std::count_if(after.begin(), after.end(), [&](const json& d) { return d["due_at"].get<std::string>() < now; });
    EXPECT_GT(overdue, 0) << "started " << start << ": nothing fell due in 60 h";
  }
}
