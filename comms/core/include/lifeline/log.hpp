// Structured logs: one JSON object per line on stderr ({"at","level","component","msg",...fields}).
// Thread-safe; LIFELINE_LOG=debug|info|warn|error sets the threshold (default info).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace lifeline {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

void log(LogLevel level, const std::string& component, const std::string& msg,
         const nlohmann::json& fields = nlohmann::json::object());
inline void log_info(const std::string& c, const std::string& m, const nlohmann::json& f = nlohmann::json::object()) {
  log(LogLevel::info, c, m, f);
}
inline void log_warn(const std::string& c, const std::string& m, const nlohmann::json& f = nlohmann::json::object()) {
  log(LogLevel::warn, c, m, f);
}
inline void log_error(const std::string& c, const std::string& m, const nlohmann::json& f = nlohmann::json::object()) {
  log(LogLevel::error, c, m, f);
}

}  // namespace lifeline
