// CAP 1.2 export. Written as text in the XSD's element order; every value is escaped and every
// enumeration checked first, so the output is valid by construction (and proven so by the
// property test, which runs xmllint and the embedded validator on random warnings).
#include "lifeline/cap/cap_export.hpp"

#include <libxml/uri.h>

#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/warning_mapping.hpp"
#include "lifeline/time_format.hpp"
#include "xml_text.hpp"

namespace lifeline::cap {

using detail::xml_escape;

namespace {

bool one_of(const std::string& v, std::initializer_list<const char*> set) {
  return std::any_of(set.begin(), set.end(), [&](const char* s) { return v == s; });
}

void element(std::string& out, const char* indent, const char* name, const std::string& value) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  out += xml_escape(value);
  out += "</";
  out += name;
  out += ">\n";
}

void pair_element(std::string& out, const char* indent, const char* name, const ValuePair& p) {
  out += indent;
  out += "<" + std::string(name) + "><valueName>" + xml_escape(p.name) + "</valueName><value>" + xml_escape(p.value) +
         "</value></" + name + ">\n";
}

void check_header(const Warning& w) {
  auto token_ok = [](const std::string& v) { return !v.empty() && v.find_first_of(" \t\r\n,<&") == std::string::npos; };
  if (!token_ok(w.identifier)) throw ApiError("bad_field", "identifier", "identifier 不能为空且不能含空格、逗号、< 或 &");
  if (!token_ok(w.sender)) throw ApiError("bad_field", "sender", "sender 不能为空且不能含空格、逗号、< 或 &");
  if (!one_of(w.status, {"Actual", "Exercise", "System", "Test", "Draft"})) throw ApiError("bad_field", "status " + w.status);
  if (!one_of(w.msg_type, {"Alert", "Update", "Cancel", "Ack", "Error"})) throw ApiError("bad_field", "msgType " + w.msg_type);
  if (!one_of(w.scope, {"Public", "Restricted", "Private"})) throw ApiError("bad_field", "scope " + w.scope);
  for (const auto& r : w.references)
    if (r.empty() || r.find_first_of(" \t\r\n") != std::string::npos) throw ApiError("bad_field", "references");
}

bool uri_ok(const std::string& s) {
  if (s.empty() || s.find_first_of(" \t\r\n<>\"") != std::string::npos) return false;
  xmlURIPtr u = xmlParseURI(s.c_str());
  if (!u) return false;
  xmlFreeURI(u);
  return true;
}

// The info block in `lang` ("zh" or "en") the warning already has, if any.
const Info* info_in(const Warning& w, const std::string& prefix) {
  for (const auto& i : w.infos)
    if (i.language.rfind(prefix, 0) == 0) return &i;
  return nullptr;
}

std::string or_default(const Info* i, std::string Info::*field, const std::string& fallback) {
  return i && !(i->*field).empty() ? i->*field : fallback;
}

void write_info(std::string& out, const Warning& w, bool zh, const ExportOptions& opt) {
  const Info* src = info_in(w, zh ? "zh" : "en");
  std::string type = type_known(w.type) ? w.type : "other";
  std::string tname = type_name(type, zh), cname = colour_name(w.colour, zh);
  // The colour is part of what the event is (台风红色预警): a receiver that reads only <event> (a
  // broadcast caption, an SMS gateway) must not lose it.
  std::string event = zh ? tname + cname + "预警" : tname + (cname.empty() ? "" : " " + cname) + " warning";
  std::string headline = event;
  if (w.msg_type == "Cancel") headline = zh ? "解除" + headline : "Cancelled: " + headline;
  out += "  <info>\n";
  element(out, "    ", "language", zh ? "zh-CN" : "en");
  element(out, "    ", "category", category_for_type(type));
  element(out, "    ", "event", event);
  if (src)
    for (const auto& r : src->response_types)
      if (one_of(r, {"Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None"}))
        element(out, "    ", "responseType", r);
  std::string urgency = src && one_of(src->urgency, {"Immediate", "Expected", "Future", "Past", "Unknown"})
                            ? src->urgency
                            : (w.colour == "red" || w.colour == "orange" ? "Immediate" : "Expected");
  std::string certainty = src && one_of(src->certainty, {"Observed", "Likely", "Possible", "Unlikely", "Unknown"})
                              ? src->certainty
                              : "Likely";
  element(out, "    ", "urgency", urgency);
  element(out, "    ", "severity", severity_for_colour(w.colour));
  element(out, "    ", "certainty", certainty);
  pair_element(out, "    ", "eventCode", {kTypeCodeName, type});
  if (w.onset) element(out, "    ", "onset", format_cap_time(*w.onset, opt.utc_offset_minutes));
  if (w.expires) element(out, "    ", "expires", format_cap_time(*w.expires, opt.utc_offset_minutes));
  element(out, "    ", "senderName", or_default(src, &Info::sender_name, w.department.empty() ? w.sender : w.department));
  element(out, "    ", "headline", or_default(src, &Info::headline, headline));
  if (src && !src->description.empty()) element(out, "    ", "description", src->description);
  if (src && !src->instruction.empty()) element(out, "    ", "instruction", src->instruction);
  if (src && uri_ok(src->web)) element(out, "    ", "web", src->web);
  if (src && !src->contact.empty()) element(out, "    ", "contact", src->contact);
  if (!w.colour.empty()) pair_element(out, "    ", "parameter", {kColourParamName, w.colour});
  std::vector<const Area*> written;  // each area once, however many messages repeated it
  for (const auto& a : w.areas) {
    if (std::any_of(written.begin(), written.end(), [&](const Area* b) { return *b == a; })) continue;
    written.push_back(&a);
    out += "    <area>\n";
    element(out, "      ", "areaDesc", a.desc);
    for (const auto& p : a.polygons) element(out, "      ", "polygon", p);
    for (const auto& c : a.circles) element(out, "      ", "circle", c);
    for (const auto& g : a.geocodes) pair_element(out, "      ", "geocode", g);
    out += "    </area>\n";
  }
  out += "  </info>\n";
}

void write_alert(std::string& out, const Warning& w, const ExportOptions& opt) {
  check_header(w);
  out += "<alert xmlns=\"";
  out += kCapNamespace;
  out += "\">\n";
  element(out, "  ", "identifier", w.identifier);
  element(out, "  ", "sender", w.sender);
  element(out, "  ", "sent", format_cap_time(w.sent, opt.utc_offset_minutes));
  element(out, "  ", "status", w.status);
  element(out, "  ", "msgType", w.msg_type);
  if (!w.source.empty()) element(out, "  ", "source", w.source);
  element(out, "  ", "scope", w.scope);
  if (!w.restriction.empty()) element(out, "  ", "restriction", w.restriction);
  if (!w.addresses.empty()) element(out, "  ", "addresses", w.addresses);
  if (!w.note.empty()) element(out, "  ", "note", w.note);
  if (!w.references.empty()) {
    std::string refs;
    for (const auto& r : w.references) refs += (refs.empty() ? "" : " ") + r;
    element(out, "  ", "references", refs);
  }
  write_info(out, w, true, opt);
  write_info(out, w, false, opt);
  out += "</alert>\n";
}

}  // namespace

