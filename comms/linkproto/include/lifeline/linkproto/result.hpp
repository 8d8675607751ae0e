// A parse result: a value, or a short English reason why the input was refused. Parsers never throw
// on bad input; callers log `error` and drop the input.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace lifeline::linkproto {

template <class T>
struct Result {
  std::optional<T> value;
  std::string error;

  static Result ok(T v) { return Result{std::move(v), {}}; }
  static Result fail(std::string why) { return Result{std::nullopt, std::move(why)}; }
  explicit operator bool() const { return value.has_value(); }
  T& operator*() { return *value; }
  const T& operator*() const { return *value; }
  T* operator->() { return &*value; }
  const T* operator->() const { return &*value; }
};

}  // namespace lifeline::linkproto
