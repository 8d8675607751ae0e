// CAP over HTTP through the real lifeline-command: every shared sample imports, hostile and broken
// XML and bad credentials are refused with a clear error and no change to the event log, and every
// CAP document Lifeline publishes (warning, incident notice, feed entries) validates against the
// CAP 1.2 XSD with xmllint.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using CapHttp = WarningsServer;

json error_of(const HttpReply& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"] : json();
}

TEST_F(CapHttp, EverySharedSampleImportsOverHttp) {
  // The samples come from many senders: a duty officer imports them on their behalf (a department
  // user may import only in its own name, tests/security/cap_sender_test.cpp).
  auto auth = bearer("officer");
  std::vector<fs::path> samples;
  for (const auto& dir : {cap_dir(), cap_dir() / "real-world"})
    for (const auto& f : fs::directory_iterator(dir))
      if (f.is_regular_file() && (f.path().extension() == ".xml" || f.path().extension() == ".cap")) samples.push_back(f.path());
  ASSERT_GE(samples.size(), 15u);
  std::set<std::string> ids;
  for (const auto& p : samples) {
    auto r = post_cap(read_file(p), auth);
    EXPECT_TRUE(r.status == 201 || r.status == 200) << p << ": " << r.status << " " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object() && j.contains("id")) << p << ": " << r.body;
    ids.insert(j["id"].get<std::string>());
    // The same message again changes nothing and names the same warning.
    auto again = post_cap(read_file(p), auth);
    EXPECT_EQ(again.status, 200) << p;
    EXPECT_EQ(json::parse(again.body)["id"], j["id"]);
    EXPECT_TRUE(json::parse(again.body)["duplicate"].get<bool>());
  }
  auto officer = logged_in("officer");
  auto all = officer->ok("warning.list", {{"status", "all"}})["warnings"];
  EXPECT_EQ(all.size(), ids.size());
  // The invalid ones are refused, each with its reason.
  for (const auto& f : fs::directory_iterator(cap_dir() / "real-world/invalid")) {
    auto r = post_cap(read_file(f.path()), auth);
    EXPECT_EQ(r.status, 400) << f.path() << ": " << r.body;
    EXPECT_FALSE(error_of(r).value("message_en", "").empty()) << f.path();
  }
  // Every Public warning exported again as CAP validates.
  std::vector<std::string> docs;
  for (const auto& w : all) {
    auto r = get("/api/cap/" + w["id"].get<std::string>() + ".xml");
    if (w["cap_scope"] != "Public") {
      EXPECT_EQ(r.status, 404);
      continue;
    }
    ASSERT_EQ(r.status, 200) << w.dump() << r.body;
    EXPECT_EQ(r.content_type, "application/cap+xml; charset=utf-8");
    docs.push_back(r.body);
  }
  ASSERT_FALSE(docs.empty());
  EXPECT_EQ(xsd_failures(dir.path(), docs), "");
}

TEST_F(CapHttp, HostileMalformedOversizedAndWrongNamespaceAreRefusedAndChangeNothing) {
  auto auth = bearer("weather");
  settle();
  auto log = event_log();
  auto expect_refused = [&](const std::string& what, const std::string& xml, int status, const std::string& code) {
    auto r = post_cap(xml, auth);
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    auto e = error_of(r);
    EXPECT_EQ(e.value("code", ""), code) << what << ": " << r.body;
    EXPECT_FALSE(e.value("message_zh", "").empty()) << what;
    EXPECT_FALSE(e.value("message_en", "").empty()) << what;
  };
  std::string good = weather_alert("QX-H-1", "typhoon", "red");
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) laughs += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>&lol9;</identifier></alert>\n";
  std::string root = good.substr(good.find("<alert"));
  root.replace(root.find("QX-H-1"), 6, "&xxe;");
  std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + root;
  std::string wrong_ns = good;
  wrong_ns.replace(wrong_ns.find("cap:1.2"), 7, "cap:1.1");
  std::string big = good;
  big.insert(big.find("</headline>"), std::string(300 * 1024, 'x'));
  expect_refused("billion laughs", laughs, 400, "xml_dtd_refused");
  expect_refused("external entity", xxe, 400, "xml_dtd_refused");
  expect_refused("malformed", good.substr(0, good.size() / 2), 400, "bad_xml");
  expect_refused("not XML", "{\"identifier\": 1}", 400, "bad_xml");
  expect_refused("wrong namespace", wrong_ns, 400, "cap_wrong_namespace");
  expect_refused("oversized", big, 413, "cap_too_large");
  std::string no_scope = good;
  no_scope.erase(no_scope.find("  <scope>"), std::string("  <scope>Public</scope>\n").size());
  expect_refused("schema", no_scope, 400, "schema_invalid");
  EXPECT_EQ(event_log(), log);
  EXPECT_EQ(logged_in("officer")->ok("warning.list", {{"status", "all"}})["warnings"].size(), 0u);
}

