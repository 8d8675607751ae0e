// TLS for the field client's wss:// link: the trusted CA (pinned at enrolment with --ca-file, else the
// system's trust store), TLS 1.2 or later, and the server's certificate checked against the host name
// or IP address the device connects to.
#pragma once
#include <memory>
#include <string>

typedef struct ssl_st SSL;

namespace boost::asio::ssl {
class context;
}

namespace lifeline::field {

// Reads a CA file (PEM, at most 1 MiB, at least one certificate). Throws FieldError("tls_bad_ca").
std::string read_ca_file(const std::string& path);

// A client context trusting only `ca_pem` (empty: the system's trust store). Throws FieldError("tls_bad_ca").
std::unique_ptr<boost::asio::ssl::context> make_client_tls_context(const std::string& ca_pem);

// Before the handshake: SNI for a host name, and the name or IP address the certificate must carry.
// False if OpenSSL refuses the name.
bool expect_server_name(SSL* ssl, const std::string& host);

// After a failed handshake: "tls_host_mismatch", "tls_untrusted" (with OpenSSL's reason in `why`) or
// "tls_failed" (the peer does not speak TLS, or no common protocol version or cipher).
std::string classify_handshake_failure(SSL* ssl, std::string& why);

}  // namespace lifeline::field
