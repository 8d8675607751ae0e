// A red typhoon warning from the weather bureau (CAP 1.2, warning.import) makes the rules engine
// require a joint consultation within 2 h (consultation.convene); holding it meets that deadline.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// A CAP 1.2 typhoon warning as the meteorological bureau sends it.
std::string typhoon_alert(const std::string& identifier, const std::string& colour) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
         "  <identifier>" + identifier + "</identifier>\n"
         "  <sender>weather@demo-city.example</sender>\n"
         "  <sent>2026-08-20T09:00:00+08:00</sent>\n"
         "  <status>Actual</status>\n"
         "  <msgType>Alert</msgType>\n"
         "  <scope>Public</scope>\n"
         "  <info>\n"
         "    <language>zh-CN</language>\n"
         "    <category>Met</category>\n"
         "    <event>台风预警</event>\n"
         "    <urgency>Immediate</urgency>\n"
         "    <severity>Extreme</severity>\n"
         "    <certainty>Likely</certainty>\n"
         "    <eventCode><valueName>lifeline:warningType</valueName><value>typhoon</value></eventCode>\n"
         "    <senderName>示范市气象局</senderName>\n"
         "    <headline>台风预警</headline>\n"
         "    <parameter><valueName>warningColour</valueName><value>" + colour + "</value></parameter>\n"
         "    <area><areaDesc>石塘镇</areaDesc><geocode><valueName>GB/T 2260</valueName><value>339901001</value></geocode></area>\n"
         "  </info>\n"
         "</alert>\n";
}

struct ConveneFromWarning : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

TEST_F(ConveneFromWarning, RedTyphoonRequiresAConsultationAndHoldingItMeetsTheDeadlineOnTime) {
  auto weather = logged_in("weather");
  auto officer = logged_in("officer");
  auto admin = logged_in("admin");
  auto imported = weather->call("warning.import", {{"xml", typhoon_alert("QX-2026-0820-07", "red")}});
  if (!imported.value("ok", false) && imported["error"]["code"] == "unknown_op") GTEST_SKIP() << "warnings (CAP import) are not in this server yet";
  ASSERT_TRUE(imported.value("ok", false)) << imported.dump();
  auto warning = imported["result"]["id"].get<std::string>();
  auto dl = officer->ok("deadline.list", {{"kind", "consultation.convene"}, {"subject", warning}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["due_at"], "2026-08-20T03:00:00.000Z");

  admin->ok("clock.advance", {{"to", "2026-08-20T02:30:00.000Z"}});
  auto c = officer->ok("consultation.open", {{"subject", warning}, {"title", "台风红色预警联合会商"},
                                             {"departments", {"meteorology", "water_resources", "natural_resources", "transport"}},
                                             {"scheduled_at", "2026-08-20T02:30:00.000Z"}, {"held", true}});
  EXPECT_EQ(c["convene_met"], 1);
  dl = officer->ok("deadline.list", {{"kind", "consultation.convene"}, {"subject", warning}, {"open", false}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["status"], "met");
  EXPECT_EQ(dl[0]["met_at"], "2026-08-20T02:30:00.000Z");
  auto got = officer->ok("consultation.get", {{"id", c["id"]}});
  EXPECT_EQ(got["subject_kind"], "warning");
  ASSERT_EQ(got["convene_deadlines"].size(), 1u);
  EXPECT_EQ(got["convene_deadlines"][0]["on_time"], 1);
  // The weather bureau, invited, sees it; the health commission, not invited, does not.
  EXPECT_EQ(weather->ok("consultation.list", {{"subject", warning}})["consultations"].size(), 1u);
  EXPECT_EQ(logged_in("health")->ok("consultation.list")["consultations"].size(), 0u);
  auto m = officer->ok("metrics.summary")["on_time"]["consultation.convene"];
  EXPECT_EQ(m["numerator"], 1);
  EXPECT_EQ(m["denominator"], 1);
}

}  // namespace
