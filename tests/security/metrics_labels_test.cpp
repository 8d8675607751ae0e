// /metrics label sets are bounded and the text stays well-formed whatever op names clients send:
// `lifeline_requests_total{op=...}` once took any string before login (label injection with
// quotes and newlines, one new series per name).
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// 1,000 distinct op names no server registers, full of what breaks the Prometheus text format.
std::vector<std::string> hostile_op_names() {
  const std::vector<std::string> pieces = {"\"", "\n", "{", "}", "\\", ",", "=", " ", "op", "x", ".", "}\n#", "台风", "\r", "\t"};
  std::mt19937 rng(14);
  std::set<std::string> names;
  while (names.size() < 1000) {
    std::string name = "evil" + std::to_string(names.size());
    int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) name += pieces[rng() % pieces.size()];
    names.insert(name);
  }
  return {names.begin(), names.end()};
}

}  // namespace

TEST(MetricsLabels, RandomOpNamesBeforeLoginKeepMetricsBoundedAndWellFormed) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--synchronous", "NORMAL"});
  auto names = hostile_op_names();
  WsClient ws("127.0.0.1", server.http_port());
  for (size_t i = 0; i < names.size(); ++i)
    ws.send({{"type", "req"}, {"rid", static_cast<int64_t>(i)}, {"op", names[i]}, {"body", json::object()}});
  size_t unknown = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    auto res = ws.next_of("res");
    ASSERT_TRUE(res.has_value()) << "answer " << i;
    unknown += (*res)["error"].value("code", "") == "unknown_op";
  }
  EXPECT_EQ(unknown, names.size());
  ws.call("server.info");

  auto metrics = http(server.http_port(), "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  // Every line is a comment or `name{label="value",...} number` (Prometheus text format 0.0.4).
  const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*")*\})? [-+0-9.eEInfaN]+$)");
  std::istringstream lines(metrics.body);
  std::string line;
  size_t request_series = 0, malformed = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("#", 0) == 0) continue;
    if (!std::regex_match(line, sample)) {
      ++malformed;
      ADD_FAILURE() << "malformed /metrics line: " << line;
    }
    request_series += line.rfind("lifeline_requests_total{", 0) == 0;
  }
  EXPECT_EQ(malformed, 0u);
  EXPECT_LE(request_series, 5u) << metrics.body.substr(0, 4000);
  EXPECT_NE(metrics.body.find("lifeline_requests_total{op=\"unknown\",outcome=\"unknown_op\"} 1000\n"), std::string::npos)
      << metrics.body.substr(0, 4000);
  for (const auto& name : names) ASSERT_EQ(metrics.body.find(name), std::string::npos) << "label leaked: " << name;
  std::printf("metrics: %zu hostile op names -> %zu lifeline_requests_total series, %zu bytes\n", names.size(),
              request_series, metrics.body.size());
}
