// A CAP 1.2 alert as Lifeline sees it: the alert header, the warning it carries (type, colour,
// areas, valid period) and every <info> block by language. Import fills it from XML, export writes it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lifeline::cap {

struct ValuePair {
  std::string name, value;  // <valueName>, <value>
  bool operator==(const ValuePair&) const = default;
};

struct Area {
  std::string desc;                     // <areaDesc>
  std::vector<std::string> polygons;    // "lat,lon lat,lon ..." (WGS 84), first pair == last pair
  std::vector<std::string> circles;     // "lat,lon radius_km"
  std::vector<ValuePair> geocodes;
  bool operator==(const Area&) const = default;
};

struct Info {
  std::string language = "en-US";  // the XSD default when <language> is absent
  std::vector<std::string> categories;
  std::string event;
  std::vector<std::string> response_types;
  std::string urgency = "Unknown", severity = "Unknown", certainty = "Unknown";
  std::vector<ValuePair> event_codes;
  std::optional<int64_t> effective, onset, expires;  // UTC ms
  std::string sender_name, headline, description, instruction, web, contact;
  std::vector<ValuePair> parameters;
  std::vector<Area> areas;
  bool operator==(const Info&) const = default;
};

struct Warning {
  // Alert header.
  std::string identifier, sender;
  int64_t sent = 0;                  // UTC ms (CAP carries whole seconds)
  std::string status = "Actual";     // Actual, Exercise, System, Test, Draft
  std::string msg_type = "Alert";    // Alert, Update, Cancel, Ack, Error
  std::string scope = "Public";      // Public, Restricted, Private
  std::string source, restriction, addresses, note;
  std::vector<std::string> references;  // "sender,identifier,sent" triples
  // What Lifeline acts on, derived from the info blocks at import (and written back at export).
  std::string department;            // senderName of the first info, else sender
  std::string type;                  // incident type key (schema/enums.json), "other" when unknown
  std::string colour;                // red, orange, yellow, blue; empty when neither parameter nor severity says
  std::vector<Area> areas;           // union of every info's areas (duplicates by desc removed)
  std::optional<int64_t> onset, expires;
  std::vector<Info> infos;
  bool operator==(const Warning&) const = default;
};

// Colour order blue < yellow < orange < red; 0 for an unknown colour.
int colour_rank(const std::string& colour);

}  // namespace lifeline::cap
