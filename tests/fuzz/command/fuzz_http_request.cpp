// Arbitrary bytes as an HTTP request at the command's front door: WebSocket++'s request parser
// (with the limits the server sets), then what the server does with a parsed request: the path
// without its query looked up among the console's static files, and X-Forwarded-For resolved to a
// client address. Invariants: a refusal is an HTTP error status; a static file is served only if
// it is one of the files under the root (never anything else on disk); the client address is the
// TCP peer or a numeric address named by a trusted proxy. Never a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <websocketpp/http/request.hpp>

#include "client_address.hpp"
#include "lifeline/server/static_files.hpp"

namespace {

namespace fs = std::filesystem;

// A console root with two files, and a secret beside it that no path may reach.
const lifeline::server::StaticFiles& console() {
  static const lifeline::server::StaticFiles* files = [] {
    auto base = fs::temp_directory_path() / ("fuzz-http-" + std::to_string(getpid()));
    fs::create_directories(base / "dist" / "assets");
    std::ofstream(base / "dist" / "index.html") << "INDEX";
    std::ofstream(base / "dist" / "assets" / "app.js") << "APP";
    std::ofstream(base / "secret.txt") << "SECRET";
    std::error_code ec;
    fs::create_symlink(base / "secret.txt", base / "dist" / "link.txt", ec);
    return new lifeline::server::StaticFiles((base / "dist").string());
  }();
  return *files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  websocketpp::http::parser::request request;
  request.set_max_body_size(4096);
  try {
    size_t used = 0;
    while (used < size && !request.ready()) {
      size_t n = request.consume(reinterpret_cast<const char*>(data) + used, size - used);
      if (n == 0) break;
      used += n;
    }
  } catch (const websocketpp::http::exception& e) {
    if (e.m_error_code < 400 || e.m_error_code > 599) std::abort();
    return 0;
  }
  if (!request.ready()) return 0;
  const std::string& uri = request.get_uri();
  const std::string path = uri.substr(0, uri.find('?'));
  if (const auto* file = console().lookup(path)) {
    if (file->body != "INDEX" && file->body != "APP") std::abort();
  }
  const std::string peer = "10.0.0.7:40000";
  auto client = lifeline::server::client_remote(peer, request.get_header("X-Forwarded-For"), {"10.0.0.7"});
  std::string bare = client.size() > 2 && client.front() == '[' ? client.substr(1, client.size() - 2) : client;
  if (client != peer && !lifeline::server::is_numeric_address(bare)) std::abort();
  auto untrusted = lifeline::server::client_remote(peer, request.get_header("X-Forwarded-For"), {});
  if (untrusted != peer) std::abort();  // nobody else's header names the client
  return 0;
}
