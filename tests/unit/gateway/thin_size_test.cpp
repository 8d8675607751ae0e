// The command's size of a message on a thin link (bus::thin_link_bytes) is what a gateway really
// sends: the bytes of ThinLinkCodec's frames for a terminal that has not heard of the incident,
// at each link's MTU; and the codec's refusals (over 16 fragments, text over 1 KiB) are refusals.
#include <gtest/gtest.h>

#include "lifeline/bus/link_policy.hpp"
#include "lifeline/bus/thin_encoding.hpp"
#include "lifeline/gateway/thin_link_codec.hpp"

using namespace lifeline;
using nlohmann::json;

namespace {

json order() {
  return {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}, {"kind", "order"}, {"precedence", "flash"},
          {"created", "2026-08-20T01:00:00.000Z"},
          {"body", {{"what", "evacuate"}, {"incident_id", "INC-2026-0042"}, {"note", "转移下洋社区群众"},
                    {"place", {{"name", "石塘镇下洋社区"}, {"lat", 27.90865}, {"lon", 120.08385}}}}}};
}

json text(std::string t) {
  return {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f050"}, {"kind", "text"}, {"precedence", "priority"},
          {"created", "2026-08-20T01:00:00.000Z"}, {"body", {{"text", std::move(t)}}}};
}

size_t gateway_bytes(const json& envelope, size_t mtu) {
  gateway::TerminalKeys keys;
  keys.by_address["4200001"] = {"T-P0001", codec::DeviceKey::generate(7)};
  ManualClock clock(1787187600000);
  gateway::ThinLinkCodec codec(clock, keys);
  auto enc = codec.encode("4200001", "m/team:T-P0001", envelope, mtu);
  EXPECT_EQ(enc.error, "");
  size_t n = 0;
  for (const auto& f : enc.frames) {
    EXPECT_LE(f.size(), mtu);
    n += f.size();
  }
  return n;
}

}  // namespace

TEST(ThinSize, EqualsTheBytesTheGatewaySendsOnEachLink) {
  for (size_t mtu : {70u, 134u, 270u, 284u}) {
    json no_incident = order();
    no_incident["body"].erase("incident_id");
    for (const auto& env : {order(), no_incident, text("请于今晚八时前完成下洋社区低洼处群众转移并回报人数"), text(std::string(300, 'x'))}) {
      auto predicted = bus::thin_link_bytes(env, mtu);
      ASSERT_TRUE(predicted) << mtu;
      EXPECT_EQ(*predicted, gateway_bytes(env, mtu)) << "mtu " << mtu << " " << env.dump();
    }
  }
}

// A notice (a rule telling the teams of a warning's townships to stand by) reaches a radio as its
// Chinese sentence, not as the JSON with the rule, the warning's id and the English text.
TEST(ThinSize, ANoticeTravelsAsItsSentence) {
  json notice = {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f051"}, {"kind", "notice"}, {"precedence", "immediate"},
                 {"created", "2026-08-20T01:00:00.000Z"},
                 {"body", {{"rule", "warning.red"}, {"action", "notify_area_teams"}, {"matched", "warning typhoon red issued"},
                           {"subject_kind", "warning"}, {"subject", "01a22f23-39e1-7003-8a0f-d39fa463f04f"},
                           {"message_zh", "红色预警：本队即刻待命，做好转移群众准备"},
                           {"message_en", "Red warning: stand by now, ready to evacuate residents"}}}};
  auto thin = bus::to_thin_message(notice, "T-P0002", codec::Dictionary::builtin(), 0);
  auto* t = std::get_if<codec::Text>(&thin.message);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->text, "红色预警：本队即刻待命，做好转移群众准备");
  auto pdt = bus::thin_link_bytes(notice, 134);
  ASSERT_TRUE(pdt);
  EXPECT_EQ(*pdt, gateway_bytes(notice, 134));
  EXPECT_LT(*pdt, 134u) << "one PDT frame";
}

TEST(ThinSize, FitsTheLinkProfiles) {
  bus::LinkProfiles profiles;
  const auto& beidou = *profiles.find("beidou");
  const auto& iridium = *profiles.find("iridium");
  // The FLASH order with its incident's dictionary update fits the BeiDou budget.
  EXPECT_LE(*bus::thin_link_bytes(order(), beidou.mtu), beidou.max_bytes);
  // 300 ASCII bytes: 6 BeiDou frames (over the 4-frame budget), 2 Iridium MT messages.
  auto bd = *bus::thin_link_bytes(text(std::string(300, 'x')), beidou.mtu);
  EXPECT_GT(bd, beidou.max_bytes);
  auto ir = *bus::thin_link_bytes(text(std::string(300, 'x')), iridium.mtu);
  EXPECT_LE(ir, iridium.max_bytes);
  EXPECT_GT(ir, 270u);  // fragmented: more than one MT message
}

