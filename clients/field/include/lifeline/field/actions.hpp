// What a person does on the handheld, shared by the CLI and the TUI: each writes the local state
// and the outbox in one transaction, so it works offline and the daemon sends it later.
#pragma once
#include <string>

#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

// The device's "now": wall clock corrected by the offset a sync found (clock far off).
int64_t device_now(LocalDb& db);

// Acknowledge (answer "accept") or reject an inbox message; returns the outbox id. Answering twice
// is refused (FieldError "already_answered").
std::string answer_message(LocalDb& db, const std::string& id_or_prefix, const std::string& answer, const std::string& reason);
void read_message(LocalDb& db, const std::string& id_or_prefix);
// task_id empty: the most recently ordered open task.
std::string report_status(LocalDb& db, const std::string& task_id, const std::string& status, const std::string& reason);
std::string send_report(LocalDb& db, const std::string& text, const std::string& task_id);
std::string report_position(LocalDb& db, double lat, double lon, int64_t fix_ms);

}  // namespace lifeline::field
