// The command's TLS settings in one place: TLS 1.2 or later, no compression, no renegotiation, ECDHE
// with AEAD ciphers only for TLS 1.2 (TLS 1.3 suites are all AEAD), certificate chain and key from PEM files.
#pragma once
#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace lifeline::server {

// Throws std::runtime_error (Chinese and English) when a file cannot be read or the key does not
// match the certificate, so a misconfigured server stops at start instead of failing every handshake.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const std::string& cert_chain_file,
                                                                   const std::string& key_file);

}  // namespace lifeline::server
