#include "lifeline/store/event.hpp"

#include "lifeline/time_format.hpp"

namespace lifeline::store {

nlohmann::json Event::to_json() const {
  return {{"seq", seq},         {"at", format_rfc3339_ms(at)}, {"actor", actor}, {"realm", realm},
          {"kind", kind},       {"subject", subject},          {"channel", channel}, {"body", body}};
}

}  // namespace lifeline::store
