// Throw-away certificates for TLS tests, made with OpenSSL at test time into a temporary directory:
// a CA, and a server certificate it signs for the names given. Never valid for long, never reused.
#pragma once
#include <string>
#include <vector>

namespace lifeline::testing {

struct TestPki {
  std::string ca_cert;      // the CA's certificate (PEM): what a client pins
  std::string server_cert;  // the server's chain (PEM): its certificate, then the CA's
  std::string server_key;   // the server's private key (PEM, mode 0600)
};

// Files `<dir>/<prefix>-ca.pem`, `-server.pem` and `-server.key`. The server certificate carries
// the SANs (`ips` as IP addresses, `dns` as names). Valid from a day before now to 30 days after.
TestPki make_test_pki(const std::string& dir, const std::string& prefix, const std::vector<std::string>& ips,
                      const std::vector<std::string>& dns = {});

}  // namespace lifeline::testing
