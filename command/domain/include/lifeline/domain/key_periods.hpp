// The key-period calendar (schema/key_periods.json): when the duty level is raised (Spring
// Festival, May Day, National Day, the flood and fire seasons …) and which leader-on-shift rules
// each level's roster follows, normally and in each period. Pure: every question takes the time
// it is asked about (the server's clock), never the wall clock.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::domain {

// One stretch of one period, e.g. the flood season of 2026: [start_ms, end_ms) in UTC ms from the
// local midnight of `from` to the local midnight after `to`.
struct KeyPeriodSpan {
  std::string period;              // flood_season
  std::string from, to;            // local dates, both included: 2026-06-01, 2026-09-30
  int64_t start_ms = 0, end_ms = 0;
  std::string name_zh, name_en;    // 主汛期, main flood season
  int readiness_percent = 100;
  std::map<std::string, std::vector<std::string>> rules;  // unit kind → rules added (leader_24h …)
  // The raise it holds while in force: key_period:<period>:<from>.
  std::string subject() const { return "key_period:" + period + ":" + from; }
};

struct DutyRuleName {
  std::string name_zh, name_en;
};

class KeyPeriodCalendar {
 public:
  static constexpr int64_t kLocalOffsetMs = 8LL * 3600 * 1000;  // dates are China Standard Time

  // Parses and checks a key_periods.json text; throws std::runtime_error naming the bad entry.
  static KeyPeriodCalendar parse(std::string_view text);
  // The calendar shipped in schema/key_periods.json.
  static const KeyPeriodCalendar& shipped();

  std::vector<KeyPeriodSpan> in_force(int64_t at_ms) const;
  // Spans that overlap [from_ms, to_ms), in start order.
  std::vector<KeyPeriodSpan> overlapping(int64_t from_ms, int64_t to_ms) const;
  std::optional<KeyPeriodSpan> find(const std::string& subject) const;
  // The first start or end strictly after `at_ms` (when the periods in force change), or INT64_MAX.
  int64_t next_change_after(int64_t at_ms) const;

  // The rules a roster of `unit_kind` (city, county, township) always follows.
  const std::vector<std::string>& baseline(const std::string& unit_kind) const;
  // A rule's name in both languages (round_the_clock, leader_24h, leader_daily).
  DutyRuleName rule_name(const std::string& rule) const;

 private:
  std::vector<KeyPeriodSpan> spans_;
  std::map<std::string, std::vector<std::string>> baseline_;
  std::map<std::string, DutyRuleName> rule_names_;
};

}  // namespace lifeline::domain
