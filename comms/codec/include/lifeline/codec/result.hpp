// Result<T>: a value or an error code from schema/errors.json (the codec never throws on bad input).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace lifeline::codec {

struct Error {
  std::string code;    // a key of schema/errors.json: bad_frame, bad_mac, duplicate, ...
  std::string detail;  // short, language-neutral (field names, values)
};

struct Ok {};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                           // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}                       // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(std::string code, std::string detail = {}) {
  return Error{std::move(code), std::move(detail)};
}

}  // namespace lifeline::codec