std::string format_cap_time(int64_t utc_ms, int offset_minutes) {
  int64_t secs_ms = utc_ms - ((utc_ms % 1000) + 1000) % 1000;  // floor to whole seconds
  std::string local = format_rfc3339_ms(secs_ms + static_cast<int64_t>(offset_minutes) * 60000);
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char tz[8];
  std::snprintf(tz, sizeof tz, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', off / 60 % 100, off % 60);
  return local.substr(0, 19) + tz;
}

std::string export_cap(const Warning& w, const ExportOptions& opt) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  write_alert(out, w, opt);
  return out;
}

Warning notice_to_warning(const IncidentNotice& n) {
  Warning w;
  w.identifier = n.id;
  w.sender = n.sender;
  w.sent = n.sent;
  w.status = n.exercise ? "Exercise" : "Actual";
  w.department = n.sender_name_zh;
  w.type = type_known(n.type) ? n.type : "other";
  // Response level I..IV shown with the warning colours of the same rank (I red ... IV blue).
  static const char* by_level[] = {"", "red", "orange", "yellow", "blue"};
  w.colour = n.level >= 1 && n.level <= 4 ? by_level[n.level] : "";
  w.areas = n.areas;
  Info zh, en;
  zh.language = "zh-CN";
  zh.sender_name = n.sender_name_zh;
  zh.headline = n.headline_zh;
  zh.description = n.description_zh;
  zh.instruction = n.instruction_zh;
  en.language = "en";
  en.sender_name = n.sender_name_en;
  en.headline = n.headline_en;
  en.description = n.description_en;
  en.instruction = n.instruction_en;
  w.infos = {zh, en};
  return w;
}

std::string export_atom(const std::vector<Warning>& alerts, const FeedOptions& opt) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, "  ", "id", opt.feed_id);
  element(out, "  ", "title", opt.title);
  element(out, "  ", "updated", format_cap_time(opt.updated, opt.cap.utc_offset_minutes));
  out += "  <author><name>Lifeline</name></author>\n";
  if (!opt.self_url.empty()) out += "  <link rel=\"self\" href=\"" + xml_escape(opt.self_url) + "\"/>\n";
  for (const auto& w : alerts) {
    const Info* zh = info_in(w, "zh");
    std::string title = zh && !zh->headline.empty()
                            ? zh->headline
                            : type_name(type_known(w.type) ? w.type : "other", true) + colour_name(w.colour, true) + "预警";
    out += "  <entry>\n";
    element(out, "    ", "id", "urn:lifeline:cap:" + w.sender + ":" + w.identifier);
    element(out, "    ", "title", title);
    element(out, "    ", "updated", format_cap_time(w.sent, opt.cap.utc_offset_minutes));
    out += "    <content type=\"application/cap+xml\">\n";
    write_alert(out, w, opt.cap);
    out += "    </content>\n  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace lifeline::cap
