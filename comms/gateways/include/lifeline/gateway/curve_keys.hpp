// CURVE key pairs of ZeroMQ peers (the command, gateways, partner systems): Z85 text, 40 characters
// per key. A key file is JSON {"public_key": Z85, "secret_key": Z85} with mode 0600; the command's
// public key may also be given on its own (40 characters, or a file holding them).
#pragma once
#include <string>

namespace lifeline::gateway {

struct CurveKeyPair {
  std::string public_key;  // Z85
  std::string secret_key;  // Z85
};

// True when `z85` is 40 Z85 characters that decode to a 32-byte key.
bool valid_curve_key(const std::string& z85);
CurveKeyPair generate_curve_key_pair();
// Reads a key file; throws std::runtime_error (naming the file) when it is missing, malformed, its
// keys do not belong together, or anyone but the owner may read it.
CurveKeyPair load_curve_key_pair(const std::string& path);
// Reads the key file, or creates it (mode 0600, parent directories too) with a new pair when absent.
CurveKeyPair load_or_create_curve_key_pair(const std::string& path);
// Writes `pair` to `path` (mode 0600) atomically.
void save_curve_key_pair(const std::string& path, const CurveKeyPair& pair);
// A public key given as its 40 Z85 characters, or as a file holding them (alone on the first line,
// or as a key file's "public_key"). Throws std::runtime_error when neither yields a valid key.
std::string read_curve_public_key(const std::string& text_or_path);

}  // namespace lifeline::gateway
