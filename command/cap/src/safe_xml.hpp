// Internal: the one safe way this library turns bytes into a libxml2 tree.
#pragma once
#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::cap::detail {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// Throws ApiError cap_too_large (over max_bytes), xml_dtd_refused (any DOCTYPE or entity
// declaration: the parser stops at it), bad_xml (not well-formed; detail "line N: reason").
// Never touches the network or the file system, never substitutes entities.
DocPtr parse_safely(std::string_view xml, std::size_t max_bytes);

// Errors of the CAP 1.2 XSD on a parsed document, as "line N: reason".
std::vector<std::string> validate_against_xsd(xmlDoc* doc);

// Whitespace-trimmed text content of an element.
std::string text_of(const xmlNode* n);

}  // namespace lifeline::cap::detail
