// The quarterly sampled look-back re-check (回头看) and the exposure board (曝光台) on a manual
// clock (seed-digest §4): a reproducible 10 % sample of the quarter's closed hazards, a recurred
// hazard open again, and the board listing hazards overdue more than 7 days or recurred.
#include <sodium.h>

#include <algorithm>

#include "lifeline/supplies/hazard_governance.hpp"
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

struct HazardLookback : SuppliesFixture {
  lifeline::domain::Actor county{"u-k1", "county1", "duty_officer", "county-1", ""};

  void SetUp() override {
    SuppliesFixture::SetUp();
    lifeline::supplies::register_lookback_ops(ops);
    lifeline::supplies::register_exposure_ops(ops);
  }

  // An inspector's general hazard in 石塘镇 with its five in place; closed unless `close` is false.
  std::string hazard(const std::string& title, bool close = true) {
    std::string id = op("hazard.report", {{"title", title}, {"unit_id", "P0001"}, {"place", {{"name", "石塘镇"}}}})["id"];
    op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
    op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
    op("hazard.plan", {{"id", id}, {"five_in_place", {{"target", "消除隐患"}, {"measures", "更换"}, {"funds_yuan", 500},
                                                        {"deadline", "2026-06-30T16:00:00.000Z"}, {"owner", "责任人" + title}}}});
    if (!close) return id;
    op("hazard.rectified", {{"id", id}});
    op("hazard.accept", {{"id", id}, {"passed", true}});
    return id;
  }
  static std::string sha256_hex(const std::string& text) {
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::string out;
    for (unsigned char c : d) out += "0123456789abcdef"[c >> 4], out += "0123456789abcdef"[c & 15];
    return out;
  }
  // What anyone can compute from the documented rule: SHA-256("<seed>:<id>") ascending, first n.
  static json expected_sample(std::vector<std::string> ids, const std::string& seed, size_t n) {
    std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
      return sha256_hex(seed + ":" + a) < sha256_hex(seed + ":" + b);
    });
    ids.resize(n);
    return ids;
  }
};

TEST_F(HazardLookback, QuarterlyLookBackSamples10PercentOfTheQuartersClosedHazardsReproducibly) {
  std::vector<std::string> closed;
  for (int i = 0; i < 25; ++i) closed.push_back(hazard("灭火器过期" + std::to_string(i)));
  hazard("未整改", false);  // open hazards are not sampled
  // Still in Q3 2025: the quarter is not over.
  EXPECT_EQ(code_of("hazard.lookback_draw", {{"quarter", "2025-Q3"}}, &officer), "lookback_quarter_not_over");
  clock.advance(42 * kDay);  // 1 October 2025
  EXPECT_EQ(code_of("hazard.lookback_draw", json::object(), &county), "city_desk_only");
  auto drawn = op("hazard.lookback_draw", json::object(), &officer);  // the quarter before: 2025-Q3
  EXPECT_EQ(drawn["quarter"], "2025-Q3");
  EXPECT_EQ(drawn["rate_percent"], 10);
  EXPECT_EQ(drawn["population"], 25);
  EXPECT_EQ(drawn["sample"], expected_sample(closed, "2025-Q3", 3));  // ceil(25 × 10 %) = 3
  EXPECT_EQ(code_of("hazard.lookback_draw", {{"quarter", "2025-Q3"}}, &officer), "lookback_already_drawn");
  // Another quarter, rate and seed: the same rule. No hazard was closed in Q2: an empty draw.
  auto q2 = op("hazard.lookback_draw", {{"quarter", "2025-Q2"}, {"rate_percent", 20}, {"seed", "抽签"}}, &officer);
  EXPECT_EQ(q2["population"], 0);
  EXPECT_TRUE(q2["sample"].empty());
  auto list = op("hazard.lookback_list", {{"quarter", "2025-Q3"}}, &officer)["lookbacks"];
  ASSERT_EQ(list.size(), 1u);
  ASSERT_EQ(list[0]["items"].size(), 3u);
  EXPECT_EQ(list[0]["items"][0]["hazard_id"], drawn["sample"][0]);
  EXPECT_TRUE(list[0]["items"][0]["result"].is_null());
}

