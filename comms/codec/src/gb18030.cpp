// glibc iconv conversions, one converter pair per thread (iconv_t is not thread-safe).
#include "gb18030.hpp"

#include <iconv.h>

#include <cerrno>
#include <stdexcept>

namespace lifeline::codec::detail {
namespace {

class Converter {
 public:
  Converter(const char* to, const char* from) : cd_(iconv_open(to, from)) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open GB18030 failed");
  }
  ~Converter() { iconv_close(cd_); }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  std::optional<std::string> run(std::string_view in) {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset shift state
    std::string out(in.size() * 2 + 8, '\0');
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    char* dst = out.data();
    size_t dst_left = out.size();
    if (iconv(cd_, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1)) return std::nullopt;
    if (iconv(cd_, nullptr, nullptr, &dst, &dst_left) == static_cast<size_t>(-1)) return std::nullopt;
    out.resize(out.size() - dst_left);
    return out;
  }

 private:
  iconv_t cd_;
};

}  // namespace

std::optional<std::string> utf8_to_gb18030(std::string_view utf8) {
  thread_local Converter c("GB18030", "UTF-8");
  return c.run(utf8);
}

std::optional<std::string> gb18030_to_utf8(std::string_view gb) {
  thread_local Converter c("UTF-8", "GB18030");
  return c.run(gb);
}

}  // namespace lifeline::codec::detail
