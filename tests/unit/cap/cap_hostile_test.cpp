// Malformed, oversized, wrong-namespace and hostile XML is refused with a clear error and no
// network or file access.
#include <gtest/gtest.h>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_import.hpp"

using namespace lifeline::cap;
using lifeline::ApiError;

namespace {

const std::string kMinimal = R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>T-1</identifier><sender>qx@demo.example</sender><sent>2026-08-20T09:00:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>台风</event><urgency>Immediate</urgency><severity>Extreme</severity>
    <certainty>Likely</certainty><headline>BODY</headline></info>
</alert>)";

std::string code_of(const std::string& xml, ImportLimits limits = {}) {
  try {
    import_cap(xml, limits);
  } catch (const ApiError& e) {
    return e.code();
  }
  return "accepted";
}

std::string with_body(const std::string& prolog, const std::string& headline) {
  std::string doc = kMinimal;
  doc.replace(doc.find("BODY"), 4, headline);
  doc.insert(doc.find("<alert"), prolog);
  return doc;
}

}  // namespace

TEST(CapHostile, MinimalAlertIsAccepted) { EXPECT_EQ(code_of(kMinimal), "accepted"); }

TEST(CapHostile, BillionLaughsIsRefused) {
  std::string dtd = "<!DOCTYPE alert [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    dtd += "\">\n";
  }
  dtd += "]>\n";
  EXPECT_EQ(code_of(with_body(dtd, "&lol9;")), "xml_dtd_refused");
}

TEST(CapHostile, ExternalEntitiesAreRefused) {
  EXPECT_EQ(code_of(with_body("<!DOCTYPE alert [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n", "&xxe;")),
            "xml_dtd_refused");
  EXPECT_EQ(code_of(with_body("<!DOCTYPE alert [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]>\n", "x")),
            "xml_dtd_refused");
  EXPECT_EQ(code_of(with_body("<!DOCTYPE alert SYSTEM \"http://127.0.0.1:9/cap.dtd\">\n", "x")), "xml_dtd_refused");
  // Even an empty DOCTYPE: CAP never needs one.
  EXPECT_EQ(code_of(with_body("<!DOCTYPE alert>\n", "x")), "xml_dtd_refused");
}

TEST(CapHostile, UndeclaredEntityIsNotWellFormed) {
  EXPECT_EQ(code_of(with_body("", "&xxe;")), "bad_xml");
}

TEST(CapHostile, Utf16DoctypeIsRefusedToo) {
  std::string doc = with_body("<!DOCTYPE alert [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n", "&xxe;");
  doc.replace(doc.find("UTF-8"), 5, "UTF-16");
  doc.replace(doc.find("台风"), std::string("台风").size(), "typhoon");  // ASCII only: widened byte by byte
  std::string utf16 = "\xFF\xFE";
  for (char c : doc) utf16 += c, utf16 += '\0';
  EXPECT_EQ(code_of(utf16), "xml_dtd_refused");
}

TEST(CapHostile, OversizedIsRefusedAndTheCapIsConfigurable) {
  std::string big = with_body("", std::string(kDefaultMaxBytes, 'x'));
  EXPECT_EQ(code_of(big), "cap_too_large");
  EXPECT_EQ(code_of(big, {.max_bytes = 2 * kDefaultMaxBytes}), "accepted");
  EXPECT_EQ(code_of(kMinimal, {.max_bytes = 100}), "cap_too_large");
}

TEST(CapHostile, MalformedIsRefusedWithALine) {
  for (std::string bad : {std::string(""), std::string("<alert"), std::string("not xml at all"),
                          kMinimal.substr(0, kMinimal.size() / 2), std::string("<a><b></a></b>")}) {
    try {
      import_cap(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), "bad_xml");
      EXPECT_FALSE(e.detail().empty());
    }
  }
}

TEST(CapHostile, WrongOrMissingNamespaceIsRefused) {
  std::string cap11 = kMinimal;
  cap11.replace(cap11.find("cap:1.2"), 7, "cap:1.1");
  EXPECT_EQ(code_of(cap11), "cap_wrong_namespace");
  std::string none = kMinimal;
  none.replace(none.find(" xmlns="), std::string(" xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"").size(), "");
  EXPECT_EQ(code_of(none), "cap_wrong_namespace");
}

TEST(CapHostile, SchemaAndRuleViolations) {
  std::string bad_status = kMinimal;
  bad_status.replace(bad_status.find("Actual"), 6, "Real");
  EXPECT_EQ(code_of(bad_status), "schema_invalid");
  std::string zulu = kMinimal;
  zulu.replace(zulu.find("+08:00"), 6, "Z");
  EXPECT_EQ(code_of(zulu), "schema_invalid");  // CAP 1.2 requires an explicit offset
  std::string restricted = kMinimal;
  restricted.replace(restricted.find("Public"), 6, "Restricted");
  EXPECT_EQ(code_of(restricted), "cap_invalid");
  std::string open_poly = kMinimal;
  open_poly.replace(open_poly.find("</info>"), 7,
                    "<area><areaDesc>x</areaDesc><polygon>27,120 28,120 28,121 27,121</polygon></area></info>");
  EXPECT_EQ(code_of(open_poly), "cap_invalid");
  std::string spaced_id = kMinimal;
  spaced_id.replace(spaced_id.find("T-1"), 3, "T 1");
  EXPECT_EQ(code_of(spaced_id), "cap_invalid");
}

TEST(CapHostile, DeepNestingIsRefused) {
  std::string deep = kMinimal;
  std::string open, close;
  for (int i = 0; i < 5000; ++i) open += "<x>", close += "</x>";
  deep.replace(deep.find("BODY"), 4, open + close);
  EXPECT_NE(code_of(deep), "accepted");
}

TEST(CapHostile, EveryErrorCodeIsInTheCatalogue) {
  for (const char* code : {"cap_too_large", "xml_dtd_refused", "bad_xml", "cap_wrong_namespace", "schema_invalid",
                           "cap_invalid", "bad_field", "bad_json", "rules_invalid"})
    EXPECT_TRUE(lifeline::error_code_known(code)) << code;
}
