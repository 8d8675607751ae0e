// Which transports lifeline-command agrees to serve (ServerConfig::check_transport): plain HTTP
// carries passwords and session tokens in clear text, so it stays on loopback (the demo, the tests,
// a TLS-terminating reverse proxy on the same machine) unless the operator explicitly asks for more.
#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

#include "client_address.hpp"
#include "lifeline/server/server_config.hpp"

namespace lifeline::server {

namespace {

// 127.0.0.0/8 or ::1, given as a numeric address (the form the listen option takes).
bool is_loopback_address(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
  return false;
}

std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

[[noreturn]] void refuse(const std::string& zh, const std::string& en) { throw std::runtime_error(zh + " / " + en); }

}  // namespace

std::vector<std::string> ServerConfig::trusted_proxy_list() const {
  std::vector<std::string> out;
  for (size_t at = 0; at <= trusted_proxies.size();) {
    auto comma = trusted_proxies.find(',', at);
    if (comma == std::string::npos) comma = trusted_proxies.size();
    auto entry = trim(trusted_proxies.substr(at, comma - at));
    if (!entry.empty()) out.push_back(entry);
    at = comma + 1;
  }
  return out;
}

void ServerConfig::check_transport() const {
  for (const auto& proxy : trusted_proxy_list())
    if (!is_numeric_address(proxy))
      refuse("可信代理须为数字 IP 地址：" + proxy, "a trusted proxy must be a numeric IP address: " + proxy);
  if (tls_cert.empty() != tls_key.empty())
    refuse("TLS 需要同时配置证书链（--tls-cert）和私钥（--tls-key）",
           "TLS needs both the certificate chain (--tls-cert) and the private key (--tls-key)");
  if (tls() && insecure_http)
    refuse("已配置证书时只提供 HTTPS，不能同时使用 --insecure-http",
           "with a certificate only HTTPS is served; --insecure-http cannot be combined with it");
  if (!tls() && !insecure_http && !is_loopback_address(listen))
    refuse("拒绝启动：在非本机地址 " + listen +
               " 上提供明文 HTTP 会让密码和会话令牌以明文传输。请用 --tls-cert 和 --tls-key 配置证书，"
               "或在本机地址上监听并由反向代理终结 TLS；确需明文时请显式加上 --insecure-http",
           "refusing to start: plain HTTP on " + listen +
               ", an address other than loopback, would carry passwords and session tokens in clear text. "
               "Configure a certificate with --tls-cert and --tls-key, or listen on loopback behind a reverse "
               "proxy that terminates TLS; add --insecure-http only if clear text is really wanted");
}

}  // namespace lifeline::server
