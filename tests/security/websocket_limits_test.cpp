// Limits at the WebSocket door: a page of another site cannot open a socket (Origin); a client
// that stops reading is disconnected before the server buffers without bound; one address cannot
// take every connection, idle connections are closed; and the refusals WebSocket++ makes itself
// (too large, not HTTP) say why in both languages.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <regex>
#include <thread>
#include <vector>

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
  std::string status_line, head;
  // `source`: the local loopback address to connect from (127.0.0.2 is another client to the server).
  RawWs(int port, const std::string& origin, int rcvbuf = 0, const char* source = nullptr) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (rcvbuf > 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (source) {
      sockaddr_in from{};
      from.sin_family = AF_INET;
      inet_pton(AF_INET, source, &from.sin_addr);
      if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) throw std::runtime_error("bind");
    } else {
      close(connect_loopback(port));  // the server is up
    }
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

namespace {
// Sends `request` as is and reads the whole reply (the server closes after a refusal).
std::string raw_exchange(int port, const std::string& request) {
  int fd = connect_loopback(port);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string reply;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) reply.append(buf, static_cast<size_t>(n));
  close(fd);
  return reply;
}
json error_of(const std::string& reply) {
  auto body = reply.substr(std::min(reply.size(), reply.find("\r\n\r\n") + 4));
  return json::parse(body, nullptr, false).value("error", json::object());
}
}  // namespace

TEST(WebSocketDoor, RefusalsBeforeAnyHandlerSayWhyInBothLanguages) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  int port = server.http_port();
  // A CAP post announcing 2 MiB (over the 1 MiB limit): refused from its headers, 413, with a reason.
  auto too_large = raw_exchange(port, "POST /api/cap HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
                                      "Content-Length: 2097152\r\n\r\n<alert>");
  EXPECT_EQ(too_large.substr(0, 12), "HTTP/1.1 413") << too_large.substr(0, 200);
  auto e = error_of(too_large);
  EXPECT_EQ(e.value("code", ""), "request_refused") << too_large;
  EXPECT_NE(e.value("message_zh", "").find("请求在读取前被拒绝"), std::string::npos) << e.dump();
  EXPECT_NE(e.value("message_en", "").find("size limit"), std::string::npos) << e.dump();
  // Headers over 16 KB: 431, the same reason.
  auto big_headers = raw_exchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(big_headers.substr(0, 12), "HTTP/1.1 431") << big_headers.substr(0, 200);
  EXPECT_EQ(error_of(big_headers).value("code", ""), "request_refused");
  // The handlers' own answers are unchanged: a page, and a WebSocket upgrade without a body.
  auto page = http(port, "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("request_refused"), std::string::npos);
  RawWs ws(port, "");
  EXPECT_NE(ws.status_line.find(" 101"), std::string::npos);
  EXPECT_EQ(ws.head.find("Content-Type"), std::string::npos) << ws.head;
  ws.send_text(R"({"type":"req","rid":"1","op":"server.info","body":{}})");
  EXPECT_EQ(ws.answer("1").value("ok", false), true);
}

TEST(WebSocketDoor, AThousandIdleSocketsFromOneAddressDoNotLockOutALogin) {
  // The test itself holds a thousand sockets.
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  ASSERT_GE(lim.rlim_cur, 1200u) << "needs 1,200 open files (ulimit -n)";
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL", "--max-connections-per-address", "100",
                                    "--idle-timeout-seconds", "3"});
  int port = server.http_port();
  // 127.0.0.2 opens a thousand WebSocket connections and sends nothing on them.
  std::vector<std::unique_ptr<RawWs>> idle;
  int opened = 0, refused = 0;
  json refusal;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<RawWs>(port, "", 0, "127.0.0.2"));
    if (idle.back()->status_line.find(" 101") != std::string::npos) {
      ++opened;
    } else if (idle.back()->status_line.find(" 503") != std::string::npos) {
      ++refused;
      if (refusal.is_null()) {
        std::string body(4096, '\0');
        auto n = ::recv(idle.back()->fd, body.data(), body.size(), 0);
        refusal = json::parse(body.substr(0, n > 0 ? static_cast<size_t>(n) : 0), nullptr, false);
      }
    }
  }
  std::printf("from 127.0.0.2: %d connections open, %d refused (cap 100 per address)\n", opened, refused);
  EXPECT_EQ(opened, 100);
  EXPECT_EQ(refused, 900);
  EXPECT_EQ(refusal["error"].value("code", ""), "too_many_connections_from_address") << refusal.dump();
  EXPECT_NE(refusal["error"].value("message_zh", "").find("来自该地址的连接数已达上限"), std::string::npos) << refusal.dump();
  // Meanwhile the duty officer at 127.0.0.1 logs in at once.
  WsClient officer("127.0.0.1", port);
  officer.login("officer");
  EXPECT_TRUE(officer.call("incident.list").value("ok", false));
  // The idle ones are closed after 3 s of silence, each with the reason; their address may connect again.
  int closed = 0;
  for (auto& ws : idle) {
    if (ws->status_line.find(" 101") == std::string::npos) continue;
    timeval tv{10, 0};
    setsockopt(ws->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    auto close_frame = ws->read_frame();  // the close frame: status, then the reason
    if (close_frame.size() > 2 && close_frame.find("idle") != std::string::npos) ++closed;
  }
  EXPECT_EQ(closed, 100);
  idle.clear();
  std::unique_ptr<RawWs> again;
  for (int i = 0; i < 100; ++i) {  // the server has seen the closes once a new upgrade is accepted
    again = std::make_unique<RawWs>(port, "", 0, "127.0.0.2");
    if (again->status_line.find(" 101") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(again->status_line.find(" 101"), std::string::npos);
  auto metrics = http(port, "GET", "/metrics").body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(metrics, m, std::regex("lifeline_idle_connections_closed_total (\\d+)")));
  EXPECT_GE(std::stoi(m[1]), 100);
}
