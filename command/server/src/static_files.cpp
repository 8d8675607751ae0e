#include "lifeline/server/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lifeline/log.hpp"

namespace lifeline::server {

namespace fs = std::filesystem;

std::string content_type_for(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".geojson") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".wav") return "audio/wav";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  if (root_.empty() || !fs::is_directory(root_, ec)) return;
  // The iterator does not descend into symlinked directories; symlinked files are skipped below.
  for (auto it = fs::recursive_directory_iterator(root_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    if (entry.is_symlink(ec) || !entry.is_regular_file(ec)) continue;
    if (entry.file_size(ec) > kMaxFileBytes) {
      log_warn("server", "console file too large to serve, left out", {{"path", entry.path().string()}});
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    auto rel = fs::relative(entry.path(), root_, ec).generic_string();
    if (ec || rel.empty()) continue;
    files_["/" + rel] = StaticFile{content_type_for(rel), body.str()};
  }
}

const StaticFile* StaticFiles::lookup(const std::string& url_path) const {
  auto it = files_.find(url_path == "/" ? "/index.html" : url_path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace lifeline::server
