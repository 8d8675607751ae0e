#include "lifeline/gateway/curve_keys.hpp"

#include <sys/stat.h>
#include <zmq.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace lifeline::gateway {

namespace fs = std::filesystem;

bool valid_curve_key(const std::string& z85) {
  if (z85.size() != 40) return false;
  uint8_t bin[32];
  return zmq_z85_decode(bin, z85.c_str()) != nullptr;
}

CurveKeyPair generate_curve_key_pair() {
  char pub[41], sec[41];
  if (zmq_curve_keypair(pub, sec) != 0) throw std::runtime_error("ZeroMQ built without CURVE: cannot create a key pair");
  return {pub, sec};
}

CurveKeyPair load_curve_key_pair(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("key file " + path + ": cannot read it");
  // A secret key others can read is no longer secret: refuse it rather than use it.
  if (st.st_mode & 077) throw std::runtime_error("key file " + path + " is readable by others (chmod 600 it)");
  std::ifstream in(path);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("public_key") || !j.contains("secret_key") ||
      !j["public_key"].is_string() || !j["secret_key"].is_string())
    throw std::runtime_error("key file " + path + ": expected {\"public_key\": Z85, \"secret_key\": Z85}");
  CurveKeyPair pair{j["public_key"], j["secret_key"]};
  if (!valid_curve_key(pair.public_key) || !valid_curve_key(pair.secret_key))
    throw std::runtime_error("key file " + path + ": keys must be 40 Z85 characters");
  char derived[41];
  if (zmq_curve_public(derived, pair.secret_key.c_str()) != 0 || pair.public_key != derived)
    throw std::runtime_error("key file " + path + ": public_key does not belong to secret_key");
  return pair;
}

void save_curve_key_pair(const std::string& path, const CurveKeyPair& pair) {
  auto parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  auto tmp = path + ".tmp";
  // Created 0600 from the start: the secret is never on disk with wider permissions.
  ::remove(tmp.c_str());
  mode_t old = ::umask(077);
  {
    std::ofstream out(tmp);
    out << nlohmann::json{{"public_key", pair.public_key}, {"secret_key", pair.secret_key}}.dump() << "\n";
    if (!out) {
      ::umask(old);
      throw std::runtime_error("key file " + path + ": cannot write it");
    }
  }
  ::umask(old);
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, path);
}

CurveKeyPair load_or_create_curve_key_pair(const std::string& path) {
  if (fs::exists(path)) return load_curve_key_pair(path);
  auto pair = generate_curve_key_pair();
  save_curve_key_pair(path, pair);
  return pair;
}

std::string read_curve_public_key(const std::string& text_or_path) {
  if (valid_curve_key(text_or_path)) return text_or_path;
  std::ifstream in(text_or_path);
  if (!in) throw std::runtime_error("public key: '" + text_or_path + "' is neither 40 Z85 characters nor a readable file");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto j = nlohmann::json::parse(content, nullptr, false);
  std::string key;
  if (!j.is_discarded() && j.is_object() && j.contains("public_key") && j["public_key"].is_string()) {
    key = j["public_key"];
  } else {
    key = content.substr(0, content.find('\n'));
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
  }
  if (!valid_curve_key(key)) throw std::runtime_error("public key file " + text_or_path + ": no valid 40-character Z85 key in it");
  return key;
}

}  // namespace lifeline::gateway
