// Export: every CAP document Lifeline writes validates against CAP-v1.2.xsd, checked by xmllint
// (an independent run of the schema) and by the embedded validator, over random warnings.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstdlib>
#include <random>

#include "cap_samples.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_export.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/warning_mapping.hpp"
#include "lifeline/cap/xsd.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline::cap;
namespace fs = std::filesystem;

namespace {

// Text that stresses escaping: markup characters, CJK, quotes, control bytes, broken UTF-8.
std::string random_text(std::mt19937_64& rng, int max_len) {
  static const std::vector<std::string> atoms = {"a", "Z", " ", "<", ">", "&", "\"", "'", "台", "风", "红", "预警",
                                                 "\n", "\t", "\x01", "\xFF", "\xC3", "]]>", "&amp;", "é", "𝄞", "\r"};
  std::string s;
  int n = static_cast<int>(rng() % (max_len + 1));
  for (int i = 0; i < n; ++i) s += atoms[rng() % atoms.size()];
  return s;
}

std::string random_polygon(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> lat(27.8, 28.1), lon(119.9, 120.6);
  std::string p;
  std::string first;
  int n = 3 + static_cast<int>(rng() % 5);
  for (int i = 0; i < n; ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5f,%.5f", lat(rng), lon(rng));
    if (i == 0) first = buf;
    p += std::string(buf) + " ";
  }
  return p + first;
}

Warning random_warning(std::mt19937_64& rng, int i) {
  static const char* types[] = {"typhoon", "heavy_rain", "flood", "cold_wave", "forest_fire", "geohazard",
                                "earthquake", "hazardous_chemicals", "other", "not_a_type"};
  static const char* colours[] = {"red", "orange", "yellow", "blue", ""};
  static const char* statuses[] = {"Actual", "Exercise", "System", "Test", "Draft"};
  static const char* kinds[] = {"Alert", "Update", "Cancel"};
  Warning w;
  w.identifier = "LL-" + std::to_string(i) + "-" + std::to_string(rng() % 100000);
  w.sender = "qx" + std::to_string(rng() % 9) + "@demo-city.example";
  w.sent = 1'700'000'000'000LL + static_cast<int64_t>(rng() % 400'000'000'000ULL);
  w.status = statuses[rng() % 5];
  w.msg_type = kinds[rng() % 3];
  if (w.msg_type != "Alert") w.references = {"qx1@demo-city.example,LL-0," + format_cap_time(w.sent - 3600000, 480)};
  w.type = types[rng() % 10];
  w.colour = colours[rng() % 5];
  w.department = random_text(rng, 6);
  if (rng() % 2) w.onset = w.sent + 600000;
  if (rng() % 2) w.expires = w.sent + 86400000;
  if (rng() % 3 == 0) w.note = random_text(rng, 10);
  int areas = static_cast<int>(rng() % 4);
  for (int a = 0; a < areas; ++a) {
    Area area;
    area.desc = random_text(rng, 8);
    if (rng() % 2) area.polygons.push_back(random_polygon(rng));
    if (rng() % 3 == 0) area.circles.push_back("27.95,120.1 " + std::to_string(rng() % 50));
    if (rng() % 2) area.geocodes.push_back({"GB/T 2260", "3399010" + std::to_string(rng() % 100)});
    w.areas.push_back(area);
  }
  if (rng() % 2) {
    Info zh;
    zh.language = "zh-CN";
    zh.headline = random_text(rng, 12);
    zh.description = random_text(rng, 40);
    zh.instruction = random_text(rng, 20);
    zh.web = rng() % 2 ? "https://qx.demo-city.example/w?id=1&x=2" : "not a uri <>";
    zh.response_types = {"Prepare", "Bogus"};
    w.infos.push_back(zh);
  }
  if (rng() % 2) {
    Info en;
    en.language = "en-GB";
    en.headline = random_text(rng, 12);
    en.urgency = "Immediate";
    en.certainty = "Observed";
    w.infos.push_back(en);
  }
  return w;
}

}  // namespace

TEST(CapExport, RandomWarningsValidateWithXmllintAndTheEmbeddedXsd) {
  std::mt19937_64 rng(20260820);
  fs::path dir = fs::path(LIFELINE_BINARY_DIR) / "test-cap-export";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string files;
  constexpr int kCount = 240;
  for (int i = 0; i < kCount; ++i) {
    Warning w = random_warning(rng, i);
    std::string xml = export_cap(w);
    auto errors = xsd_errors(xml);
    ASSERT_TRUE(errors.empty()) << errors.front() << "\n" << xml;
    // Round trip: what Lifeline acts on survives export and import.
    Warning back = import_cap(xml);
    EXPECT_EQ(back.identifier, w.identifier);
    EXPECT_EQ(back.sender, w.sender);
    EXPECT_EQ(back.sent / 1000, w.sent / 1000);
    EXPECT_EQ(back.status, w.status);
    EXPECT_EQ(back.msg_type, w.msg_type);
    EXPECT_EQ(back.references, w.references);
    EXPECT_EQ(back.type, lifeline::cap::type_known(w.type) ? w.type : "other");
    EXPECT_EQ(back.colour, w.colour);
    EXPECT_EQ(back.areas.size(), w.areas.size());
    EXPECT_EQ(back.onset.has_value(), w.onset.has_value());
    ASSERT_EQ(back.infos.size(), 2u);
    EXPECT_EQ(back.infos[0].language, "zh-CN");
    EXPECT_EQ(back.infos[1].language, "en");
    auto path = dir / ("w" + std::to_string(i) + ".xml");
    std::ofstream(path, std::ios::binary) << xml;
    files += " " + path.string();
  }
  std::string xsd = (fs::path(LIFELINE_SOURCE_DIR) / "command/cap/data/CAP-v1.2.xsd").string();
  std::string log = (dir / "xmllint.log").string();
  std::string cmd = "xmllint --nonet --noout --schema " + xsd + files + " > " + log + " 2>&1";
  int rc = std::system(cmd.c_str());
  auto out = test::read_file(log);
  EXPECT_EQ(rc, 0) << out.substr(0, 4000);
  std::size_t validated = 0;
  for (std::size_t p = out.find(" validates"); p != std::string::npos; p = out.find(" validates", p + 1)) ++validated;
  EXPECT_EQ(validated, static_cast<std::size_t>(kCount));
}

TEST(CapExport, RedTyphoonHasZhAndEnInfoBlocks) {
  Warning w;
  w.identifier = "QX-2026-0820-01";
  w.sender = "weather@demo-city.example";
  w.sent = *lifeline::parse_rfc3339("2026-08-20T01:00:00.000Z");
  w.type = "typhoon";
  w.colour = "red";
  w.department = "气象局";
  w.areas = {{"石塘镇", {}, {}, {{"GB/T 2260", "339901001"}}}, {"石塘镇", {}, {}, {{"GB/T 2260", "339901001"}}}};
  std::string xml = export_cap(w);
  EXPECT_NE(xml.find("<sent>2026-08-20T09:00:00+08:00</sent>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<event>台风红色预警</event>"), std::string::npos) << "the colour stays in the event";
  EXPECT_NE(xml.find("<event>Typhoon red warning</event>"), std::string::npos) << xml;
  size_t areas = 0;
  for (auto at = xml.find("<areaDesc>石塘镇</areaDesc>"); at != std::string::npos; at = xml.find("<areaDesc>石塘镇</areaDesc>", at + 1)) ++areas;
  EXPECT_EQ(areas, 2u) << "each area once in each of the two info blocks";
  EXPECT_NE(xml.find("<language>zh-CN</language>"), std::string::npos);
  EXPECT_NE(xml.find("<language>en</language>"), std::string::npos);
  EXPECT_NE(xml.find("<headline>台风红色预警</headline>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<headline>Typhoon red warning</headline>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<severity>Extreme</severity>"), std::string::npos);
  EXPECT_NE(xml.find("<valueName>warningColour</valueName><value>red</value>"), std::string::npos);
  EXPECT_TRUE(xsd_errors(xml).empty());
  auto back = import_cap(xml);
  EXPECT_EQ(back.type, "typhoon");
  EXPECT_EQ(back.colour, "red");
  EXPECT_EQ(back.department, "气象局");
}

TEST(CapExport, ImportedSamplesReexportValid) {
  for (const char* f : {"cap_amber_alert_example.xml", "v1dot2_appendix_adot2.xml", "v1dot2_appendix_adot3.xml",
                        "real-world/taiwan.cap", "real-world/canada.cap", "real-world/australia.cap"}) {
    SCOPED_TRACE(f);
    auto w = import_cap(test::read_file(test::cap_dir() / f));
    auto xml = export_cap(w);
    auto errors = xsd_errors(xml);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    auto back = import_cap(xml);
    EXPECT_EQ(back.areas, w.areas);
    EXPECT_EQ(back.type, w.type);
    EXPECT_EQ(back.colour, w.colour);
  }
}

TEST(CapExport, IncidentNoticeAndHeaderChecks) {
  IncidentNotice n;
  n.id = "0192f5a0-0000-7000-8000-000000000001";
  n.sender = "lifeline@demo-city.example";
  n.sender_name_zh = "示范市应急管理局";
  n.sender_name_en = "Demo City Emergency Management Bureau";
  n.sent = 1'787'000'000'000;
  n.type = "hazardous_chemicals";
  n.level = 2;
  n.headline_zh = "港口镇危化品泄漏，启动 II 级响应";
  n.headline_en = "Hazmat leak in Gangkou: level II response";
  n.exercise = true;
  auto xml = export_cap(notice_to_warning(n));
  EXPECT_TRUE(xsd_errors(xml).empty());
  auto back = import_cap(xml);
  EXPECT_EQ(back.status, "Exercise");
  EXPECT_EQ(back.colour, "orange");
  EXPECT_EQ(back.infos.at(0).headline, n.headline_zh);
  EXPECT_EQ(back.infos.at(1).sender_name, n.sender_name_en);
  Warning bad = notice_to_warning(n);
  bad.identifier = "has space";
  EXPECT_THROW(export_cap(bad), lifeline::ApiError);
  bad = notice_to_warning(n);
  bad.status = "Real";
  EXPECT_THROW(export_cap(bad), lifeline::ApiError);
}

TEST(CapExport, AtomFeedCarriesValidAlerts) {
  std::mt19937_64 rng(7);
  std::vector<Warning> ws;
  for (int i = 0; i < 5; ++i) ws.push_back(random_warning(rng, i));
  FeedOptions opt;
  opt.updated = 1'787'000'000'000;
  opt.self_url = "https://lifeline.demo-city.example/cap/feed.atom?a=1&b=2";
  std::string feed = export_atom(ws, opt);
  xmlDocPtr doc = xmlReadMemory(feed.data(), static_cast<int>(feed.size()), "feed.xml", nullptr, XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr) << feed;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->name), "feed");
  EXPECT_STREQ(reinterpret_cast<const char*>(root->ns->href), "http://www.w3.org/2005/Atom");
  int alerts = 0;
  for (xmlNodePtr e = root->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || std::string(reinterpret_cast<const char*>(e->name)) != "entry") continue;
    for (xmlNodePtr c = e->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || std::string(reinterpret_cast<const char*>(c->name)) != "content") continue;
      for (xmlNodePtr a = c->children; a; a = a->next) {
        if (a->type != XML_ELEMENT_NODE) continue;
        // Each embedded alert, serialised alone, validates.
        xmlDocPtr one = xmlNewDoc(BAD_CAST "1.0");
        xmlDocSetRootElement(one, xmlDocCopyNode(a, one, 1));
        xmlChar* buf = nullptr;
        int len = 0;
        xmlDocDumpMemoryEnc(one, &buf, &len, "UTF-8");
        std::string alert(reinterpret_cast<char*>(buf), len);
        xmlFree(buf);
        xmlFreeDoc(one);
        auto errors = xsd_errors(alert);
        EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front()) << alert;
        ++alerts;
      }
    }
  }
  xmlFreeDoc(doc);
  EXPECT_EQ(alerts, 5);
}
