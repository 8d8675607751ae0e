#include "lifeline/testing/frame_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>

namespace lifeline::testing {

namespace {

bool write_all(int fd, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    auto n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

// Extracts one complete message from `buf` (without consuming a partial one).
std::optional<std::string> take_line(std::string& buf) {
  auto nl = buf.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  auto m = buf.substr(0, nl + 1);
  buf.erase(0, nl + 1);
  return m;
}

std::optional<std::string> take_ws_frame(std::string& buf) {
  if (buf.size() < 2) return std::nullopt;
  auto b1 = static_cast<uint8_t>(buf[1]);
  uint64_t len = b1 & 0x7f;
  size_t off = 2;
  if (len == 126) {
    if (buf.size() < 4) return std::nullopt;
    len = (static_cast<uint8_t>(buf[2]) << 8) | static_cast<uint8_t>(buf[3]);
    off = 4;
  } else if (len == 127) {
    if (buf.size() < 10) return std::nullopt;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | static_cast<uint8_t>(buf[2 + i]);
    off = 10;
  }
  if (b1 & 0x80) off += 4;  // mask key
  if (buf.size() < off + len) return std::nullopt;
  auto m = buf.substr(0, off + len);
  buf.erase(0, off + len);
  return m;
}

}  // namespace

FrameProxy::FrameProxy(int target_port, Framing framing, LinkFaults faults)
    : target_port_(target_port), framing_(framing), faults_(faults) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 64) != 0)
    throw std::runtime_error("proxy listen failed");
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FrameProxy::~FrameProxy() {
  stop_ = true;
  shutdown(listen_fd_, SHUT_RDWR);
  close(listen_fd_);
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : threads_) t.join();
  for (int fd : fds_) close(fd);
}

void FrameProxy::accept_loop() {
  uint32_t n = 0;
  while (!stop_) {
    int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) return;
    int upstream = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(target_port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(upstream, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(client);
      close(upstream);
      continue;
    }
    int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    fds_.push_back(client);
    fds_.push_back(upstream);
    threads_.emplace_back([this, client, upstream, s = faults_.seed + 2 * n] { pump(client, upstream, s); });
    threads_.emplace_back([this, client, upstream, s = faults_.seed + 2 * n + 1] { pump(upstream, client, s); });
    ++n;
  }
}

void FrameProxy::pump(int from, int to, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> coin(0, 1);
  std::string buf;
  std::optional<std::string> held;  // a message held back so the next one overtakes it
  bool upgraded = framing_ == Framing::lines;
  char chunk[65536];
  while (!stop_) {
    auto n = ::recv(from, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buf.append(chunk, static_cast<size_t>(n));
    bool silent;
    {
      std::lock_guard lock(mutex_);
      silent = faults_.silent;
    }
    if (silent && !upgraded) {
      // A connection opened into the silence never gets its upgrade through.
      buf.clear();
      dropped_++;
      continue;
    }
    if (!upgraded) {
      // The HTTP upgrade request/response goes through as it is.
      auto end = buf.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      if (!write_all(to, buf.substr(0, end + 4))) break;
      buf.erase(0, end + 4);
      upgraded = true;
    }
    for (;;) {
      auto m = framing_ == Framing::lines ? take_line(buf) : take_ws_frame(buf);
      if (!m) break;
      LinkFaults f;
      {
        std::lock_guard lock(mutex_);
        f = faults_;
      }
      if (f.silent || coin(rng) < f.drop) {
        dropped_++;
        continue;
      }
      if (f.max_delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(rng() % (f.max_delay_ms + 1)));
      if (!held && coin(rng) < f.reorder) {
        held = *m;
        reordered_++;
        continue;
      }
      std::string out = *m;
      if (coin(rng) < f.duplicate) {
        out += *m;
        duplicated_++;
      }
      if (held) {
        out += *held;
        held.reset();
      }
      if (!write_all(to, out)) return;
      forwarded_++;
    }
  }
  shutdown(to, SHUT_WR);
}

}  // namespace lifeline::testing
