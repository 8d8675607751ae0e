// Serves the console's static files. Only the regular files found under the root when the server
// starts are served (an allow-list, not a path join): no request path can name a file outside it,
// symlinks are not followed, and no file is read from disk while serving.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace lifeline::server {

struct StaticFile {
  std::string content_type;
  std::string body;
};

class StaticFiles {
 public:
  // Files larger than this are left out of the allow-list (the console has none near it).
  static constexpr size_t kMaxFileBytes = 8 << 20;

  // Reads every regular file below `root` (not through symlinks) into memory.
  explicit StaticFiles(std::string root);
  // "/" -> index.html; "/a/b.js" -> the file a/b.js found at start. nullopt for anything else.
  const StaticFile* lookup(const std::string& url_path) const;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::map<std::string, StaticFile> files_;  // "/a/b.js" -> content
};

std::string content_type_for(const std::string& path);

}  // namespace lifeline::server
