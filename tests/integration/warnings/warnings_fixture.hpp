// A real lifeline-command (demo city, manual clock from 2026-08-20T01:00Z) for the CAP and rules
// tests, with xmllint against the CAP 1.2 XSD, and a red typhoon alert.
#pragma once
#include <fstream>

#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/test_data.hpp"
#include "server_fixture.hpp"

namespace lifeline::testing {

inline std::filesystem::path cap_dir() { return test_data_dir() / "cap"; }

// xmllint --noout --schema <tests/data/cap/CAP-v1.2.xsd> on each document; returns "" if all validate, else
// xmllint's output.
inline std::string xsd_failures(const std::string& dir, const std::vector<std::string>& docs) {
  std::string files;
  for (size_t i = 0; i < docs.size(); ++i) {
    auto path = dir + "/export-" + std::to_string(i) + ".xml";
    std::ofstream(path, std::ios::binary) << docs[i];
    files += " " + path;
  }
  std::string log = dir + "/xmllint.log";
  std::string cmd = "xmllint --nonet --noout --schema " + (cap_dir() / "CAP-v1.2.xsd").string() + files + " > " + log + " 2>&1";
  int rc = std::system(cmd.c_str());
  auto out = read_file(log);
  size_t validated = 0;
  for (auto p = out.find(" validates"); p != std::string::npos; p = out.find(" validates", p + 1)) ++validated;
  return rc == 0 && validated == docs.size() ? "" : out;
}

// Every <alert> element of a document (an Atom feed's entries), each as a document of its own.
inline std::vector<std::string> alerts_in(const std::string& doc) {
  std::vector<std::string> out;
  for (auto b = doc.find("<alert"); b != std::string::npos; b = doc.find("<alert", b + 1)) {
    auto e = doc.find("</alert>", b);
    if (e == std::string::npos) break;
    out.push_back("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doc.substr(b, e + 8 - b));
  }
  return out;
}

// A CAP 1.2 warning as the weather bureau sends it.
inline std::string weather_alert(const std::string& identifier, const std::string& type, const std::string& colour,
                                 const std::string& msg_type = "Alert", const std::string& references = "") {
  std::string severity = colour == "red" ? "Extreme" : colour == "orange" ? "Severe" : colour == "yellow" ? "Moderate" : "Minor";
  std::string refs = references.empty() ? "" : "  <references>" + references + "</references>\n";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
         "  <identifier>" + identifier + "</identifier>\n"
         "  <sender>weather@demo-city.example</sender>\n"
         "  <sent>2026-08-20T09:00:00+08:00</sent>\n"
         "  <status>Actual</status>\n"
         "  <msgType>" + msg_type + "</msgType>\n"
         "  <scope>Public</scope>\n" + refs +
         "  <info>\n"
         "    <language>zh-CN</language>\n"
         "    <category>Met</category>\n"
         "    <event>台风预警</event>\n"
         "    <urgency>Immediate</urgency>\n"
         "    <severity>" + severity + "</severity>\n"
         "    <certainty>Likely</certainty>\n"
         "    <eventCode><valueName>lifeline:warningType</valueName><value>" + type + "</value></eventCode>\n"
         "    <senderName>示范市气象局</senderName>\n"
         "    <headline>台风" + colour + "预警</headline>\n"
         "    <parameter><valueName>warningColour</valueName><value>" + colour + "</value></parameter>\n"
         "    <area><areaDesc>石塘镇</areaDesc><geocode><valueName>GB/T 2260</valueName><value>339901001</value></geocode></area>\n"
         "  </info>\n"
         "</alert>\n";
}

struct WarningsServer : ServerFixture {
  std::vector<std::string> args() override {
    std::vector<std::string> a = {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z",
                                  "--synchronous", "NORMAL"};
    a.insert(a.end(), extra_args.begin(), extra_args.end());
    return a;
  }
  std::string bearer(const std::string& user) { return "Bearer " + client()->login(user)["token"].get<std::string>(); }
  HttpReply post_cap(const std::string& xml, const std::string& auth) {
    return http(server->http_port(), "POST", "/api/cap", xml, "application/cap+xml", auth);
  }
  HttpReply get(const std::string& path, const std::string& authorization = "") {
    return http(server->http_port(), "GET", path, "", "application/json", authorization);
  }
  // Lets the server's start-up work (tick hooks that open report periods ...) finish: the second of
  // two requests is handled only after the hooks that ran behind the first.
  void settle() {
    auto c = client();
    c->call("server.info");
    c->call("server.info");
  }
};

}  // namespace lifeline::testing
