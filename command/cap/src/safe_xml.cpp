// Safe XML parsing for CAP. libxml2 is driven by hand (not xmlReadMemory) so the DOCTYPE hook is in
// place before the first byte: a DOCTYPE is where billion-laughs and XXE payloads live, and CAP never
// needs one, so the parser is stopped there rather than trusted to expand entities carefully.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <mutex>

#include "lifeline/api_error.hpp"
#include "safe_xml.hpp"

namespace lifeline::cap::detail {

namespace {

struct ParseState {
  bool doctype = false;
  std::string first_error;
  int error_line = 0;
};

ParseState& state_of(void* ctx) {
  return *static_cast<ParseState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void refuse_subset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  state_of(ctx).doctype = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void refuse_entity(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  state_of(ctx).doctype = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

std::string trimmed(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

void collect_parse_error(void* ctx, xmlErrorPtr e) {
  if (!ctx || !e) return;
  auto& st = state_of(ctx);
  if (st.first_error.empty() && e->code != XML_ERR_USER_STOP) {
    st.first_error = trimmed(e->message);
    st.error_line = e->line;
  }
}

void init_once() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const {
    if (c->myDoc) xmlFreeDoc(c->myDoc);
    c->myDoc = nullptr;
    xmlFreeParserCtxt(c);
  }
};

}  // namespace

DocPtr parse_safely(std::string_view xml, std::size_t max_bytes) {
  init_once();
  if (xml.size() > max_bytes)
    throw ApiError("cap_too_large", std::to_string(xml.size()) + " > " + std::to_string(max_bytes) + " bytes");
  if (xml.empty()) throw ApiError("bad_xml", "empty document", "空文档");
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) throw ApiError("cap_too_large", "over 2 GiB");
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlCreateMemoryParserCtxt(xml.data(), static_cast<int>(xml.size())));
  if (!ctxt) throw ApiError("bad_xml", "parser could not start", "解析器无法启动");
  // NONET: no fetching; no NOENT: entities are never substituted; no DTDLOAD/DTDATTR/XINCLUDE.
  xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ParseState st;
  ctxt->_private = &st;
  ctxt->sax->internalSubset = refuse_subset;
  ctxt->sax->externalSubset = refuse_subset;
  ctxt->sax->entityDecl = refuse_entity;
  ctxt->sax->serror = collect_parse_error;
  ctxt->vctxt.error = nullptr;
  ctxt->vctxt.warning = nullptr;
  xmlParseDocument(ctxt.get());
  if (st.doctype)
    throw ApiError("xml_dtd_refused", "DOCTYPE/ENTITY declarations are not accepted (entity expansion, external entities)",
                   "不接受 DOCTYPE/ENTITY 声明（实体膨胀、外部实体）");
  if (!ctxt->wellFormed || !ctxt->myDoc) {
    std::string why = st.first_error.empty() ? "not well-formed" : st.first_error;
    throw ApiError("bad_xml", "line " + std::to_string(st.error_line) + ": " + why);
  }
  DocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  return doc;
}

std::string text_of(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string s = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  std::size_t b = 0, e = s.size();
  while (b < e && ws(s[b])) ++b;
  while (e > b && ws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

}  // namespace lifeline::cap::detail
