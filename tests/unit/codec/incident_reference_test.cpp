// An incident travels as its number (INC-YYYY-NNNN) with no dictionary entry, so the first order of
// a new incident needs no dictionary update first; any other key still goes through the dictionary
// (schema/codec.md §4.1).
#include <gtest/gtest.h>

#include "lifeline/codec/codec.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

constexpr int64_t kT0 = 1755640800000;

Order order_for(std::string incident) {
  Order o;
  o.precedence = Precedence::flash;
  o.to = "T053";
  o.incident = std::move(incident);
  o.task = TaskType::evacuate;
  o.place = Place{"P0001", "", {}};
  o.note = "立即转移";
  o.sent_ms = kT0;
  return o;
}

TEST(IncidentReference, OnlyTheCommandsOwnNumbersAreNumbers) {
  for (const char* yes : {"INC-2026-0001", "INC-2026-0041", "INC-2020-0000", "INC-2026-24225", "INC-9999-4294967295"})
    EXPECT_TRUE(is_incident_number(yes)) << yes;
  for (const char* no : {"INC-2026-041", "INC-2026-00041", "INC-2019-0001", "inc-2026-0001", "INC-2026-0O01", "INC-26-0001",
                         "INC-2026-4294967296", "INC-2026-0001 ", "01a22f20-0000-7000-8000-00000000abcd", ""})
    EXPECT_FALSE(is_incident_number(no)) << no;
}

TEST(IncidentReference, ANewIncidentsNumberNeedsNoDictionaryEntry) {
  const Dictionary dict = test::enrolment_dictionary();
  ASSERT_FALSE(dict.find(DictTable::incident, "INC-2026-0157"));
  auto frame = encode(order_for("INC-2026-0157"), 3, dict, test::test_key());
  ASSERT_TRUE(frame.ok()) << frame.error().code << " " << frame.error().detail;
  auto back = decode(*frame, dict, test::test_key(), kT0);
  ASSERT_TRUE(back.ok()) << back.error().code;
  EXPECT_EQ(std::get<Order>(back->message).incident, "INC-2026-0157");
  // Against the same order whose incident is the dictionary's first entry: two bytes at most more.
  auto known = encode(order_for("01a22f20-0000-7000-8000-00000000abcd"), 3, dict, test::test_key());
  ASSERT_TRUE(known.ok());
  EXPECT_LE(frame->size(), known->size() + 2);

  Report r{"INC-2027-0003", 1, 2, 0, "塌方", kT0};
  auto rf = encode(r, 4, dict, test::test_key());
  ASSERT_TRUE(rf.ok());
  auto rb = decode(*rf, dict, test::test_key(), kT0);
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(std::get<Report>(rb->message), r);
}

TEST(IncidentReference, AKeyThatIsNotANumberStillNeedsTheDictionary) {
  const Dictionary dict = test::enrolment_dictionary();
  auto unknown = encode(order_for("01a22f20-0000-7000-8000-0000000000ff"), 3, dict, test::test_key());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "not_found");
  auto known = encode(order_for("INC-2026-041"), 3, dict, test::test_key());
  ASSERT_TRUE(known.ok());
  auto back = decode(*known, dict, test::test_key(), kT0);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<Order>(back->message).incident, "INC-2026-041");
}

TEST(IncidentReference, AVersionOneFrameIsRefusedNotMisread) {
  const Dictionary dict = test::enrolment_dictionary();
  auto frame = encode(order_for("INC-2026-0001"), 3, dict, test::test_key());
  ASSERT_TRUE(frame.ok());
  std::vector<uint8_t> v1 = *frame;
  v1[0] = static_cast<uint8_t>((v1[0] & 0x3F) | (1u << 6));
  auto r = decode(v1, dict, test::test_key(), kT0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "bad_frame");
}

}  // namespace
}  // namespace lifeline::codec
