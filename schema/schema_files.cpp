#include "lifeline/schema_files.hpp"

namespace lifeline::schema {

std::optional<std::string_view> find_file(const FileList& files, std::string_view name) {
  for (const auto& [n, content] : files)
    if (n == name) return content;
  return std::nullopt;
}

}  // namespace lifeline::schema
