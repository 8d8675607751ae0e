// The bus envelope (DESIGN §4, schema/bus.md): one message, its addressing, priority, lifetime and
// acknowledgement level. The JSON form is the API; thin links carry the compact codec's form.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::bus {

enum class Precedence { flash = 0, immediate = 1, priority = 2, routine = 3 };  // lower = more urgent
enum class AckLevel { none, device, human };

struct Envelope {
  std::string id;              // UUIDv7, time-ordered; the de-duplication key end to end
  std::string from;            // address of the sender (set by the server from the session)
  std::vector<std::string> to; // addresses: user:ID team:ID role:NAME group:NAME dept:ID all
  std::string kind;            // order status position report warning text receipt ...
  Precedence precedence = Precedence::routine;
  int64_t created = 0;         // UTC ms
  int64_t expires = 0;         // UTC ms (created + TTL)
  AckLevel ack = AckLevel::device;
  std::string correlation_id;  // e.g. the task an order belongs to
  // Latest wins per key (bus.md §1): a message supersedes the undelivered ones its sender sent
  // the same recipient under the same key, e.g. "stand down" overtaking a "stand by" still queued.
  std::string collapse_key;
  std::string realm = "live";
  nlohmann::json body = nlohmann::json::object();

  nlohmann::json to_json() const;  // wire form (times RFC 3339)
};

// Kinds whose older messages are superseded by a newer one from the same sender (latest wins).
bool coalesces(const std::string& kind);

const char* to_string(Precedence p);
const char* to_string(AckLevel a);
Precedence precedence_from(const std::string& s);  // throws ApiError(bad_field)
AckLevel ack_from(const std::string& s);           // throws ApiError(bad_field)

struct EnvelopeLimits {
  size_t max_body_bytes = 64 << 10;
  int64_t max_ttl_ms = 7LL * 24 * 3600 * 1000;
  size_t max_recipients = 64;
};

// Parses the body of a bus.send request (schema/messages/envelope.schema.json). `now` fills
// `created` when absent; the TTL must be in the future at arrival (ApiError expired otherwise).
Envelope parse_envelope(const nlohmann::json& body, int64_t now, const EnvelopeLimits& limits = {});

// Address syntax: kind:ID with kind in user team role group dept, or "all".
bool valid_address(const std::string& address);

}  // namespace lifeline::bus
