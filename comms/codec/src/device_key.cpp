// Device keys and the truncated MAC (BLAKE2b via libsodium's crypto_generichash).
#include "lifeline/codec/device_key.hpp"

#include <sodium.h>

#include <stdexcept>

namespace lifeline::codec {
namespace {
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium initialisation failed");
}
void put_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24); p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8); p[3] = static_cast<uint8_t>(v);
}
}  // namespace

DeviceKey DeviceKey::generate(uint32_t key_id) {
  ensure_sodium();
  DeviceKey k;
  k.key_id = key_id;
  randombytes_buf(k.key.data(), k.key.size());
  return k;
}

Result<DeviceKey> DeviceKey::from_hex(uint32_t key_id, const std::string& hex64) {
  DeviceKey k;
  k.key_id = key_id;
  size_t bin_len = 0;
  if (hex64.size() != 64 || sodium_hex2bin(k.key.data(), k.key.size(), hex64.data(), hex64.size(), nullptr,
                                           &bin_len, nullptr) != 0 || bin_len != 32)
    return make_error("bad_field", "key: 64 hex digits");
  return k;
}

std::string DeviceKey::key_hex() const {
  std::string out(65, '\0');
  sodium_bin2hex(out.data(), out.size(), key.data(), key.size());
  out.pop_back();
  return out;
}

std::array<uint8_t, kMacBytes> compute_mac(const DeviceKey& key, uint32_t dict_version,
                                           std::span<const uint8_t> frame_without_mac) {
  ensure_sodium();
  // Domain tag, key id and dictionary version bind the MAC to this device and dictionary.
  uint8_t prefix[12] = {'L', 'L', 'C', '1'};
  put_be32(prefix + 4, key.key_id);
  put_be32(prefix + 8, dict_version);
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.key.data(), key.key.size(), crypto_generichash_BYTES_MIN);
  crypto_generichash_update(&st, prefix, sizeof prefix);
  crypto_generichash_update(&st, frame_without_mac.data(), frame_without_mac.size());
  uint8_t full[crypto_generichash_BYTES_MIN];
  crypto_generichash_final(&st, full, sizeof full);
  std::array<uint8_t, kMacBytes> mac{};
  std::copy(full, full + kMacBytes, mac.begin());
  return mac;
}

}  // namespace lifeline::codec
