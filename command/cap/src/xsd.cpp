// The embedded CAP 1.2 XSD, compiled once and shared (a parsed xmlSchema is read-only; each
// validation gets its own context).
#include "lifeline/cap/xsd.hpp"

#include <libxml/xmlschemas.h>

#include <mutex>
#include <stdexcept>

#include "lifeline/api_error.hpp"
#include "safe_xml.hpp"

namespace lifeline::cap {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_cap_files();  // generated

std::string_view cap_xsd_text() {
  for (const auto& [name, text] : embedded_cap_files())
    if (name == "CAP-v1.2.xsd") return text;
  throw std::logic_error("CAP-v1.2.xsd not embedded");
}

namespace detail {

namespace {

void collect(void* data, xmlErrorPtr e) {
  if (!e) return;
  std::string m = e->message ? e->message : "invalid";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  static_cast<std::vector<std::string>*>(data)->push_back("line " + std::to_string(e->line) + ": " + m);
}

xmlSchemaPtr compiled_schema() {
  static xmlSchemaPtr schema = [] {
    xmlInitParser();
    auto text = cap_xsd_text();
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(text.data(), static_cast<int>(text.size()));
    std::vector<std::string> errors;
    xmlSchemaSetParserStructuredErrors(pc, collect, &errors);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!s) throw std::logic_error("embedded CAP XSD does not compile");
    return s;
  }();
  return schema;
}

}  // namespace

std::vector<std::string> validate_against_xsd(xmlDoc* doc) {
  std::vector<std::string> errors;
  xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(compiled_schema());
  if (!vc) throw ApiError("internal", "schema validation context");
  xmlSchemaSetValidStructuredErrors(vc, collect, &errors);
  int rc = xmlSchemaValidateDoc(vc, doc);
  xmlSchemaFreeValidCtxt(vc);
  if (rc != 0 && errors.empty()) errors.push_back("line 0: not valid against CAP-v1.2.xsd");
  return errors;
}

}  // namespace detail

std::vector<std::string> xsd_errors(std::string_view xml) {
  auto doc = detail::parse_safely(xml, SIZE_MAX);
  return detail::validate_against_xsd(doc.get());
}

}  // namespace lifeline::cap
