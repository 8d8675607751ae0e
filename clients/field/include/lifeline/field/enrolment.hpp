// Enrolment: log in once with the team member's credentials, keep the session token, the team's
// roster and ladder (the terminal address comes from the team's pdt/beidou/iridium rung), and make
// the device key the compact codec will MAC with. Stored in the local database's settings.
#pragma once
#include <string>

#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

struct EnrolOptions {
  std::string server_url, username, password;
  std::string ca_file;              // wss://: the only CA trusted for the command (PEM), kept with the enrolment
  std::string terminal_host = "127.0.0.1";
  int terminal_port = 0;            // 0: no terminal
  std::string terminal_channel = "pdt";
  std::string terminal_address;     // empty: from the team's ladder
};

// Throws FieldError("enrol_failed", why) and leaves any previous enrolment as it was.
json enrol(LocalDb& db, const EnrolOptions& options, int64_t now_ms);

// Milliseconds to add to the device clock (0 unless a sync found it far off).
int64_t clock_offset(LocalDb& db);

}  // namespace lifeline::field
