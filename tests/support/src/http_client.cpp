#include "lifeline/testing/http_client.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include "lifeline/testing/server_process.hpp"

namespace lifeline::testing {

HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body,
               const std::string& content_type, const std::string& authorization) {
  int fd = connect_loopback(port);
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type + "\r\n";
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

}  // namespace lifeline::testing
