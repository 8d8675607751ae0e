#include "lifeline/domain/passwords.hpp"

#include <sodium.h>

#include <atomic>
#include <stdexcept>

#include "lifeline/api_error.hpp"

namespace lifeline::domain {

namespace {
std::atomic<bool> g_min_cost{false};
}

void set_password_cost(const std::string& cost) {
  if (cost != "interactive" && cost != "min") throw std::invalid_argument("password cost must be interactive or min");
  g_min_cost = cost == "min";
}

std::string hash_password(const std::string& password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium init failed");
  char out[crypto_pwhash_STRBYTES];
  bool min = g_min_cost;
  // Argon2id needs ≥ 1 pass in libsodium's argon2id (OPSLIMIT_MIN is 1).
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            min ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            min ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id: out of memory");
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void check_password_policy(const std::string& password) {
  if (password.size() < 8) throw ApiError("bad_field", "password shorter than 8 characters", "密码少于 8 个字符");
  if (password.size() > 256) throw ApiError("bad_field", "password longer than 256 bytes", "密码过长");
}

}  // namespace lifeline::domain
