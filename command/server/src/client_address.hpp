// The address a connection is counted under (login throttling, auth_log): the TCP peer, or, when the
// peer is a configured reverse proxy, the client its X-Forwarded-For names. Anyone else's header is
// ignored, so a client cannot pick the address its failed logins are counted against.
#pragma once
#include <string>
#include <vector>

namespace lifeline::server {

bool is_numeric_address(const std::string& address);

// `peer_endpoint` as WebSocket++ gives it ("1.2.3.4:5678", "[::1]:5678"). Of X-Forwarded-For only the
// last entry counts (the one the trusted proxy appended); an entry that is not an IP address is ignored.
// Returns "ADDRESS" or "[V6ADDRESS]" for a forwarded client, else the peer endpoint unchanged.
std::string client_remote(const std::string& peer_endpoint, const std::string& forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace lifeline::server
