// CAP 1.2 import: safe parse -> root and namespace -> XSD -> tree to Warning -> prose rules of the
// CAP 1.2 specification the XSD cannot express (references, restriction/addresses, polygon shape).
#include "lifeline/cap/cap_import.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/gazetteer.hpp"
#include "lifeline/cap/warning_mapping.hpp"
#include "lifeline/time_format.hpp"
#include "safe_xml.hpp"

namespace lifeline::cap {

namespace {

using detail::text_of;

bool is_cap(const xmlNode* n, const char* name = nullptr) {
  return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         std::strcmp(reinterpret_cast<const char*>(n->ns->href), kCapNamespace) == 0 &&
         (!name || std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0);
}

std::vector<const xmlNode*> children(const xmlNode* n, const char* name) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (is_cap(c, name)) out.push_back(c);
  return out;
}

std::string child_text(const xmlNode* n, const char* name) {
  auto c = children(n, name);
  return c.empty() ? std::string{} : text_of(c.front());
}

[[noreturn]] void invalid(const xmlNode* at, const std::string& why, const std::string& why_zh) {
  std::string line = at ? "line " + std::to_string(xmlGetLineNo(at)) + ": " : "";
  throw ApiError("cap_invalid", line + why, line + why_zh);
}

int64_t time_of(const xmlNode* n) {
  auto t = parse_rfc3339(text_of(n));
  if (!t) invalid(n, "bad time " + text_of(n), "时间格式错误 " + text_of(n));
  return *t;
}

std::optional<int64_t> opt_time(const xmlNode* parent, const char* name) {
  auto c = children(parent, name);
  if (c.empty()) return std::nullopt;
  return time_of(c.front());
}

std::vector<ValuePair> pairs(const xmlNode* parent, const char* name) {
  std::vector<ValuePair> out;
  for (auto* c : children(parent, name)) out.push_back({child_text(c, "valueName"), child_text(c, "value")});
  return out;
}

// CAP 1.2 §3.2.1/3.2.4: identifier and sender must not contain spaces, commas or restricted
// characters (< and &).
void check_token(const xmlNode* n, const std::string& v, const char* what) {
  if (v.empty() || v.find_first_of(" \t\r\n,<&") != std::string::npos)
    invalid(n, std::string(what) + " must be non-empty without spaces, commas, < or &",
            std::string(what) + " 不能为空，且不能含空格、逗号、< 或 &");
}

std::vector<std::string> split_ws(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::strchr(" \t\r\n", s[i])) ++i;
    std::size_t b = i;
    while (i < s.size() && !std::strchr(" \t\r\n", s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

// §3.2.1 references: whitespace-delimited "sender,identifier,sent" triples.
std::vector<std::string> read_references(const xmlNode* n) {
  auto refs = split_ws(text_of(n));
  for (const auto& r : refs) {
    auto c1 = r.find(','), c2 = r.find(',', c1 == std::string::npos ? c1 : c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos || c1 == 0 || c2 == c1 + 1 ||
        !parse_rfc3339(r.substr(c2 + 1)))
      invalid(n, "reference is not sender,identifier,sent: " + r, "引用不是 sender,identifier,sent 格式：" + r);
  }
  return refs;
}

// §3.2.4 polygon: at least four pairs, first == last, WGS 84 ranges.
void check_polygon(const xmlNode* n, const std::string& text) {
  auto pts = parse_cap_polygon(text);
  if (pts.size() < 4 || pts.front() != pts.back())
    invalid(n, "polygon needs at least 4 lat,lon pairs and must be closed", "多边形至少 4 个坐标点且首尾相同");
  for (auto [lat, lon] : pts)
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
      invalid(n, "polygon point outside WGS 84 range", "多边形坐标超出 WGS 84 范围");
}

void check_circle(const xmlNode* n, const std::string& text) {
  auto parts = split_ws(text);
  bool ok = parts.size() == 2;
  if (ok) {
    auto pts = parse_cap_polygon(parts[0]);
    char* end = nullptr;
    double r = std::strtod(parts[1].c_str(), &end);
    ok = pts.size() == 1 && end && *end == '\0' && r >= 0 && std::abs(pts[0].first) <= 90 && std::abs(pts[0].second) <= 180;
  }
  if (!ok) invalid(n, "circle is not \"lat,lon radius\"", "圆形区域格式应为 \"纬度,经度 半径\"");
}

Area read_area(const xmlNode* a) {
  Area area;
  area.desc = child_text(a, "areaDesc");
  for (auto* p : children(a, "polygon")) {
    area.polygons.push_back(text_of(p));
    check_polygon(p, area.polygons.back());
  }
  for (auto* c : children(a, "circle")) {
    area.circles.push_back(text_of(c));
    check_circle(c, area.circles.back());
  }
  area.geocodes = pairs(a, "geocode");
  return area;
}

Info read_info(const xmlNode* n) {
  Info info;
  if (auto l = children(n, "language"); !l.empty()) info.language = text_of(l.front());
  for (auto* c : children(n, "category")) info.categories.push_back(text_of(c));
  info.event = child_text(n, "event");
  for (auto* c : children(n, "responseType")) info.response_types.push_back(text_of(c));
  info.urgency = child_text(n, "urgency");
  info.severity = child_text(n, "severity");
  info.certainty = child_text(n, "certainty");
  info.event_codes = pairs(n, "eventCode");
  info.effective = opt_time(n, "effective");
  info.onset = opt_time(n, "onset");
  info.expires = opt_time(n, "expires");
  info.sender_name = child_text(n, "senderName");
  info.headline = child_text(n, "headline");
  info.description = child_text(n, "description");
  info.instruction = child_text(n, "instruction");
  info.web = child_text(n, "web");
  info.contact = child_text(n, "contact");
  info.parameters = pairs(n, "parameter");
  for (auto* a : children(n, "area")) info.areas.push_back(read_area(a));
  return info;
}

void derive(Warning& w) {
  w.department = w.sender;
  w.type = "other";
  for (const auto& i : w.infos) {
    if (w.department == w.sender && !i.sender_name.empty()) w.department = i.sender_name;
    if (w.type == "other") w.type = type_of(i);
    auto c = colour_of(i);
    if (colour_rank(c) > colour_rank(w.colour)) w.colour = c;
    if (!w.onset) w.onset = i.onset ? i.onset : i.effective;
    if (!w.expires) w.expires = i.expires;
    for (const auto& a : i.areas)
      if (std::find(w.areas.begin(), w.areas.end(), a) == w.areas.end()) w.areas.push_back(a);
  }
}

}  // namespace

Warning import_cap(std::string_view xml, const ImportLimits& limits) {
  auto doc = detail::parse_safely(xml, limits.max_bytes);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) throw ApiError("bad_xml", "no root element", "没有根元素");
  const char* href = root->ns && root->ns->href ? reinterpret_cast<const char*>(root->ns->href) : "";
  if (std::strcmp(href, kCapNamespace) != 0)
    throw ApiError("cap_wrong_namespace",
                   "root namespace is \"" + std::string(href) + "\", expected " + kCapNamespace,
                   "根元素命名空间为 \"" + std::string(href) + "\"，应为 " + kCapNamespace);
  if (std::strcmp(reinterpret_cast<const char*>(root->name), "alert") != 0)
    throw ApiError("schema_invalid", "line " + std::to_string(xmlGetLineNo(root)) + ": root element is <" +
                                         reinterpret_cast<const char*>(root->name) + ">, expected <alert>");
  if (auto errors = detail::validate_against_xsd(doc.get()); !errors.empty())
    throw ApiError("schema_invalid", errors.front());

  Warning w;
  w.identifier = child_text(root, "identifier");
  check_token(children(root, "identifier").front(), w.identifier, "identifier");
  w.sender = child_text(root, "sender");
  check_token(children(root, "sender").front(), w.sender, "sender");
  w.sent = time_of(children(root, "sent").front());
  w.status = child_text(root, "status");
  w.msg_type = child_text(root, "msgType");
  w.source = child_text(root, "source");
  w.scope = child_text(root, "scope");
  w.restriction = child_text(root, "restriction");
  w.addresses = child_text(root, "addresses");
  w.note = child_text(root, "note");
  // §3.2.1: scope Restricted needs <restriction>, Private needs <addresses>.
  if (w.scope == "Restricted" && w.restriction.empty())
    invalid(root, "scope Restricted without <restriction>", "scope 为 Restricted 但没有 <restriction>");
  if (w.scope == "Private" && w.addresses.empty())
    invalid(root, "scope Private without <addresses>", "scope 为 Private 但没有 <addresses>");
  if (auto r = children(root, "references"); !r.empty()) w.references = read_references(r.front());
  // An Update, Cancel, Ack or Error is about earlier messages: zero references is invalid. (An
  // empty <references/> on an Alert, as Canada's NAAD feed publishes, refers to nothing: accepted.)
  if (w.msg_type != "Alert" && w.references.empty())
    invalid(root, "msgType " + w.msg_type + " needs <references> (zero references is invalid)",
            "msgType 为 " + w.msg_type + " 时必须有 <references>（不允许零个引用）");
  for (auto* i : children(root, "info")) w.infos.push_back(read_info(i));
  derive(w);
  return w;
}

}  // namespace lifeline::cap
