// The messages the compact codec carries over thin links (schema/codec.md §4). Times are UTC ms;
// the wire carries whole seconds. Ids (team, incident, place, item) are the dictionary's keys.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lifeline/codec/enums.hpp"

namespace lifeline::codec {

// A point on the wire: absolute fixed point, lat in 2^-24 of 180°, lon in 2^-25 of 360° (≈1.2 m steps).
struct GeoPoint {
  double lat = 0;
  double lon = 0;
  bool operator==(const GeoPoint&) const = default;
};

// Either a gazetteer place by id (`ref`, name and point filled in from the dictionary on decode)
// or an ad-hoc place: a free name and a point.
struct Place {
  std::string ref;
  std::string name;
  std::optional<GeoPoint> point;
  bool operator==(const Place&) const = default;
};

struct Resource {
  std::string item;
  uint32_t qty = 0;
  bool operator==(const Resource&) const = default;
};

// Centre → team. The order is identified on the link by its frame sequence number (receipts cite it).
struct Order {
  Precedence precedence = Precedence::routine;
  std::string to;        // team id
  std::string incident;  // incident: its number (INC-2026-0041, carried as such) or a dictionary key
  TaskType task = TaskType::patrol;
  Place place;
  uint32_t due_minutes = 0;
  std::vector<Resource> resources;
  std::string note;
  int64_t sent_ms = 0;
  bool operator==(const Order&) const = default;
};

// Team → centre. The team is the sending device's (known from its key at enrolment).
struct Position {
  GeoPoint point;
  int64_t at_ms = 0;
  Readiness readiness = Readiness::available;
  std::optional<TaskStatus> task_status;
  int battery = 0;  // percent; the wire carries 5 bits (steps of 100/31 %)
  bool operator==(const Position&) const = default;
};

// Delivery receipt for the frame with sequence number `ref_seq` on the same link (reverse direction).
struct Receipt {
  uint16_t ref_seq = 0;
  DeliveryState state = DeliveryState::delivered;
  Answer answer = Answer::none;
  RejectReason reason = RejectReason::none;
  bool operator==(const Receipt&) const = default;
};

// Team → centre situation report (casualties create or update incident facts downstream).
struct Report {
  std::string incident;  // as in Order
  uint32_t dead = 0, missing = 0, injured = 0;
  std::string text;
  int64_t at_ms = 0;
  bool operator==(const Report&) const = default;
};

// Free text either way; `to` is a team id or empty for everyone on the link.
struct Text {
  Precedence precedence = Precedence::routine;
  std::string to;
  std::string text;
  int64_t sent_ms = 0;
  bool operator==(const Text&) const = default;
};

// One dictionary addition. `key` is the team/incident/place id, the phrase, or the item name.
struct DictEntry {
  DictTable table = DictTable::phrase;
  std::string key;
  std::string name;                // places only
  std::optional<GeoPoint> point;   // places only
  bool operator==(const DictEntry&) const = default;
};

// In-band dictionary update (new incidents, places ...): appends entries, version → new_version.
struct DictUpdate {
  uint32_t new_version = 0;
  std::vector<DictEntry> entries;
  bool operator==(const DictUpdate&) const = default;
};

using Message = std::variant<Order, Position, Receipt, Report, Text, DictUpdate>;

Kind kind_of(const Message&);

}  // namespace lifeline::codec
