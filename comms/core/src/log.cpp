#include "lifeline/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "lifeline/clock.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline {

namespace {
LogLevel threshold() {
  static const LogLevel level = [] {
    const char* v = std::getenv("LIFELINE_LOG");
    if (!v) return LogLevel::info;
    if (!std::strcmp(v, "debug")) return LogLevel::debug;
    if (!std::strcmp(v, "warn")) return LogLevel::warn;
    if (!std::strcmp(v, "error")) return LogLevel::error;
    return LogLevel::info;
  }();
  return level;
}
std::mutex g_log_mutex;
}  // namespace

void log(LogLevel level, const std::string& component, const std::string& msg, const nlohmann::json& fields) {
  if (level < threshold()) return;
  static const char* names[] = {"debug", "info", "warn", "error"};
  nlohmann::json line = {{"at", format_rfc3339_ms(SystemClock().now_ms())},
                         {"level", names[static_cast<int>(level)]},
                         {"component", component},
                         {"msg", msg}};
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) line[k] = v;
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_log_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace lifeline
