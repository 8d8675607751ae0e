// Serves the console's static files from one directory, refusing any path that would leave it.
#pragma once
#include <optional>
#include <string>

namespace lifeline::server {

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // "/" -> index.html. nullopt for a missing file or a path with "..", a backslash or a NUL.
  std::optional<StaticFile> lookup(const std::string& url_path) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

std::string content_type_for(const std::string& path);

}  // namespace lifeline::server
