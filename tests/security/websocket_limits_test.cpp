// Limits at the WebSocket door: a page of another site cannot open a socket (Origin), and a
// client that stops reading is disconnected before the server buffers without bound.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>

#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// A raw WebSocket client: the handshake and masked text frames by hand, so the test controls the
// socket (a tiny receive buffer, and never reading).
struct RawWs {
  int fd = -1;
  std::string status_line;
  RawWs(int port, const std::string& origin, int rcvbuf = 0) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    close(connect_loopback(port));  // the server is up
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
    std::string host = "127.0.0.1:" + std::to_string(port);
    std::string req = "GET / HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                      (origin.empty() ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    ::send(fd, req.data(), req.size(), 0);
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) head += c;
    status_line = head.substr(0, head.find("\r\n"));
  }
  ~RawWs() {
    if (fd >= 0) close(fd);
  }
  void send_text(const std::string& text) {
    std::string f;
    f += static_cast<char>(0x81);
    if (text.size() < 126) {
      f += static_cast<char>(0x80 | text.size());
    } else {
      f += static_cast<char>(0x80 | 126);
      f += static_cast<char>((text.size() >> 8) & 0xff);
      f += static_cast<char>(text.size() & 0xff);
    }
    const char mask[4] = {1, 2, 3, 4};
    f.append(mask, 4);
    for (size_t i = 0; i < text.size(); ++i) f += static_cast<char>(text[i] ^ mask[i % 4]);
    ::send(fd, f.data(), f.size(), 0);
  }
  // One server frame's payload (servers do not mask); "" when the socket closed.
  std::string read_frame() {
    auto get = [&](size_t n) {
      std::string out(n, '\0');
      size_t got = 0;
      while (got < n) {
        ssize_t r = ::recv(fd, out.data() + got, n - got, 0);
        if (r <= 0) return std::string();
        got += static_cast<size_t>(r);
      }
      return out;
    };
    auto head = get(2);
    if (head.empty()) return "";
    size_t len = static_cast<unsigned char>(head[1]) & 0x7f;
    if (len == 126) {
      auto ext = get(2);
      len = (static_cast<unsigned char>(ext[0]) << 8) | static_cast<unsigned char>(ext[1]);
    } else if (len == 127) {
      auto ext = get(8);
      len = 0;
      for (char b : ext) len = (len << 8) | static_cast<unsigned char>(b);
    }
    return get(len);
  }
  // Reads frames until the answer to `rid` (pushes before it are skipped).
  json answer(const std::string& rid) {
    for (int i = 0; i < 100; ++i) {
      auto text = read_frame();
      if (text.empty()) break;
      auto j = json::parse(text, nullptr, false);
      if (j.is_object() && j.value("type", "") == "res" && j.value("rid", "") == rid) return j;
    }
    return json();
  }
};

}  // namespace

TEST(WebSocketDoor, PagesOfAnotherOriginAreRefusedTheConsolesOwnAndNonBrowsersAccepted) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  int port = server.http_port();
  EXPECT_NE(RawWs(port, "http://evil.example").status_line.find(" 403"), std::string::npos);
  EXPECT_NE(RawWs(port, "http://127.0.0.1:" + std::to_string(port + 1)).status_line.find(" 403"), std::string::npos);
  EXPECT_NE(RawWs(port, "null").status_line.find(" 403"), std::string::npos);
  EXPECT_NE(RawWs(port, "http://127.0.0.1:" + std::to_string(port)).status_line.find(" 101"), std::string::npos);
  EXPECT_NE(RawWs(port, "").status_line.find(" 101"), std::string::npos);  // the handheld, partner tools
}

TEST(WebSocketDoor, ASlowReaderIsDisconnectedWithItsMemoryBounded) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL", "--max-pending-bytes", "65536"});
  int port = server.http_port();
  // The slow reader: subscribes to the board, then never reads (a 4 KiB receive buffer).
  RawWs slow(port, "", 4096);
  ASSERT_NE(slow.status_line.find(" 101"), std::string::npos);
  slow.send_text(R"({"type":"req","rid":"1","op":"auth.login","body":{"username":"observer","password":"lifeline-demo"}})");
  ASSERT_EQ(slow.answer("1").value("ok", false), true);
  slow.send_text(R"({"type":"req","rid":"2","op":"board.subscribe","body":{}})");
  ASSERT_EQ(slow.answer("2").value("ok", false), true);
  // From here on it reads nothing; every commit pushes to it.
  WsClient officer("127.0.0.1", port);
  officer.login("officer");
  const std::string text(20000, 'x');  // each message's event pushes its ~20 KB envelope
  auto closed = [&] {
    auto m = http(port, "GET", "/metrics").body;
    std::smatch match;
    return std::regex_search(m, match, std::regex("lifeline_slow_readers_closed_total (\\d+)")) && std::stoi(match[1]) > 0;
  };
  int created = 0;  // messages sent until the server gave up on the reader
  for (; created < 1000 && !closed(); ++created)
    officer.ok("bus.send", {{"to", "team:T-P0001"}, {"kind", "text"}, {"ttl_ms", 60000}, {"body", {{"text", text}}}});
  std::printf("slow reader disconnected after %d board pushes of ~20 KB (limit 64 KiB buffered)\n", created);
  EXPECT_TRUE(closed());
  EXPECT_LT(created, 1000);
  // The server goes on serving everyone else.
  EXPECT_TRUE(officer.call("incident.list").value("ok", false));
}
