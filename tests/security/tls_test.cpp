// TLS: the command serves HTTPS and WSS itself with a certificate from its flags (a throw-away CA
// made for each test), everything above the transport behaves as over plain HTTP, the TLS port says
// nothing to a plain-HTTP client, old protocol versions are refused, the field client pins its CA
// and checks the host, and plain HTTP beyond loopback is refused unless asked for.
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lifeline/testing/field_client.hpp"
#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/test_pki.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;

namespace {

struct TlsServer : ::testing::Test {
  TempDir dir;
  TestPki pki = make_test_pki(dir.path(), "good", {"127.0.0.1"});
  std::unique_ptr<ServerProcess> server = std::make_unique<ServerProcess>(
      dir.path(), std::vector<std::string>{"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z",
                                                     "--synchronous", "NORMAL", "--tls-cert", pki.server_cert, "--tls-key",
                                                     pki.server_key});
  int port() const { return server->http_port(); }
  std::string wss() const { return "wss://127.0.0.1:" + std::to_string(port()); }
};

// What a plain TCP client sending `request` gets back within `ms` (until EOF or silence).
std::string plain_exchange(int port, const std::string& request, int ms) {
  int fd = connect_loopback(port);
  (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string in;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    auto n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return in;
}

// A TLS handshake with the protocol versions pinned to [min, max]; the negotiated version, or 0 if refused.
int handshake_version(int port, const std::string& ca_file, int min_version, int max_version, bool* compressed = nullptr) {
  namespace asio = boost::asio;
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  // Level 0 lets this client offer TLS 1.0/1.1 at all, so only the server can refuse them.
  SSL_CTX_set_security_level(ctx.native_handle(), 0);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), min_version);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
  if (max_version < TLS1_2_VERSION) SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
  ctx.load_verify_file(ca_file);
  ctx.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<asio::ip::tcp::socket> s(ioc, ctx);
  s.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)});
  boost::system::error_code ec;
  s.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return 0;
  if (compressed) *compressed = SSL_get_current_compression(s.native_handle()) != nullptr;
  return SSL_version(s.native_handle());
}

bool has_both_languages(const std::string& text) {
  bool chinese = false;
  for (size_t i = 0; i + 2 < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) >= 0xe4 && static_cast<unsigned char>(text[i]) <= 0xe9) chinese = true;
  bool english = text.find(" the ") != std::string::npos || text.find("refus") != std::string::npos;
  return chinese && english;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_F(TlsServer, WssLoginAndOperationsWork) {
  WsClient officer("127.0.0.1", port(), pki.ca_cert);
  auto login = officer.login("officer");
  EXPECT_EQ(login["user"]["role"], "duty_officer");
  auto created = officer.ok("incident.create", {{"type", "flood"}, {"title", "TLS 测试 incident"}, {"place", {{"name", "南湾镇"}}}});
  EXPECT_EQ(created["number"].get<std::string>().substr(0, 4), "INC-");
  // Refusals work over TLS the same way: a bad frame is answered with a reason.
  officer.send_text("{not json");
  auto refusal = officer.next_of("res");
  ASSERT_TRUE(refusal);
  EXPECT_EQ((*refusal)["error"]["code"], "bad_json");
  // A second connection sees the first one's commit.
  WsClient second("127.0.0.1", port(), pki.ca_cert);
  second.login("officer2");
  auto list = second.ok("incident.list");
  EXPECT_NE(list.dump().find("TLS 测试 incident"), std::string::npos);
}

