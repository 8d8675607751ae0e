#include "xml_utf8.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>

#include "lifeline/api_error.hpp"

namespace lifeline::warnings {

std::string xml_as_utf8(const std::string& xml) {
  if (xmlCheckUTF8(reinterpret_cast<const xmlChar*>(xml.c_str()))) return xml;
  // No network, no DTD, no entities: import_cap refused any DOCTYPE before we get here.
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "cap.xml", nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) throw ApiError("bad_xml", "document cannot be read as text", "文档无法转换为文本");
  xmlChar* out = nullptr;
  int len = 0;
  xmlDocDumpMemoryEnc(doc, &out, &len, "UTF-8");
  xmlFreeDoc(doc);
  if (!out) throw ApiError("bad_xml", "document cannot be converted to UTF-8", "文档无法转换为 UTF-8");
  std::string text(reinterpret_cast<const char*>(out), static_cast<size_t>(len));
  xmlFree(out);
  return text;
}

}  // namespace lifeline::warnings
