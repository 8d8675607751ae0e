// Password hashing: argon2id through libsodium (crypto_pwhash_str), interactive limits.
#pragma once
#include <string>

namespace lifeline::domain {

std::string hash_password(const std::string& password);
// Cost of new hashes: "interactive" (default: libsodium's interactive limits, ~64 MiB) or "min"
// (for tests and benchmarks that create thousands of users; never for a deployment).
void set_password_cost(const std::string& cost);
bool verify_password(const std::string& hash, const std::string& password);
// Length and content rules for new passwords; throws ApiError(bad_field).
void check_password_policy(const std::string& password);

}  // namespace lifeline::domain
