#include "client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "lifeline/app/login_throttle.hpp"

namespace lifeline::server {

namespace {
std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}
bool is_v6(const std::string& address) {
  unsigned char buf[16];
  return inet_pton(AF_INET6, address.c_str(), buf) == 1;
}
}  // namespace

bool is_numeric_address(const std::string& address) {
  unsigned char buf[16];
  return inet_pton(AF_INET, address.c_str(), buf) == 1 || is_v6(address);
}

std::string client_remote(const std::string& peer_endpoint, const std::string& forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  if (trusted_proxies.empty() || forwarded_for.empty()) return peer_endpoint;
  std::string peer = app::remote_address(peer_endpoint);  // without the port; v6 in brackets
  if (peer.size() > 2 && peer.front() == '[') peer = peer.substr(1, peer.size() - 2);
  if (peer.rfind("::ffff:", 0) == 0 && !is_v6(peer.substr(7))) peer = peer.substr(7);  // v4-mapped
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end()) return peer_endpoint;
  auto comma = forwarded_for.rfind(',');
  std::string client = trim(comma == std::string::npos ? forwarded_for : forwarded_for.substr(comma + 1));
  if (!is_numeric_address(client)) return peer_endpoint;
  return is_v6(client) ? "[" + client + "]" : client;
}

}  // namespace lifeline::server
