// "That unit and the units below it": a condition on a column holding a unit id, with the unit
// bound as its one parameter. One spelling for the supplies lists (device ledger, monitoring
// points, enterprise files) and the drills (a comms outage's area, the teams that join with a unit).
#pragma once
#include <string>

namespace lifeline::domain {

inline std::string in_unit_subtree(const std::string& column) {
  return column + " IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) "
                  "SELECT id FROM sub)";
}

}  // namespace lifeline::supplies
