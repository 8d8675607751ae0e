// CAP 1.2 export: a Lifeline warning or public incident notice as a CAP <alert> with a zh-CN and an
// en <info> block, and an Atom feed of several alerts. Output always validates against the XSD.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "lifeline/cap/warning.hpp"

namespace lifeline::cap {

struct ExportOptions {
  int utc_offset_minutes = 480;  // CAP times carry an explicit offset; Asia/Shanghai by default
};

// The <alert> document (with XML declaration). Text missing from a language's info block is
// generated from type and colour ("台风红色预警" / "Typhoon red warning").
std::string export_cap(const Warning& w, const ExportOptions& opt = {});

// A public incident notice (the facts the public may see) to be published as CAP.
struct IncidentNotice {
  std::string id;            // incident id, becomes the CAP identifier
  std::string sender;        // e.g. "lifeline@demo-city.example"
  std::string sender_name_zh, sender_name_en;
  int64_t sent = 0;
  std::string type;          // incident type key
  int level = 0;             // response level 1..4, 0 = none
  std::string headline_zh, headline_en, description_zh, description_en, instruction_zh, instruction_en;
  std::vector<Area> areas;
  bool exercise = false;     // a drill realm: status Exercise
};
Warning notice_to_warning(const IncidentNotice& n);

struct FeedOptions {
  std::string feed_id = "urn:lifeline:cap-feed";
  std::string title = "Lifeline 预警 / warnings";
  std::string self_url;      // the feed's own URL, optional
  int64_t updated = 0;       // UTC ms
  ExportOptions cap;
};
// Atom 1.0 feed; each entry's <content type="application/cap+xml"> holds the CAP <alert>.
std::string export_atom(const std::vector<Warning>& alerts, const FeedOptions& opt);

// CAP dateTime with an explicit offset ("2026-08-20T09:00:00+08:00"); whole seconds.
std::string format_cap_time(int64_t utc_ms, int offset_minutes);

}  // namespace lifeline::cap
