#include "tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <stdexcept>

namespace lifeline::server {

namespace {

// Forward secrecy and authenticated encryption only (Mozilla's "intermediate" list without DHE,
// which would need dhparams): every client from the last decade speaks one of these.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string openssl_reason() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

[[noreturn]] void fail(const std::string& zh, const std::string& en, const std::string& file) {
  std::string why = openssl_reason();
  throw std::runtime_error(zh + " " + file + "：" + why + " / " + en + " " + file + ": " + why);
}

}  // namespace

std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const std::string& cert_chain_file,
                                                                   const std::string& key_file) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  ERR_clear_error();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // No compression (CRIME), no client-initiated renegotiation (a cheap CPU exhaustion).
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) fail("TLS 密码套件设置失败", "cannot set the TLS ciphers", "");
  if (SSL_CTX_use_certificate_chain_file(native, cert_chain_file.c_str()) != 1)
    fail("无法读取 TLS 证书链", "cannot read the TLS certificate chain", cert_chain_file);
  if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    fail("无法读取 TLS 私钥，或私钥与证书不匹配", "cannot read the TLS private key, or it does not match the certificate", key_file);
  if (SSL_CTX_check_private_key(native) != 1)
    fail("TLS 私钥与证书不匹配", "the TLS private key does not match the certificate", key_file);
  return ctx;
}

}  // namespace lifeline::server
