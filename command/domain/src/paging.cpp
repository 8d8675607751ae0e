#include "lifeline/domain/paging.hpp"

#include <regex>

#include "lifeline/api_error.hpp"

namespace lifeline::domain {

namespace {

constexpr int64_t kMaxLimit = 1000;
// Rows scanned for one page at most: a caller who may read few of many rows gets a short page
// and a cursor rather than a scan of the whole table.
constexpr int kMaxRounds = 20;

struct Position {
  int64_t at = 0;
  std::string id;
};

std::string encode(const Position& p) { return std::to_string(p.at) + "|" + p.id; }

Position decode(const std::string& cursor) {
  static const std::regex shape(R"(^(-?\d{1,19})\|([A-Za-z0-9._:/-]{1,128})$)");
  std::smatch m;
  if (!std::regex_match(cursor, m, shape))
    throw ApiError("bad_field", "cursor: pass back a next_cursor of this list", "cursor：请原样传回本列表返回的 next_cursor");
  try {
    return {std::stoll(m[1].str()), m[2].str()};
  } catch (const std::exception&) {
    throw ApiError("bad_field", "cursor", "cursor");
  }
}

}  // namespace

PageRequest read_page_request(BodyReader& r) {
  PageRequest req;
  req.cursor = r.opt_str("cursor", 160);
  if (req.cursor) decode(*req.cursor);  // refuse a malformed one before anything runs
  req.limit = r.opt_integer("limit", 1, kMaxLimit).value_or(200);
  return req;
}

Page read_page(OpContext& ctx, const PageQuery& q, const PageRequest& req) {
  const std::string cmp = q.ascending ? ">" : "<";
  const std::string dir = q.ascending ? "ASC" : "DESC";
  const int64_t batch = req.limit + 1;
  std::optional<Position> pos;
  if (req.cursor) pos = decode(*req.cursor);
  Page page;
  std::optional<Position> last_included;
  bool more = false, exhausted = false;
  for (int round = 0; round < kMaxRounds && !more && !exhausted; ++round) {
    std::string sql = "SELECT " + q.select + " FROM " + q.table + " WHERE (" + q.where + ")";
    json params = q.params;
    if (pos) {
      sql += " AND (" + q.order_by + " " + cmp + " ? OR (" + q.order_by + " = ? AND id " + cmp + " ?))";
      params.push_back(pos->at);
      params.push_back(pos->at);
      params.push_back(pos->id);
    }
    sql += " ORDER BY " + q.order_by + " " + dir + ", id " + dir + " LIMIT " + std::to_string(batch);
    auto rows = ctx.store().query(sql, params);
    exhausted = static_cast<int64_t>(rows.size()) < batch;
    for (auto& row : rows) {
      Position here{row[q.order_by].is_number_integer() ? row[q.order_by].get<int64_t>() : 0, row["id"].get<std::string>()};
      pos = here;
      if (!ctx.scope().sees(q.scope_kind, row)) continue;
      if (static_cast<int64_t>(page.rows.size()) == req.limit) {
        more = true;  // a readable row beyond this page
        break;
      }
      page.rows.push_back(std::move(row));
      last_included = here;
    }
  }
  if (more) page.next_cursor = encode(*last_included);
  else if (!exhausted && pos) page.next_cursor = encode(*pos);  // scanned as far as one page may
  return page;
}

}  // namespace lifeline::domain
