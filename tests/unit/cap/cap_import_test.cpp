// Every CAP 1.2 sample in shared/interop/cap imports; every file in real-world/invalid/ is refused
// with the reason it is invalid.
#include <gtest/gtest.h>

#include <set>

#include "cap_samples.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline::cap;
using lifeline::ApiError;
namespace fs = std::filesystem;

namespace {

std::string error_code(const std::string& xml) {
  try {
    import_cap(xml);
  } catch (const ApiError& e) {
    return e.code() + ": " + e.detail();
  }
  return "accepted";
}

}  // namespace

TEST(CapImport, EverySampleImports) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(test::cap_dir()))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  for (const auto& e : fs::directory_iterator(test::cap_dir() / "real-world"))
    if (e.path().extension() == ".xml" || e.path().extension() == ".cap") files.push_back(e.path());
  ASSERT_EQ(files.size(), 3u + 13u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    Warning w;
    ASSERT_NO_THROW(w = import_cap(test::read_file(f))) << error_code(test::read_file(f));
    EXPECT_FALSE(w.identifier.empty());
    EXPECT_FALSE(w.sender.empty());
    EXPECT_GT(w.sent, 0);
    EXPECT_FALSE(w.type.empty());
  }
}

TEST(CapImport, MapsTheAppendixThunderstormWarning) {
  auto w = import_cap(test::read_file(test::cap_dir() / "v1dot2_appendix_adot2.xml"));
  EXPECT_EQ(w.identifier, "KSTO1055887203");
  EXPECT_EQ(w.msg_type, "Alert");
  EXPECT_EQ(w.status, "Actual");
  EXPECT_EQ(w.type, "lightning");  // "SEVERE THUNDERSTORM"
  EXPECT_EQ(w.colour, "orange");   // severity Severe, no warningColour parameter
  EXPECT_EQ(w.department, "NATIONAL WEATHER SERVICE SACRAMENTO CA");
  ASSERT_EQ(w.areas.size(), 1u);
  EXPECT_EQ(w.areas[0].polygons.size(), 1u);
  EXPECT_EQ(w.areas[0].geocodes.size(), 3u);
  EXPECT_EQ(w.sent, *lifeline::parse_rfc3339("2003-06-17T14:57:00-07:00"));
  ASSERT_TRUE(w.expires);
}

TEST(CapImport, UpdateCarriesItsReferences) {
  auto w = import_cap(test::read_file(test::cap_dir() / "v1dot2_appendix_adot3.xml"));
  EXPECT_EQ(w.msg_type, "Update");
  ASSERT_EQ(w.references.size(), 1u);
  EXPECT_EQ(w.type, "earthquake");
}

TEST(CapImport, MultilingualAmberAlertKeepsBothInfoBlocks) {
  auto w = import_cap(test::read_file(test::cap_dir() / "cap_amber_alert_example.xml"));
  ASSERT_EQ(w.infos.size(), 2u);
  EXPECT_EQ(w.infos[0].language, "en-US");
  EXPECT_EQ(w.infos[1].language, "es-US");
}

TEST(CapImport, TaiwanChineseAlertWithBom) {
  auto w = import_cap(test::read_file(test::cap_dir() / "real-world/taiwan.cap"));
  EXPECT_EQ(w.department, "水利署");
  EXPECT_EQ(w.type, "flood");     // 水庫洩洪 (reservoir release)
  EXPECT_EQ(w.colour, "yellow");  // its alert_color parameter is not warningColour; severity Moderate
  EXPECT_EQ(w.infos.at(0).language, "zh-tw");
  EXPECT_EQ(w.areas.at(0).desc, "苗栗縣頭屋鄉");
}

TEST(CapImport, Iso8859AndCancelWithoutInfo) {
  auto eq = import_cap(test::read_file(test::cap_dir() / "real-world/earthquake-iso8859-1.cap"));
  EXPECT_EQ(eq.type, "earthquake");
  auto cancel = import_cap(test::read_file(test::cap_dir() / "real-world/ipaws-5e6dd9de023f1930ef6548d9.xml"));
  EXPECT_EQ(cancel.msg_type, "Cancel");
  EXPECT_TRUE(cancel.infos.empty());
  EXPECT_EQ(cancel.type, "other");
}

// real-world/invalid/: each file, the error we give and why (see that folder's README).
TEST(CapImport, InvalidSamplesAreRefusedWithTheReason) {
  struct Case {
    const char* file;
    const char* code;
    const char* why;
  };
  const Case cases[] = {
      // <senderName> after <headline> and non-CAP <Type>/<Polygon> elements: fails the XSD.
      {"sweden.cap", "schema_invalid", "element order"},
      // several <alert>s under a non-standard <alerts> root: not a CAP document.
      {"smhi.se.alerts.cap", "schema_invalid", "expected <alert>"},
      // urn:oasis:names:tc:emergency:alerts:1.2 is not the CAP namespace.
      {"invalid_xmlns.cap", "cap_wrong_namespace", "alerts:1.2"},
      // required <scope> missing.
      {"invalid.cap", "schema_invalid", "scope"},
      // XSD-valid, but an empty <references/> breaks CAP 1.2 §3.2.1 (the rule layer catches it).
      {"canada_errors.cap", "cap_invalid", "references"},
      // hostile: DOCTYPE with external and parameter entities, XInclude: refused before any fetch.
      {"xee.cap", "xml_dtd_refused", "DOCTYPE"},
  };
  std::set<std::string> seen;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto text = test::read_file(test::cap_dir() / "real-world/invalid" / c.file);
    ASSERT_FALSE(text.empty());
    try {
      import_cap(text);
      ADD_FAILURE() << "accepted";
    } catch (const ApiError& e) {
      EXPECT_EQ(e.code(), c.code) << e.detail();
      if (std::string(c.code) == "schema_invalid" && std::string(c.file) == "sweden.cap")
        EXPECT_NE(e.detail().find("line"), std::string::npos) << e.detail();
      else if (std::string(c.code) != "xml_dtd_refused" && std::string(c.file) != "sweden.cap")
        EXPECT_NE(e.detail().find(c.why), std::string::npos) << e.detail();
    }
    seen.insert(c.file);
  }
  // Every file of the folder is covered by the table above.
  for (const auto& e : fs::directory_iterator(test::cap_dir() / "real-world/invalid"))
    EXPECT_TRUE(seen.count(e.path().filename().string())) << e.path();
}
