// The quarterly sampled look-back re-check (回头看, seed-digest §4 step 6): after a quarter ends the
// city draws a sample of the hazards closed in it (hazard.lookback_draw), re-checks each one and
// records ok or recurred (hazard.lookback_record); a recurred hazard is open again with 7 days to
// rectify. The draw is reproducible by anyone: candidates are ordered by the SHA-256 of
// "<seed>:<hazard id>" (lowercase hex, ascending) and the first ceil(population × rate ÷ 100) taken;
// the seed defaults to the quarter's name. The draw's event keeps the sample itself, so a replay
// never draws again.
#include <sodium.h>

#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) out += hex[c >> 4], out += hex[c & 15];
  return out;
}

json lookback_draw(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto quarter_name = r.opt_str("quarter", 7);
  auto rate = r.opt_integer("rate_percent", 1, 100).value_or(kDefaultLookbackRatePercent);
  auto seed_given = r.opt_str("seed", 64);
  r.finish();
  require_city_desk(ctx, "the look-back re-check", "回头看抽查");
  auto quarter = quarter_name ? quarter_named(*quarter_name) : quarter_before(quarter_at(ctx.now()));
  if (!quarter) throw ApiError("bad_field", "body.quarter (YYYY-Qn)", "body.quarter（格式 YYYY-Qn）");
  if (quarter->end_ms > ctx.now()) throw ApiError("lookback_quarter_not_over");
  if (!ctx.store().query_one("SELECT quarter FROM hazard_lookbacks WHERE quarter = ?", {quarter->name}).is_null())
    throw ApiError("lookback_already_drawn");
  const std::string seed = seed_given.value_or(quarter->name);
  auto closed = ctx.store().query("SELECT id FROM hazards WHERE status = 'closed' AND closed_at >= ? AND closed_at < ?",
                                  {quarter->start_ms, quarter->end_ms});
  std::vector<std::pair<std::string, std::string>> order;  // (hash, id)
  for (const auto& h : closed) {
    const auto id = h["id"].get<std::string>();
    order.emplace_back(sha256_hex(seed + ":" + id), id);
  }
  std::sort(order.begin(), order.end());
  const size_t population = order.size();
  const size_t n = (population * static_cast<size_t>(rate) + 99) / 100;  // ceil: at least one of any
  json sample = json::array();
  for (size_t i = 0; i < n && i < population; ++i) sample.push_back(order[i].second);
  ctx.emit("hazard.lookback_drawn", "lookback/" + quarter->name,
           {{"quarter", quarter->name}, {"rate_percent", rate}, {"seed", seed}, {"population", population}, {"sample", sample}});
  return {{"quarter", quarter->name}, {"rate_percent", rate}, {"seed", seed}, {"population", population}, {"sample", sample}};
}

json lookback_record(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto quarter = r.str("quarter", 7);
  auto hazard_id = r.id("hazard_id");
  auto result = r.one_of("result", {"ok", "recurred"});
  auto note = r.opt_str("note", 500).value_or("");
  r.finish();
  require_city_desk(ctx, "the look-back re-check", "回头看复查");
  auto h = ctx.must_find("hazards", hazard_id);
  auto item = ctx.store().query_one("SELECT result FROM hazard_lookback_items WHERE quarter = ? AND hazard_id = ?",
                                    {quarter, hazard_id});
  if (item.is_null()) throw ApiError("not_in_lookback");
  if (!item["result"].is_null()) throw ApiError("lookback_already_checked");
  if (result == "recurred" && note.empty())
    throw ApiError("missing_field", "body.note (what was found)", "body.note（须写明复查发现的问题）");
  ctx.emit("hazard.lookback_checked", hazard_id, {{"quarter", quarter}, {"result", result}, {"note", note}});
  // Found again: rectify again (seed-digest §4: "these must rectify again and the penalty is doubled").
  const bool reopened = result == "recurred" && h["status"] == "closed";
  if (reopened) reopen_hazard(ctx, h, {{"reason", note}, {"lookback", quarter}});
  return {{"quarter", quarter}, {"hazard_id", hazard_id}, {"result", result}, {"reopened", reopened}};
}

json lookback_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto quarter = r.opt_str("quarter", 7);
  r.finish();
  auto draws = quarter ? ctx.store().query("SELECT * FROM hazard_lookbacks WHERE quarter = ?", {*quarter})
                       : ctx.store().query("SELECT * FROM hazard_lookbacks ORDER BY quarter DESC");
  for (auto& d : draws) {
    auto items = ctx.readable_by("hazard", "hazard_id", ctx.store().query(
        "SELECT i.hazard_id, i.rank, i.result, i.note, i.checked_at, h.title, h.grade, h.status, h.unit_id, h.place_name, "
        "u.name AS unit_name, u.name_en AS unit_name_en FROM hazard_lookback_items i JOIN hazards h ON h.id = i.hazard_id "
        "LEFT JOIN units u ON u.id = h.unit_id WHERE i.quarter = ? ORDER BY i.rank", {d["quarter"]}));
    int checked = 0, recurred = 0;
    for (const auto& i : items) checked += !i["result"].is_null(), recurred += i["result"] == "recurred";
    d["items"] = items;
    // Re-check failure rate = failed ÷ sampled (seed-digest §10), over the rows the caller may read.
    d["recheck_failure"] = {{"numerator", recurred}, {"denominator", items.size()}};
    d["checked"] = checked;
  }
  return {{"lookbacks", draws}, {"default_rate_percent", kDefaultLookbackRatePercent}};
}

}  // namespace

void register_lookback_ops(domain::OpRegistry& r) {
  r.add("hazard.lookback_draw", lookback_draw);
  r.add("hazard.lookback_record", lookback_record);
  r.add("hazard.lookback_list", lookback_list, false);
}

}  // namespace lifeline::supplies
