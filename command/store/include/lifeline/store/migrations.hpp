// Applies schema/migrations/*.sql (embedded) in name order, each in its own transaction, and refuses a
// database that has migrations this binary does not know (it was written by a newer version).
#pragma once
#include "lifeline/store/sqlite_db.hpp"

namespace lifeline::store {

// Returns how many migrations were applied now.
int apply_migrations(SqliteDb& db, int64_t now_ms);

}  // namespace lifeline::store
