// Files of schema/ compiled into the binary (see cmake/Embed.cmake).
#pragma once
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace lifeline::schema {

using FileList = std::vector<std::pair<std::string_view, std::string_view>>;
// schema/migrations/*.sql, sorted by name (= by timestamp).
const FileList& migrations();
// schema/*.json and schema/*.toml (errors.json, enums.json, roles.json, rules.toml ...).
const FileList& documents();
std::optional<std::string_view> find_file(const FileList& files, std::string_view name);

}  // namespace lifeline::schema
