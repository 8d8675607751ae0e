// Every connection holds a descriptor. At the process's open-files limit accept() fails and the
// accept loop retries at once, so the limit is raised as far as the system allows and the
// connection cap kept below it, leaving room for the databases, ZeroMQ and the logs.
#pragma once

namespace lifeline::server {

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
long raise_open_files_limit();

// The most WebSocket connections the server takes: `wanted`, lowered so that `reserve`
// descriptors stay free under `open_files_limit`.
int connection_cap(int wanted, long open_files_limit, long reserve = 256);

}  // namespace lifeline::server
