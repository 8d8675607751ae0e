#include "lifeline/server/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lifeline::server {

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {}

std::string content_type_for(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
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

std::optional<StaticFile> StaticFiles::lookup(const std::string& url_path) const {
  if (root_.empty() || url_path.empty() || url_path[0] != '/') return std::nullopt;
  if (url_path.find("..") != std::string::npos || url_path.find('\\') != std::string::npos ||
      url_path.find('\0') != std::string::npos || url_path.find('%') != std::string::npos)
    return std::nullopt;
  std::string rel = url_path == "/" ? "index.html" : url_path.substr(1);
  auto full = std::filesystem::path(root_) / rel;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(full, ec)) return std::nullopt;
  std::ifstream in(full, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  return StaticFile{content_type_for(rel), body.str()};
}

}  // namespace lifeline::server
