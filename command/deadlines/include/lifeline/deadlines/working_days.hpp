// Working days for time limits such as "acceptance within 3 working days": Monday to Friday in
// China Standard Time (UTC+8). Public holidays and swapped weekends are not modelled (no calendar
// in the seeds); a deployment that needs them extends this one function.
#pragma once
#include <cstdint>

namespace lifeline::deadlines {

// The same local time of day `days` working days after `from_ms` (a weekend start counts from the
// next Monday 00:00 local).
int64_t add_working_days(int64_t from_ms, int days);

}  // namespace lifeline::deadlines
