#include "lifeline/testing/test_pki.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace lifeline::testing {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what + " failed");
}

Key new_key() {
  Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  check(key != nullptr, "EC key generation");
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "certificate extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, signed by `issuer_key` (self-signed when issuer is null).
Cert new_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuer_key, bool ca, const std::string& san) {
  Cert cert(X509_new(), X509_free);
  X509* x = cert.get();
  X509_set_version(x, 2);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
  check(BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "serial");
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x));
  X509_gmtime_adj(X509_getm_notBefore(x), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 30 * 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                             -1, -1, 0);
  X509* signer = issuer ? issuer : x;
  X509_set_issuer_name(x, X509_get_subject_name(signer));
  add_ext(x, signer, NID_subject_key_identifier, "hash");
  if (ca) {
    add_ext(x, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(x, signer, NID_authority_key_identifier, "keyid:always");
    add_ext(x, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(x, signer, NID_key_usage, "critical,digitalSignature");
    add_ext(x, signer, NID_ext_key_usage, "serverAuth");
    if (!san.empty()) add_ext(x, signer, NID_subject_alt_name, san);
  }
  check(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "signing");
  return cert;
}

void write_pem(const std::string& path, const std::vector<X509*>& certs, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  check(f != nullptr, "opening a PEM file");
  bool ok = true;
  for (X509* c : certs) ok &= PEM_write_X509(f, c) == 1;
  if (key) {
    fchmod(fileno(f), 0600);
    ok &= PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  }
  ok &= std::fclose(f) == 0;
  check(ok, "writing a PEM file");
}

}  // namespace

TestPki make_test_pki(const std::string& dir, const std::string& prefix, const std::vector<std::string>& ips,
                      const std::vector<std::string>& dns) {
  std::string san;
  for (const auto& ip : ips) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  for (const auto& name : dns) san += (san.empty() ? "" : ",") + std::string("DNS:") + name;
  Key ca_key = new_key(), server_key = new_key();
  Cert ca = new_cert(ca_key.get(), "Lifeline test CA " + prefix, nullptr, nullptr, true, "");
  Cert server = new_cert(server_key.get(), "lifeline-command test " + prefix, ca.get(), ca_key.get(), false, san);
  TestPki pki{dir + "/" + prefix + "-ca.pem", dir + "/" + prefix + "-server.pem", dir + "/" + prefix + "-server.key"};
  write_pem(pki.ca_cert, {ca.get()}, nullptr);
  write_pem(pki.server_cert, {server.get(), ca.get()}, nullptr);
  write_pem(pki.server_key, {}, server_key.get());
  return pki;
}

}  // namespace lifeline::testing