TEST_F(TlsServer, HttpsServesTheConsoleWithTheSecurityHeaders) {
  auto index = https(port(), pki.ca_cert, "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<html"), std::string::npos);
  EXPECT_NE(index.header("Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos) << index.headers;
  EXPECT_EQ(index.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(index.header("Referrer-Policy"), "no-referrer");
  EXPECT_NE(index.header("Strict-Transport-Security").find("max-age="), std::string::npos) << index.headers;
  EXPECT_EQ(https(port(), pki.ca_cert, "GET", "/health").body, R"({"status":"ok"})");
  EXPECT_EQ(https(port(), pki.ca_cert, "GET", "//etc/passwd").status, 404);
  // The Origin check holds over TLS, and an http:// page cannot be this HTTPS server's own.
  const std::string upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  auto foreign = https(port(), pki.ca_cert, "GET", "/", upgrade + "Origin: https://evil.example\r\n");
  EXPECT_EQ(foreign.status, 403);
  EXPECT_NE(foreign.body.find("origin_refused"), std::string::npos);
  auto plain_page = https(port(), pki.ca_cert, "GET", "/", upgrade + "Origin: http://127.0.0.1\r\n");
  EXPECT_EQ(plain_page.status, 403);
}

TEST_F(TlsServer, PlainHttpToTheTlsPortGetsNoData) {
  auto answer = plain_exchange(port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 2000);
  EXPECT_EQ(answer.size(), 0u) << answer;
  EXPECT_EQ(answer.find("HTTP/"), std::string::npos);
  // A plain WebSocket client cannot open the socket either.
  EXPECT_ANY_THROW(WsClient("127.0.0.1", port()));
  // And the server still serves TLS afterwards.
  EXPECT_EQ(https(port(), pki.ca_cert, "GET", "/health").status, 200);
}

TEST_F(TlsServer, OnlyTls12AndLaterWithoutCompression) {
  EXPECT_EQ(handshake_version(port(), pki.ca_cert, TLS1_VERSION, TLS1_VERSION), 0) << "TLS 1.0 accepted";
  EXPECT_EQ(handshake_version(port(), pki.ca_cert, TLS1_1_VERSION, TLS1_1_VERSION), 0) << "TLS 1.1 accepted";
  bool compressed = true;
  EXPECT_EQ(handshake_version(port(), pki.ca_cert, TLS1_2_VERSION, TLS1_2_VERSION, &compressed), TLS1_2_VERSION);
  EXPECT_FALSE(compressed);
  EXPECT_EQ(handshake_version(port(), pki.ca_cert, TLS1_3_VERSION, TLS1_3_VERSION), TLS1_3_VERSION);
}

TEST_F(TlsServer, FieldClientSyncsOverWssWithThePinnedCa) {
  FieldClient field(dir.path());
  auto enrol = field.run({"enrol", "--server", wss(), "--ca-file", pki.ca_cert, "--user", "teamlead", "--password", "lifeline-demo"});
  ASSERT_EQ(enrol.rc, 0) << enrol.err;
  ASSERT_EQ(field.run({"report", "--text", "TLS 现场报告"}).rc, 0);
  // The daemon reconnects with the CA kept at enrolment, sends the report and exits once it is confirmed.
  field.start({"--exit-when-idle"});
  EXPECT_EQ(field.wait_exit(30000), 0) << read_all(field.log());
  auto info = field.json_of({"info"});
  EXPECT_EQ(info["pending"], 0);
  EXPECT_EQ(info["unconfirmed"], 0);
  EXPECT_EQ(info["done"], 1) << info.dump();
}

TEST_F(TlsServer, FieldClientRefusesAnotherCaAHostMismatchAndPlainWs) {
  auto other = make_test_pki(dir.path(), "other", {"127.0.0.1"});
  auto enrol = [&](const std::string& url, const std::string& ca) {
    FieldClient field(dir.path(), "f" + std::to_string(std::hash<std::string>()(url + ca)));
    std::vector<std::string> args = {"enrol", "--server", url, "--user", "teamlead", "--password", "lifeline-demo"};
    if (!ca.empty()) args.insert(args.end(), {"--ca-file", ca});
    return field.run(args);
  };
  auto untrusted = enrol(wss(), other.ca_cert);
  EXPECT_NE(untrusted.rc, 0);
  EXPECT_NE(untrusted.err.find("tls_untrusted"), std::string::npos) << untrusted.err;
  EXPECT_TRUE(has_both_languages(untrusted.err)) << untrusted.err;
  // The certificate names 127.0.0.1 only: reached as "localhost" it does not match.
  auto mismatch = enrol("wss://localhost:" + std::to_string(port()), pki.ca_cert);
  EXPECT_NE(mismatch.rc, 0);
  EXPECT_NE(mismatch.err.find("tls_host_mismatch"), std::string::npos) << mismatch.err;
  EXPECT_TRUE(has_both_languages(mismatch.err)) << mismatch.err;
  // Without a pinned CA the system's trust store does not know the test CA either.
  auto unpinned = enrol(wss(), "");
  EXPECT_NE(unpinned.err.find("tls_untrusted"), std::string::npos) << unpinned.err;
  // ws:// to the TLS port gets no WebSocket, and a CA for a ws:// address is refused as meaningless.
  EXPECT_NE(enrol("ws://127.0.0.1:" + std::to_string(port()), "").rc, 0);
  EXPECT_NE(enrol("ws://127.0.0.1:" + std::to_string(port()), pki.ca_cert).err.find("ca_needs_wss"), std::string::npos);
}

// Plain HTTP on an address other than loopback needs --insecure-http; half a TLS configuration or TLS
// with --insecure-http is refused. 192.0.2.1 (TEST-NET-1) is never this machine's, so no test here
// ever listens beyond loopback: a server that got past the check fails to bind instead.
TEST(TlsPolicy, PlainHttpBeyondLoopbackAndHalfConfigurationsAreRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/data");
  auto pki = make_test_pki(dir.path(), "p", {"127.0.0.1"});
  auto start = [&](std::vector<std::string> extra) {
    std::vector<std::string> argv = {binary("command/main/lifeline-command"), "--port", "0", "--data-dir", dir.path() + "/data",
                                     "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_program(argv, 20000);
  };
  auto beyond = start({"--listen", "192.0.2.1"});
  EXPECT_NE(beyond.rc, 0);
  EXPECT_NE(beyond.err.find("--insecure-http"), std::string::npos) << beyond.err;
  EXPECT_NE(beyond.err.find("拒绝启动"), std::string::npos) << beyond.err;
  EXPECT_NE(beyond.err.find("refusing to start"), std::string::npos) << beyond.err;
  // Asked for explicitly, the check lets it through (and the bind to a foreign address fails).
  auto asked = start({"--listen", "192.0.2.1", "--insecure-http"});
  EXPECT_NE(asked.rc, 0);
  EXPECT_EQ(asked.err.find("refusing to start"), std::string::npos) << asked.err;
  EXPECT_NE(asked.err.find("listen on 192.0.2.1"), std::string::npos) << asked.err;
  // With a certificate it would be served over TLS (the bind fails the same way, after the check).
  auto tls = start({"--listen", "192.0.2.1", "--tls-cert", pki.server_cert, "--tls-key", pki.server_key});
  EXPECT_NE(tls.err.find("listen on 192.0.2.1"), std::string::npos) << tls.err;
  auto half = start({"--tls-cert", pki.server_cert});
  EXPECT_NE(half.rc, 0);
  EXPECT_NE(half.err.find("--tls-key"), std::string::npos) << half.err;
  EXPECT_TRUE(has_both_languages(half.err)) << half.err;
  auto both = start({"--tls-cert", pki.server_cert, "--tls-key", pki.server_key, "--insecure-http"});
  EXPECT_NE(both.rc, 0);
  EXPECT_NE(both.err.find("--insecure-http"), std::string::npos) << both.err;
  // A key that is not the certificate's stops the server at start, not at the first handshake.
  auto other = make_test_pki(dir.path(), "q", {"127.0.0.1"});
  auto wrong_key = start({"--tls-cert", pki.server_cert, "--tls-key", other.server_key});
  EXPECT_NE(wrong_key.rc, 0);
  EXPECT_NE(wrong_key.err.find("does not match"), std::string::npos) << wrong_key.err;
}
