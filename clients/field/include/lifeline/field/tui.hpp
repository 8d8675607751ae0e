// The terminal UI for a person (ncurses): inbox with precedence colours and EXERCISE/演习 marking,
// read and acknowledge, report status, send a situation report, the team's tasks and deadlines.
#pragma once
#include <string>

namespace lifeline::field {

// Runs until the user quits; returns the exit code. Works on the local database only (the sync
// daemon, `lifeline-field run`, does the talking).
int run_tui(const std::string& db_path, const std::string& lang);

}  // namespace lifeline::field
