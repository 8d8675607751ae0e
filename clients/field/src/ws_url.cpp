#include "lifeline/field/ws_url.hpp"

namespace lifeline::field {

std::string WsUrl::host_header() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

std::optional<WsUrl> parse_ws_url(const std::string& url) {
  if (url.size() > 2048) return std::nullopt;
  for (unsigned char c : url)
    if (c <= ' ' || c == 0x7f) return std::nullopt;  // never a space, newline or control in a header
  WsUrl u;
  std::string rest = url;
  bool has_scheme = true;
  if (rest.rfind("wss://", 0) == 0) {
    u.tls = true;
    rest = rest.substr(6);
  } else if (rest.rfind("ws://", 0) == 0) {
    rest = rest.substr(5);
  } else if (rest.find("://") != std::string::npos) {
    return std::nullopt;  // http://, https:// or any other scheme
  } else {
    has_scheme = false;
  }
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  u.path = slash == std::string::npos ? "/" : rest.substr(slash);
  // The port: after the host, else the scheme's (443 for wss://, 80 for ws://; a bare HOST:PORT names it).
  std::string::size_type port_at = std::string::npos;
  if (!hostport.empty() && hostport[0] == '[') {
    auto close = hostport.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') return std::nullopt;
      port_at = close + 2;
    }
  } else {
    auto colon = hostport.find(':');
    if (colon != std::string::npos && hostport.find(':', colon + 1) != std::string::npos) return std::nullopt;
    u.host = hostport.substr(0, colon);
    if (colon != std::string::npos) port_at = colon + 1;
  }
  if (port_at == std::string::npos && !has_scheme) return std::nullopt;
  u.port = port_at != std::string::npos ? hostport.substr(port_at) : u.tls ? "443" : "80";
  if (u.host.empty() || u.host.find_first_of("@[]") != std::string::npos) return std::nullopt;
  if (u.port.empty() || u.port.size() > 5 || u.port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int port = std::stoi(u.port);
  if (port < 1 || port > 65535) return std::nullopt;
  return u;
}

}  // namespace lifeline::field
