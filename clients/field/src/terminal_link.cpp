#include "lifeline/field/terminal_link.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lifeline/untrusted_json.hpp"

namespace lifeline::field {

TerminalLink::~TerminalLink() { close(); }

bool TerminalLink::connect(const std::string& host, int port, const std::string& address, std::string& error) {
  close();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    error = "terminal host must be an IPv4 address";
    close();
    return false;
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error = std::strerror(errno);
    close();
    return false;
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  buffer_.clear();
  return send({{"type", "hello"}, {"address", address}});
}

bool TerminalLink::send(const nlohmann::json& frame) {
  if (fd_ < 0) return false;
  auto line = frame.dump() + "\n";
  size_t off = 0;
  while (off < line.size()) {
    auto n = ::send(fd_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      close();
      return false;
    }
    off += static_cast<size_t>(n);
  }
  bytes_sent_ += line.size();
  return true;
}

std::optional<nlohmann::json> TerminalLink::poll(int timeout_ms) {
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      nlohmann::json parsed;
      auto status = parse_untrusted_json(std::string_view(buffer_).substr(0, nl), parsed);
      buffer_.erase(0, nl + 1);
      if (status != JsonParse::ok || !parsed.is_object()) return nlohmann::json::object();
      return parsed;
    }
    if (fd_ < 0) return std::nullopt;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
    char buf[65536];
    auto n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) {
      close();
      return std::nullopt;
    }
    buffer_.append(buf, static_cast<size_t>(n));
    if (buffer_.size() > (16u << 20)) {  // a peer that never ends a line
      close();
      return std::nullopt;
    }
    timeout_ms = 0;
  }
}

void TerminalLink::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace lifeline::field