TEST(ThinSize, CodecRefusalsAreRefusals) {
  // 1 000 ASCII bytes need 17 fragments of a 70-byte frame: more than the codec's 16.
  EXPECT_FALSE(bus::thin_link_bytes(text(std::string(1000, 'x')), 70));
  EXPECT_TRUE(bus::thin_link_bytes(text(std::string(1000, 'x')), 270));
  // Text is at most 1 024 bytes of UTF-8 on any link.
  EXPECT_FALSE(bus::thin_link_bytes(text(std::string(1025, 'x')), 270));
}

TEST(ThinSize, AnOrderFromAnIncidentFitsEveryThinLinkItFitsWithout) {
  // What task.assign sends: the task, the incident by its id (a UUID), the place, the due time.
  json env = {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f051"}, {"kind", "order"}, {"precedence", "flash"},
              {"created", "2026-08-20T01:00:00.000Z"},
              {"body", {{"task_id", "01a22f23-39e1-7003-8a0f-d39fa463f052"}, {"what", "evacuate"},
                        {"note", "转移东岙村低洼处群众，回报人数"}, {"incident_id", "01a22f20-0000-7000-8000-00000000abcd"},
                        {"place", {{"name", "石塘镇东岙村"}, {"lat", 27.9}, {"lon", 120.08}}},
                        {"due_at", "2026-08-20T03:00:00.000Z"}}}};
  json no_point = env;  // reported by place name only: a village of the gazetteer
  no_point["body"]["place"].erase("lat");
  no_point["body"]["place"].erase("lon");
  json unknown_place = no_point;  // a name the gazetteer does not have
  unknown_place["body"]["place"]["name"] = "东岙村渔港北侧堤坝";
  json no_place = env;
  no_place["body"].erase("place");
  bus::LinkProfiles profiles;
  for (const auto& env : {env, no_point, unknown_place, no_place})
  for (const char* link : {"pdt", "beidou", "iridium", "tiantong", "sms"}) {
    json without = env;
    without["body"].erase("incident_id");
    const auto& p = *profiles.find(link);
    auto plain = bus::thin_link_bytes(without, p.mtu);
    auto linked = bus::thin_link_bytes(env, p.mtu);
    ASSERT_TRUE(plain) << link;
    ASSERT_TRUE(linked) << link << ": the incident made the order unencodable " << env["body"]["place"].dump();
    if (*plain <= p.max_bytes) EXPECT_LE(*linked, p.max_bytes) << link << ": " << *plain << " B without the incident, " << *linked << " with";
    EXPECT_EQ(*linked, gateway_bytes(env, p.mtu)) << link;
  }
}

// What task.assign sends now: the incident by its id and by its number. The number travels on the
// wire (schema/codec.md §4.1), so the first order of a new incident is one BeiDou frame with no
// dictionary update before it; the id alone still takes the update first.
TEST(ThinSize, TheFirstOrderOfANewIncidentIsOneFrame) {
  json env = {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f051"}, {"kind", "order"}, {"precedence", "flash"},
              {"created", "2026-08-20T01:00:00.000Z"},
              {"body", {{"task_id", "01a22f23-39e1-7003-8a0f-d39fa463f052"}, {"what", "evacuate"},
                        {"note", "转移东岙村低洼处群众，回报人数"}, {"incident_id", "01a22f20-0000-7000-8000-00000000abcd"},
                        {"incident_number", "INC-2026-0157"}, {"place", {{"name", "石塘镇东岙村"}}},
                        {"due_at", "2026-08-20T03:00:00.000Z"}}}};
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team("T-P0001");
  auto shared = std::make_shared<const codec::Dictionary>(dict);
  const auto key = codec::DeviceKey::generate(7);
  for (size_t mtu : {70u, 134u}) {
    auto frames = bus::thin_link_frames(env, mtu, "T-P0001", shared, key);
    ASSERT_EQ(frames.error, "") << mtu;
    EXPECT_EQ(frames.update_frames, 0u) << mtu;
    ASSERT_EQ(frames.frames.size(), 1u) << mtu;
    EXPECT_EQ(*bus::thin_link_bytes(env, mtu), gateway_bytes(env, mtu)) << mtu;
    // Decoded on the terminal: the incident is its number, the place the village.
    ManualClock clock(1787187600000);
    codec::LinkReceiver receiver(dict, key, clock);
    auto got = receiver.receive(frames.frames[0]);
    ASSERT_TRUE(got && *got) << mtu;
    const auto& o = std::get<codec::Order>((*got)->message);
    EXPECT_EQ(o.incident, "INC-2026-0157");
    EXPECT_EQ(o.place.name, "石塘镇东岙村");
  }
  json by_id = env;
  by_id["body"].erase("incident_number");
  auto old = bus::thin_link_frames(by_id, 70, "T-P0001", shared, key);
  EXPECT_EQ(old.update_frames, 1u);
  EXPECT_EQ(old.frames.size(), 2u);
}
