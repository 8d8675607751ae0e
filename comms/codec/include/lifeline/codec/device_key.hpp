// Per-device MAC key (DECISIONS: device key for the codec MAC). The MAC is the first 4 bytes of
// BLAKE2b (libsodium crypto_generichash) keyed with `key` over key id, dictionary version and frame.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

inline constexpr size_t kMacBytes = 4;

struct DeviceKey {
  uint32_t key_id = 0;
  std::array<uint8_t, 32> key{};

  static DeviceKey generate(uint32_t key_id);  // random key (libsodium randombytes)
  static Result<DeviceKey> from_hex(uint32_t key_id, const std::string& hex64);
  std::string key_hex() const;
};

// The 4-byte truncated MAC of `frame_without_mac` under `key` and dictionary version `dict_version`.
std::array<uint8_t, kMacBytes> compute_mac(const DeviceKey& key, uint32_t dict_version,
                                           std::span<const uint8_t> frame_without_mac);

}  // namespace lifeline::codec
