// One HTTP/1.1 request to 127.0.0.1 (Connection: close; the reply is read to EOF): the citizen
// report channel, the CAP endpoints, /metrics; over TLS too (https()). Enough HTTP for tests, nothing more.
#pragma once
#include <string>

namespace lifeline::testing {

struct HttpReply {
  int status = 0;
  std::string content_type, body;
  std::string headers;  // the raw header block ("Name: value\r\n" lines, after the status line)
  // The first header named `name` (case-insensitive), "" when absent.
  std::string header(const std::string& name) const;
};

HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& content_type = "application/json", const std::string& authorization = "");

// The same over TLS, trusting only `ca_file` (PEM) and checking the certificate names 127.0.0.1.
// `extra_headers` are whole "Name: value\r\n" lines. Throws when the TLS handshake fails.
HttpReply https(int port, const std::string& ca_file, const std::string& method, const std::string& path,
                const std::string& extra_headers = "");

}  // namespace lifeline::testing
