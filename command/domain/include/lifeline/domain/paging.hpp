// Lists in pages: no list answer is cut short without saying so. A list op reads `cursor?` and
// `limit?` (1–1000, default 200) and answers its rows with `next_cursor`: null when the list is
// complete, else the value to pass as `cursor` for the rows that follow (schema/protocol.md §4a).
// Rows are the ones the caller may read (schema/scope.json), in a stable order: a time column,
// then id.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

struct PageQuery {
  std::string select = "*";   // the columns (must include `order_by` and id)
  std::string table;          // a projection table
  std::string where = "1=1";  // the op's filters, with `?` for params
  json params = json::array();
  std::string order_by;       // an INTEGER time column (UTC ms)
  bool ascending = false;     // newest first unless asked
  std::string scope_kind;     // schema/scope.json kind of each row
};

struct PageRequest {
  std::optional<std::string> cursor;
  int64_t limit = 200;
};

// Reads `cursor` and `limit` from the op's body (bad_field on a malformed cursor).
PageRequest read_page_request(BodyReader& r);

struct Page {
  json rows = json::array();
  json next_cursor;  // null: nothing follows
};

Page read_page(OpContext& ctx, const PageQuery& q, const PageRequest& req);

}  // namespace lifeline::domain
