#include "lifeline/field/tls_client.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <fstream>
#include <iterator>

#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

namespace {

constexpr size_t kMaxCaFileBytes = 1 << 20;

// Certificates in `pem` (0 if it is not PEM).
int count_certificates(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  int n = 0;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++n;
  }
  ERR_clear_error();  // the read past the last certificate leaves an error queued
  return n;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

std::string read_ca_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FieldError("tls_bad_ca", path + ": cannot open");
  std::string pem;
  pem.resize(kMaxCaFileBytes + 1);
  in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
  pem.resize(static_cast<size_t>(in.gcount()));
  if (pem.size() > kMaxCaFileBytes) throw FieldError("tls_bad_ca", path + ": larger than 1 MiB");
  if (count_certificates(pem) == 0) throw FieldError("tls_bad_ca", path + ": no PEM certificate");
  return pem;
}

std::unique_ptr<boost::asio::ssl::context> make_client_tls_context(const std::string& ca_pem) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  boost::system::error_code ec;
  if (ca_pem.empty()) {
    ctx->set_default_verify_paths(ec);
  } else {
    if (count_certificates(ca_pem) == 0) throw FieldError("tls_bad_ca", "the pinned CA holds no PEM certificate");
    // The context starts with an empty trust store: only this CA (and any others in the file) is trusted.
    ctx->add_certificate_authority(boost::asio::buffer(ca_pem), ec);
  }
  if (ec) throw FieldError("tls_bad_ca", ec.message());
  ctx->set_verify_mode(ssl::verify_peer, ec);
  return ctx;
}

bool expect_server_name(SSL* ssl, const std::string& host) {
  if (is_ip_literal(host)) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  // Names only: the certificate's wildcards match one whole label, never a partial one.
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
}

std::string classify_handshake_failure(SSL* ssl, std::string& why) {
  long result = SSL_get_verify_result(ssl);
  if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    why = X509_verify_cert_error_string(result);
    return "tls_host_mismatch";
  }
  if (result != X509_V_OK) {
    why = X509_verify_cert_error_string(result);
    return "tls_untrusted";
  }
  return "tls_failed";
}

}  // namespace lifeline::field
