#include "open_files_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace lifeline::server {

long raise_open_files_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  return lim.rlim_cur == RLIM_INFINITY ? 1L << 20 : static_cast<long>(lim.rlim_cur);
}

int connection_cap(int wanted, long open_files_limit, long reserve) {
  long room = std::max<long>(open_files_limit - reserve, 16);
  return static_cast<int>(std::min<long>(wanted, room));
}

}  // namespace lifeline::server
