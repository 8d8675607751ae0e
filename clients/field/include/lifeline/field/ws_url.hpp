// The command's address as the field client is given it: ws://HOST:PORT[/PATH] or wss://HOST:PORT[/PATH]
// (HOST a name, an IPv4 address or a bracketed IPv6 address; without :PORT, 443 for wss:// and 80 for
// ws://). A bare HOST:PORT means ws://.
#pragma once
#include <optional>
#include <string>

namespace lifeline::field {

struct WsUrl {
  bool tls = false;
  std::string host;  // without brackets
  std::string port;  // 1-65535, digits only
  std::string path;  // starts with '/'
  // "host:port" for the Host header ([v6]:port).
  std::string host_header() const;
};

// nullopt for anything else (another scheme, no or a bad port, an empty host, spaces or controls).
std::optional<WsUrl> parse_ws_url(const std::string& url);

}  // namespace lifeline::field
