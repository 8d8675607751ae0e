// A real lifeline-command (demo city, manual clock from 2026-08-20T01:00Z) for the CAP and rules
// tests, with a small HTTP client, xmllint against the shared CAP 1.2 XSD, and a red typhoon alert.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace lifeline::testing {

struct HttpReply {
  int status = 0;
  std::string content_type, body;
};

// One HTTP/1.1 request over loopback (Connection: close; the reply is read to EOF).
inline HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body = "",
                      const std::string& authorization = "") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/cap+xml\r\n";
  if (!authorization.empty()) req += "Authorization: " + authorization + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  for (size_t sent = 0; sent < req.size();) {
    auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  char buf[8192];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) in.append(buf, static_cast<size_t>(n));
  close(fd);
  HttpReply r;
  if (in.size() > 12) r.status = std::stoi(in.substr(9, 3));
  auto split = in.find("\r\n\r\n");
  if (split != std::string::npos) r.body = in.substr(split + 4);
  auto ct = in.find("Content-Type: ");
  if (ct != std::string::npos && ct < split) r.content_type = in.substr(ct + 14, in.find("\r\n", ct) - ct - 14);
  return r;
}

inline std::filesystem::path cap_dir() { return std::filesystem::path(LIFELINE_SOURCE_DIR) / "tests/data/cap"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// xmllint --noout --schema <shared CAP-v1.2.xsd> on each document; returns "" if all validate, else
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
    return http(server->http_port(), "POST", "/api/cap", xml, auth);
  }
  HttpReply get(const std::string& path) { return http(server->http_port(), "GET", path); }
  // Lets the server's start-up work (tick hooks that open report periods ...) finish: the second of
  // two requests is handled only after the hooks that ran behind the first.
  void settle() {
    auto c = client();
    c->call("server.info");
    c->call("server.info");
  }
};

}  // namespace lifeline::testing
