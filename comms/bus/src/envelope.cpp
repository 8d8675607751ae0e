#include "lifeline/bus/envelope.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::bus {

using nlohmann::json;

const char* to_string(Precedence p) {
  switch (p) {
    case Precedence::flash: return "flash";
    case Precedence::immediate: return "immediate";
    case Precedence::priority: return "priority";
    case Precedence::routine: return "routine";
  }
  return "routine";
}

const char* to_string(AckLevel a) {
  switch (a) {
    case AckLevel::none: return "none";
    case AckLevel::device: return "device";
    case AckLevel::human: return "human";
  }
  return "device";
}

Precedence precedence_from(const std::string& s) {
  if (s == "flash") return Precedence::flash;
  if (s == "immediate") return Precedence::immediate;
  if (s == "priority") return Precedence::priority;
  if (s == "routine") return Precedence::routine;
  throw ApiError("bad_field", "precedence must be flash, immediate, priority or routine");
}

AckLevel ack_from(const std::string& s) {
  if (s == "none") return AckLevel::none;
  if (s == "device") return AckLevel::device;
  if (s == "human") return AckLevel::human;
  throw ApiError("bad_field", "ack must be none, device or human");
}

bool coalesces(const std::string& kind) { return kind == "position" || kind == "status"; }

bool valid_address(const std::string& a) {
  if (a == "all") return true;
  auto colon = a.find(':');
  if (colon == std::string::npos || colon + 1 >= a.size() || a.size() > 80) return false;
  auto kind = a.substr(0, colon);
  if (kind != "user" && kind != "team" && kind != "role" && kind != "group" && kind != "dept") return false;
  for (size_t i = colon + 1; i < a.size(); ++i) {
    char c = a[i];
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  }
  return true;
}

json Envelope::to_json() const {
  json j = {{"id", id},
            {"from", from},
            {"to", to},
            {"kind", kind},
            {"precedence", to_string(precedence)},
            {"created", format_rfc3339_ms(created)},
            {"expires", format_rfc3339_ms(expires)},
            {"ack", to_string(ack)},
            {"realm", realm},
            {"body", body}};
  if (!correlation_id.empty()) j["correlation_id"] = correlation_id;
  if (!collapse_key.empty()) j["collapse_key"] = collapse_key;
  return j;
}

namespace {
const json& field(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) throw ApiError("missing_field", std::string("envelope.") + key);
  return *it;
}
std::string string_field(const json& body, const char* key, size_t max) {
  const auto& v = field(body, key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty() || v.get_ref<const std::string&>().size() > max)
    throw ApiError("bad_field", std::string("envelope.") + key + " must be a non-empty string");
  return v.get<std::string>();
}
}  // namespace

Envelope parse_envelope(const json& body, int64_t now, const EnvelopeLimits& limits) {
  if (!body.is_object()) throw ApiError("bad_field", "envelope must be an object");
  static const char* known[] = {"id", "from", "to", "kind", "precedence", "created", "expires", "ttl_ms", "ack",
                                "correlation_id", "collapse_key", "realm", "body"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool ok = false;
    for (auto* k : known) ok |= it.key() == k;
    if (!ok) throw ApiError("unknown_field", "envelope." + it.key());
  }
  Envelope e;
  e.id = body.contains("id") ? string_field(body, "id", 36) : uuid7_string(now);
  if (!is_uuid(e.id)) throw ApiError("bad_field", "envelope.id must be a UUID");
  if (body.contains("from")) e.from = string_field(body, "from", 80);
  const auto& to = field(body, "to");
  if (to.is_string()) {
    e.to.push_back(to.get<std::string>());
  } else if (to.is_array() && !to.empty() && to.size() <= limits.max_recipients) {
    for (const auto& a : to) {
      if (!a.is_string()) throw ApiError("bad_field", "envelope.to entries must be strings");
      e.to.push_back(a.get<std::string>());
    }
  } else {
    throw ApiError("bad_field", "envelope.to must be an address or a list of 1.." + std::to_string(limits.max_recipients));
  }
  for (const auto& a : e.to)
    if (!valid_address(a)) throw ApiError("unknown_recipient", a);
  e.kind = string_field(body, "kind", 32);
  static const char* kinds[] = {"order", "status", "position", "report", "warning", "text", "receipt", "task", "notice"};
  bool kind_ok = false;
  for (auto* k : kinds) kind_ok |= e.kind == k;
  if (!kind_ok) throw ApiError("bad_field", "envelope.kind '" + e.kind + "' unknown");
  e.precedence = body.contains("precedence") ? precedence_from(string_field(body, "precedence", 16)) : Precedence::routine;
  e.ack = body.contains("ack") ? ack_from(string_field(body, "ack", 16)) : AckLevel::device;
  if (body.contains("correlation_id")) e.correlation_id = string_field(body, "correlation_id", 64);
  if (body.contains("collapse_key")) e.collapse_key = string_field(body, "collapse_key", 80);
  if (body.contains("realm")) e.realm = string_field(body, "realm", 64);
  e.created = now;
  if (body.contains("created")) {
    auto t = parse_rfc3339(string_field(body, "created", 40));
    if (!t) throw ApiError("bad_field", "envelope.created must be RFC 3339");
    e.created = *t;
  }
  if (body.contains("expires") && body.contains("ttl_ms")) throw ApiError("bad_field", "give expires or ttl_ms, not both");
  if (body.contains("expires")) {
    auto t = parse_rfc3339(string_field(body, "expires", 40));
    if (!t) throw ApiError("bad_field", "envelope.expires must be RFC 3339");
    e.expires = *t;
  } else {
    int64_t ttl = 24LL * 3600 * 1000;
    if (body.contains("ttl_ms")) {
      const auto& v = body["ttl_ms"];
      if (!v.is_number_integer() || v.get<int64_t>() <= 0) throw ApiError("bad_field", "envelope.ttl_ms must be a positive integer");
      ttl = v.get<int64_t>();
    }
    e.expires = e.created + std::min(ttl, limits.max_ttl_ms);
  }
  if (e.expires <= now) throw ApiError("expired", "envelope expired at " + format_rfc3339_ms(e.expires));
  if (e.expires - now > limits.max_ttl_ms) throw ApiError("bad_field", "envelope TTL longer than allowed");
  e.body = body.value("body", json::object());
  if (!e.body.is_object()) throw ApiError("bad_field", "envelope.body must be an object");
  if (e.body.dump().size() > limits.max_body_bytes) throw ApiError("body_too_large");
  return e;
}

}  // namespace lifeline::bus
