// NMEA-style framing against the published vectors of links.md §5.1 (recomputed there), the known-bad
// sample, lower-case acceptance and the stream splitter's resynchronisation.
#include <gtest/gtest.h>

#include "lifeline/linkproto/nmea.hpp"

using namespace lifeline::linkproto;

namespace {
struct Vector {
  const char* body;
  const char* hh;
};
// links.md §5.1, verified vectors (body without `$` and `*hh`).
const Vector kVectors[] = {
    {"CCICA,0,00", "7B"},
    {"CCICA,0,0", "4B"},
    {"CCICI,0,00", "73"},
    {"CCRMO,BSI,2,0", "26"},
    {"BDICI,0242286,00242286,0000011,6,60,3,N,0", "38"},
    {"BDICI,0000000,00000000,0000000,0,0,0,N,0", "0B"},
    {"CCTXA,0247718,1,1,3132333435", "70"},
    {"CCTXA,0000000,1,2,A4313233C4E3BAC3D5E2CAC7B2E2CAD4", "7F"},
    {"BDFKI,000000,TCQ,Y,5,0", "74"},
    {"BDTXR,1,4207733,1,2337,90000000000065C1FAF4B2E2CAD4", "3F"},
    {"BDTCI,4204986,4204990,2,142204,2,0,3A642B500000000000000A01F35B41EC036542EE74F5", "40"},
};
}  // namespace

TEST(LinkprotoNmea, EveryPublishedVectorEmitsAndParses) {
  for (const auto& v : kVectors) {
    std::string wire = std::string("$") + v.body + "*" + v.hh + "\r\n";
    EXPECT_EQ(nmea_frame(v.body), wire) << v.body;
    auto s = parse_sentence(wire);
    ASSERT_TRUE(s) << v.body << ": " << s.error;
    EXPECT_EQ(emit_sentence(*s), wire);
    EXPECT_FALSE(s->lower_case_checksum);
  }
}

TEST(LinkprotoNmea, KnownBadPublishedSampleIsAChecksumMismatch) {
  // links.md §5.1: the published comment `$CCTXA,0123456,1,2,,A4BF…5183*35` does not check out.
  auto s = parse_sentence("$CCTXA,0123456,1,2,,A4BF\xE2\x80\xA6" "5183*35\r\n");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error, "checksum mismatch");
}

TEST(LinkprotoNmea, LowerCaseChecksumAcceptedAndFlagged) {
  auto s = parse_sentence("$CCICA,0,00*7b\r\n");
  ASSERT_TRUE(s) << s.error;
  EXPECT_TRUE(s->lower_case_checksum);
  EXPECT_EQ(emit_sentence(*s), "$CCICA,0,00*7B\r\n");  // we always emit upper case
}

TEST(LinkprotoNmea, LeadingZeroKept) {
  // "CCTXA,0247718,1,1,31323334" XORs to 0x41; change the last digit so the sum is 0x07.
  std::string body = "CCTXA,0247718,1,1,3132333";
  body.push_back(static_cast<char>(nmea_checksum(body) ^ 0x07));
  std::string w = nmea_frame(body);
  EXPECT_EQ(w.substr(w.size() - 5), "*07\r\n");
  EXPECT_TRUE(parse_sentence(w));
}

TEST(LinkprotoNmea, MalformedSentencesRefused) {
  EXPECT_FALSE(parse_sentence(""));
  EXPECT_FALSE(parse_sentence("CCICA,0,00*7B\r\n"));     // no $
  EXPECT_FALSE(parse_sentence("$CCICA,0,00\r\n"));       // no checksum
  EXPECT_FALSE(parse_sentence("$CCICA,0,00*7\r\n"));     // one digit
  EXPECT_FALSE(parse_sentence("$CCICA,0,00*7G\r\n"));    // not hex
  EXPECT_FALSE(parse_sentence("$CCICA,0,00*7C\r\n"));    // wrong
  EXPECT_FALSE(parse_sentence(nmea_frame("CCIC,0")));   // 4-letter address
  EXPECT_FALSE(parse_sentence(nmea_frame("ccica,0,00")));
  EXPECT_FALSE(parse_sentence(nmea_frame(std::string(5000, 'A'))));
}

TEST(LinkprotoNmea, EmptyFieldsKept) {
  auto s = parse_sentence(nmea_frame("BDTXR,1,4207733,2,,A401"));
  ASSERT_TRUE(s);
  ASSERT_EQ(s->fields.size(), 5u);
  EXPECT_EQ(s->fields[3], "");
  EXPECT_EQ(s->fields[4], "A401");
}

TEST(LinkprotoNmea, SplitterResynchronisesAfterGarbageAndLostLineEnd) {
  SentenceSplitter sp;
  // garbage, a sentence cut short by a new `$`, a good one split over two feeds, noise between.
  sp.feed("\x01\x02junk$CCTXA,0000000,1,1,31$CCICA,0,");
  sp.feed("00*7B\r\nxx\r\n$BDICI,0000000,00000000,0000000,0,0,0,N,0*0B\r\n");
  std::string line;
  ASSERT_TRUE(sp.next(line));
  EXPECT_EQ(line, "$CCICA,0,00*7B\r\n");
  ASSERT_TRUE(sp.next(line));
  EXPECT_TRUE(parse_sentence(line));
  EXPECT_FALSE(sp.next(line));
  EXPECT_EQ(sp.dropped_sentences(), 1u);
  EXPECT_EQ(sp.garbage_bytes(), 6u + 4u);
}

TEST(LinkprotoNmea, SplitterByteByByteEqualsWhole) {
  std::string stream = nmea_frame("CCICA,0,00") + nmea_frame("CCRMO,BSI,2,0");
  SentenceSplitter a, b;
  a.feed(stream);
  for (char c : stream) b.feed(std::string_view(&c, 1));
  std::string la, lb;
  int n = 0;
  while (a.next(la)) {
    ASSERT_TRUE(b.next(lb));
    EXPECT_EQ(la, lb);
    ++n;
  }
  EXPECT_EQ(n, 2);
}

TEST(LinkprotoNmea, SplitterDropsOverlongSentence) {
  SentenceSplitter sp;
  sp.feed("$" + std::string(kMaxSentenceBytes + 10, 'A') + "\r\n" + nmea_frame("CCICA,0,0"));
  std::string line;
  ASSERT_TRUE(sp.next(line));
  EXPECT_EQ(line, "$CCICA,0,0*4B\r\n");
  EXPECT_EQ(sp.dropped_sentences(), 1u);
}
