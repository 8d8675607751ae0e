// One HTTP/1.1 request to 127.0.0.1 (Connection: close; the reply is read to EOF): the citizen
// report channel, the CAP endpoints, /metrics. Enough HTTP for tests, nothing more.
#pragma once
#include <string>

namespace lifeline::testing {

struct HttpReply {
  int status = 0;
  std::string content_type, body;
};

HttpReply http(int port, const std::string& method, const std::string& path, const std::string& body = "",
               const std::string& content_type = "application/json", const std::string& authorization = "");

}  // namespace lifeline::testing