TEST_F(CapHttp, WrongOrMissingCredentialsAreRefused) {
  std::string xml = weather_alert("QX-C-1", "typhoon", "red");
  auto team_auth = bearer("teamlead"), observer_auth = bearer("observer");
  settle();
  auto log = event_log();
  auto none = post_cap(xml, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(error_of(none)["code"], "unauthenticated");
  EXPECT_EQ(post_cap(xml, "Bearer not-a-token").status, 401);
  EXPECT_EQ(post_cap(xml, "Basic d2VhdGhlcjpsaWZlbGluZS1kZW1v").status, 401);
  auto team = post_cap(xml, team_auth);
  EXPECT_EQ(team.status, 403);
  EXPECT_EQ(error_of(team)["code"], "forbidden");
  EXPECT_EQ(post_cap(xml, observer_auth).status, 403);
  // A session that was revoked no longer works.
  auto c = client();
  auto token = c->login("water")["token"].get<std::string>();
  c->ok("auth.logout");
  EXPECT_EQ(post_cap(xml, "Bearer " + token).status, 401);
  EXPECT_EQ(event_log(), log);
  // A duty officer may import too.
  EXPECT_EQ(post_cap(xml, bearer("officer")).status, 201);
}

TEST_F(CapHttp, FeedAndIncidentNoticesValidateAndADrillNoticeIsAnExercise) {
  auto auth = bearer("weather");
  ASSERT_EQ(post_cap(weather_alert("QX-F-1", "typhoon", "orange"), auth).status, 201);
  ASSERT_EQ(post_cap(weather_alert("QX-F-2", "heavy_rain", "yellow"), auth).status, 201);
  auto officer = logged_in("officer");
  auto inc = officer->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇河堤管涌 <险情> & 转移"}, {"place", {{"name", "石塘镇"}}},
                                             {"unit_id", "P0001"}, {"casualties", {{"dead", 1}, {"missing", 2}, {"injured", 0}}}});
  auto feed = get("/api/cap/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.content_type, "application/atom+xml; charset=utf-8");
  auto entries = alerts_in(feed.body);
  EXPECT_EQ(entries.size(), 2u) << feed.body;
  // An incident's notice is for those whose scope holds the incident, not for anyone who asks.
  const std::string notice_path = "/api/cap/incident/" + inc["id"].get<std::string>() + ".xml";
  EXPECT_EQ(get(notice_path).status, 401);
  EXPECT_EQ(get(notice_path, "Bearer not-a-session").status, 401);
  auto foreign = get(notice_path, bearer("water"));  // a department not consulted on it
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  EXPECT_NE(foreign.body.find("out_of_scope"), std::string::npos) << foreign.body;
  const auto officer_auth = bearer("officer");
  auto notice = get(notice_path, officer_auth);
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_EQ(notice.content_type, "application/cap+xml; charset=utf-8");
  EXPECT_EQ(get(notice_path, bearer("town1")).status, 200);  // the township it happened in
  EXPECT_NE(notice.body.find("<language>zh-CN</language>"), std::string::npos) << notice.body;
  EXPECT_NE(notice.body.find("<language>en</language>"), std::string::npos);
  EXPECT_NE(notice.body.find("<status>Actual</status>"), std::string::npos);
  EXPECT_NE(notice.body.find("339901001"), std::string::npos);  // the township's geocode

  auto director = logged_in("director");
  auto drill = director->ok("drill.start", {{"name", "台风演练"}});
  // A drill starts with live's city, teams and depots (seeded), so the officer's unit is there.
  auto drill_inc = officer->ok("incident.create", {{"type", "typhoon"}, {"title", "演练：渔船回港"}, {"place", {{"name", "码头"}, {"lat", 28.0}, {"lon", 120.1}}}},
                               drill["realm"].get<std::string>());
  auto exercise = get("/api/cap/incident/" + drill_inc["id"].get<std::string>() + ".xml", officer_auth);
  ASSERT_EQ(exercise.status, 200) << exercise.body;
  EXPECT_NE(exercise.body.find("<status>Exercise</status>"), std::string::npos) << exercise.body;

  std::vector<std::string> docs = entries;
  docs.push_back(notice.body);
  docs.push_back(exercise.body);
  EXPECT_EQ(xsd_failures(dir.path(), docs), "");
  EXPECT_EQ(get("/api/cap/incident/00000000-0000-7000-8000-000000000000.xml", officer_auth).status, 404);
  EXPECT_EQ(get("/api/cap/nothing.xml").status, 404);
}

}  // namespace

// A Cancel with no <info> names no department (only its sender's address): it is the referenced
// warning's department that may send it, and no other.
TEST_F(CapHttp, ADepartmentCancelsItsOwnWarningWithoutInfoAndNoOtherDepartmentCan) {
  auto weather = bearer("weather"), water = bearer("water");
  ASSERT_EQ(post_cap(weather_alert("QX-N-1", "typhoon", "red"), weather).status, 201);
  auto bare = [](const std::string& identifier) {
    auto xml = weather_alert(identifier, "typhoon", "red", "Cancel", "weather@demo-city.example,QX-N-1,2026-08-20T09:00:00+08:00");
    auto from = xml.find("  <info>"), to = xml.find("</info>\n") + std::string("</info>\n").size();
    return xml.erase(from, to - from);
  };
  auto log = event_log();
  auto other = post_cap(bare("SL-N-2"), water);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(error_of(other)["code"], "not_own_department");
  EXPECT_EQ(event_log(), log);
  auto own = post_cap(bare("QX-N-2"), weather);
  EXPECT_EQ(own.status, 201) << own.body;
  auto list = logged_in("officer")->ok("warning.list", {{"status", "all"}})["warnings"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "cancelled");
  EXPECT_EQ(list[0]["colour"], "red") << "the warning keeps what it was";
}
