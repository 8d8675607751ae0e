// journal.list: the significant events the caller may read, newest first, filtered by incident,
// shift or time, group and text, a page at a time (schema/journal.md).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/journal/journal.hpp"

namespace lifeline::journal {

using domain::BodyReader;
using domain::OpContext;

namespace {

constexpr int64_t kWindow = 2000;  // events examined per round: a range of seq, read by the key
constexpr int kMaxRounds = 5;      // a page examines at most 10,000 events, then answers with a cursor

std::vector<std::string> read_groups(BodyReader& r) {
  if (!r.has("kinds")) return groups();
  const auto& arr = r.array("kinds", groups().size());
  std::vector<std::string> out;
  for (const auto& g : arr) {
    if (!g.is_string() || std::find(groups().begin(), groups().end(), g.get<std::string>()) == groups().end())
      throw ApiError("bad_field", "body.kinds: each one of incident, level, order, receipt, message, warning, consultation, deadline, duty",
                     "body.kinds：只能是 incident、level、order、receipt、message、warning、consultation、deadline、duty");
    out.push_back(g);
  }
  if (out.empty()) throw ApiError("bad_field", "body.kinds: at least one group", "body.kinds：至少选一类");
  return out;
}

int64_t read_cursor(const std::optional<std::string>& cursor) {
  if (!cursor) return INT64_MAX;
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), seq);
  if (cursor->empty() || ec != std::errc() || end != cursor->data() + cursor->size() || seq < 0)
    throw ApiError("bad_field", "cursor: pass back a next_cursor of this list", "cursor：请原样传回本列表返回的 next_cursor");
  return seq;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

json journal_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto incident_id = r.opt_id("incident_id");
  auto shift_id = r.opt_id("shift_id");
  auto from = r.opt_time("from");
  auto to = r.opt_time("to");
  auto wanted = read_groups(r);
  auto q = r.opt_str("q", 100);
  auto cursor = r.opt_str("cursor", 24);
  auto limit = r.opt_integer("limit", 1, 1000).value_or(200);
  r.finish();
  auto before = read_cursor(cursor);
  if (shift_id && (from || to))
    throw ApiError("bad_field", "body.shift_id or body.from/to, not both", "按班次或按时间段查询，二者择一");
  if (from && to && *to <= *from) throw ApiError("bad_field", "body.to must be after body.from", "结束时间必须晚于开始时间");
  if (incident_id) ctx.must_find("incidents", *incident_id);
  if (shift_id) {
    auto shift = ctx.must_find("shifts", *shift_id);
    from = shift["starts_at"].get<int64_t>();
    to = shift["ends_at"].get<int64_t>();
  }
  std::string needle = q ? lower(*q) : std::string();
  if (q && needle.find_first_not_of(" \t") == std::string::npos) needle.clear();

  EntryWriter writer(ctx);
  std::string where = "kind IN (SELECT value FROM json_each(?))";
  json params = json::array({json(kinds_of(wanted)).dump()});
  if (incident_id) {
    where += " AND subject IN (SELECT value FROM json_each(?))";
    params.push_back(writer.related_ids(*incident_id).dump());
  }
  if (from) where += " AND at >= ?", params.push_back(*from);
  if (to) where += " AND at < ?", params.push_back(*to);

  // The entry the caller may read, if it is significant, in scope and matches q.
  auto visible = [&](const store::Event& e) -> std::optional<json> {
    auto group = group_of(e, e.kind.rfind("bus.", 0) == 0         ? writer.message_kind(e.subject)
                             : e.kind.rfind("deadline.", 0) == 0 ? writer.deadline_kind(e.subject)
                                                                 : std::string());
    if (!group || !ctx.scope().sees(e)) return std::nullopt;
    auto entry = writer.entry(e, *group);
    if (!needle.empty() && EntryWriter::haystack(entry).find(needle) == std::string::npos) return std::nullopt;
    return entry;
  };
  json entries = json::array();
  int64_t last_scanned = before;
  bool more = false, exhausted = false;
  // The first round starts at the newest event (or the cursor); each examines one window of seq.
  if (last_scanned == INT64_MAX) {
    auto top = ctx.store().query_one("SELECT COALESCE(MAX(seq), 0) + 1 AS top FROM events");
    last_scanned = top["top"].get<int64_t>();
  }
  for (int round = 0; round < kMaxRounds && !more && !exhausted; ++round) {
    const int64_t floor = std::max<int64_t>(0, last_scanned - kWindow);
    json p = params;
    p.push_back(last_scanned);
    p.push_back(floor);
    auto rows = ctx.store().query("SELECT seq, at, actor, kind, subject, channel, body FROM events WHERE " + where +
                                      " AND seq < ? AND seq >= ? ORDER BY seq DESC",
                                  p);
    exhausted = floor <= 1;  // seq starts at 1: nothing older is left
    last_scanned = floor;    // unless the page fills first (below)
    for (const auto& row : rows) {
      store::Event e;
      e.seq = row["seq"];
      e.at = row["at"];
      e.actor = row["actor"];
      e.realm = ctx.realm();
      e.kind = row["kind"];
      e.subject = row["subject"];
      e.channel = row["channel"];
      e.body = json::parse(row["body"].get<std::string>(), nullptr, false);
      auto entry = visible(e);
      if (!entry) continue;
      if (static_cast<int64_t>(entries.size()) == limit) {
        more = true;  // one more the caller may read: this page ends at the last one shown
        break;
      }
      entries.push_back(std::move(*entry));
    }
  }
  json next = nullptr;
  if (more) next = std::to_string(entries.back()["seq"].get<int64_t>());
  else if (!exhausted) next = std::to_string(last_scanned);  // scanned as far as one page may
  return {{"entries", entries}, {"next_cursor", next}};
}

}  // namespace

void register_journal_ops(domain::OpRegistry& r) { r.add("journal.list", journal_list, false); }

}  // namespace lifeline::journal