TEST_F(HazardLookback, HazardRecurredAtLookBackIsReopenedWith7DaysAndGoesOnTheExposureBoard) {
  std::vector<std::string> closed;
  for (int i = 0; i < 3; ++i) closed.push_back(hazard("通道堵塞" + std::to_string(i)));
  clock.advance(42 * kDay);
  auto sample = op("hazard.lookback_draw", {{"quarter", "2025-Q3"}, {"rate_percent", 100}}, &officer)["sample"];
  ASSERT_EQ(sample.size(), 3u);
  std::string ok_id = sample[0], bad_id = sample[1];
  op("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", ok_id}, {"result", "ok"}}, &officer);
  EXPECT_EQ(code_of("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", ok_id}, {"result", "ok"}}, &officer),
            "lookback_already_checked");
  EXPECT_EQ(code_of("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", bad_id}, {"result", "recurred"}}, &officer),
            "missing_field");  // what was found must be said
  EXPECT_EQ(code_of("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", bad_id}, {"result", "ok"}}, &county),
            "city_desk_only");
  auto open_one = hazard("未抽中", false);
  EXPECT_EQ(code_of("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", open_one}, {"result", "ok"}}, &officer),
            "not_in_lookback");
  auto r = op("hazard.lookback_record", {{"quarter", "2025-Q3"}, {"hazard_id", bad_id}, {"result", "recurred"},
                                         {"note", "消防通道再次堵塞"}}, &officer);
  EXPECT_TRUE(r["reopened"].get<bool>());
  auto h = op("hazard.get", {{"id", bad_id}});
  EXPECT_EQ(h["status"], "rectifying");
  EXPECT_EQ(h["reopen_count"], 1);
  auto rectify = store->query("SELECT due_at FROM deadlines WHERE subject = ? AND kind = 'hazard.rectify' AND status = 'open'", {bad_id});
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], clock.now_ms() + 7 * kDay);
  auto list = op("hazard.lookback_list", json::object(), &officer)["lookbacks"][0];
  EXPECT_EQ(list["recheck_failure"], (json{{"numerator", 1}, {"denominator", 3}}));
  EXPECT_EQ(list["checked"], 2);
  // The board: the recurred hazard, with its unit and responsible person.
  auto board = op("hazard.exposure", json::object(), &officer);
  ASSERT_EQ(board["entries"].size(), 1u);
  auto e = board["entries"][0];
  EXPECT_EQ(e["hazard_id"], bad_id);
  EXPECT_EQ(e["reasons"], json::array({"recurred"}));
  EXPECT_EQ(e["unit_name"], "石塘镇");
  EXPECT_EQ(e["owner"], h["five_in_place"]["owner"]);
  EXPECT_EQ(e["lookback_quarter"], "2025-Q3");
}

TEST_F(HazardLookback, ExposureBoardListsHazardsOverdueMoreThan7DaysForTheCentreOnly) {
  auto id = op("hazard.report", {{"title", "农贸市场消防栓损坏"}, {"grade", "general"}, {"unit_id", "P0001"},
                                 {"place", {{"name", "农贸市场"}}}})["id"];
  // Rectification due 3 days after it was found; overdue 7 days after that it goes on the board.
  clock.advance(3 * kDay + 1000);
  escalate();
  EXPECT_TRUE(op("hazard.exposure", json::object(), &officer)["entries"].empty());
  clock.advance(6 * kDay);
  escalate();
  EXPECT_TRUE(op("hazard.exposure", json::object(), &officer)["entries"].empty());
  clock.advance(kDay);
  escalate();
  auto board = op("hazard.exposure", json::object(), &officer);
  EXPECT_EQ(board["overdue_limit_days"], 7);
  EXPECT_EQ(board["weekly_count"], 10);
  ASSERT_EQ(board["entries"].size(), 1u);
  EXPECT_EQ(board["entries"][0]["hazard_id"], id);
  EXPECT_EQ(board["entries"][0]["reasons"], json::array({"overdue"}));
  EXPECT_EQ(board["entries"][0]["overdue_days"], 7);
  EXPECT_TRUE(board["entries"][0]["owner"].is_null());  // no five in place: nobody named
  EXPECT_EQ(code_of("hazard.exposure", json::object(), &county), "city_desk_only");
}

}  // namespace
