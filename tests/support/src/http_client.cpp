#include "lifeline/testing/http_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "lifeline/testing/server_process.hpp"

namespace lifeline::testing {

namespace {

std::string request_text(const std::string& method, const std::string& path, const std::string& body,
                         const std::string& content_type, const std::string& extra_headers) {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type + "\r\n";
  req += extra_headers;
  req += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return req;
}

HttpReply parse_reply(const std::string& in) {
  HttpReply r;
  if (in.size() > 12) r.status = std::stoi(in.substr(9, 3));
  auto split = in.find("\r\n\r\n");
  if (split != std::string::npos) r.body = in.substr(split + 4);
  auto first_line_end = in.find("\r\n");
  if (first_line_end != std::string::npos && split != std::string::npos && first_line_end < split)
    r.headers = in.substr(first_line_end + 2, split - first_line_end);
  r.content_type = r.header("Content-Type");
  return r;
}

}  // namespace

std::string HttpReply::header(const std::string& name) const {
  for (size_t at = 0; at < headers.size();) {
    auto end = headers.find("\r\n", at);
    if (end == std::string::npos) end = headers.size();
    auto line = headers.substr(at, end - at);
    auto colon = line.find(':');
    if (colon == name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0) {
      auto value = line.substr(colon + 1);
      return value.substr(value.find_first_not_of(' ') == std::string::npos ? value.size() : value.find_first_not_of(' '));
    }
    at = end + 2;
  }
  return "";
}

HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body,
               const std::string& content_type, const std::string& authorization) {
  int fd = connect_loopback(port);
  std::string req =
      request_text(method, path, body, content_type, authorization.empty() ? "" : "Authorization: " + authorization + "\r\n");
  for (size_t sent = 0; sent < req.size();) {
    auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  char buf[8192];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) in.append(buf, static_cast<size_t>(n));
  close(fd);
  return parse_reply(in);
}

HttpReply https(int port, const std::string& ca_file, const std::string& method, const std::string& path,
                const std::string& extra_headers) {
  namespace asio = boost::asio;
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(ca_file);
  ctx.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<asio::ip::tcp::socket> stream(ioc, ctx);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
  stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)});
  stream.handshake(asio::ssl::stream_base::client);
  asio::write(stream, asio::buffer(request_text(method, path, "", "application/json", extra_headers)));
  std::string in;
  boost::system::error_code ec;
  asio::read(stream, asio::dynamic_buffer(in), ec);  // to EOF (or a truncated close: the reply is read either way)
  return parse_reply(in);
}

}  // namespace lifeline::testing
