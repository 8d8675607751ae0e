// "That unit and the units below it", as the supplies lists filter by a unit: a condition on a
// column holding a unit id, with the unit bound as its one parameter. One spelling for the device
// ledger, the monitoring points and the enterprise files.
#pragma once
#include <string>

namespace lifeline::supplies {

inline std::string in_unit_subtree(const std::string& column) {
  return column + " IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) "
                  "SELECT id FROM sub)";
}

}  // namespace lifeline::supplies
