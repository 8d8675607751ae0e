// Names of the wire enumerations (the JSON side's snake_case values).
#include "lifeline/codec/enums.hpp"

#include <array>
#include <cctype>
#include <string>

namespace lifeline::codec {
namespace {

constexpr std::array<std::string_view, 7> kKinds{"order", "position", "receipt", "report", "text",
                                                 "dict_update", "fragment"};
constexpr std::array<std::string_view, 4> kPrecedence{"flash", "immediate", "priority", "routine"};
constexpr std::array<std::string_view, 12> kTaskTypes{
    "evacuate", "preposition", "rescue", "deliver", "patrol", "reinforce_dike", "fire_suppression",
    "checkpoint", "medical", "traffic_control", "search", "stand_down"};
constexpr std::array<std::string_view, 8> kTaskStatus{"ordered", "acknowledged", "en_route", "on_scene",
                                                      "returning", "done", "failed", "cancelled"};
constexpr std::array<std::string_view, 4> kReadiness{"available", "standby", "deployed", "off_duty"};
constexpr std::array<std::string_view, 6> kDelivery{"queued", "sent", "delivered", "read", "failed", "expired"};
constexpr std::array<std::string_view, 3> kAnswer{"none", "accept", "reject"};
constexpr std::array<std::string_view, 7> kReasons{"none", "busy", "no_capacity", "unsafe", "out_of_area",
                                                   "no_equipment", "other"};
constexpr std::array<std::string_view, 5> kTables{"team", "incident", "place", "phrase", "item"};

template <class E, size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < N; ++i)
    if (names[i] == lower) return static_cast<E>(i);
  return std::nullopt;
}
template <size_t N, class E>
std::string_view at(const std::array<std::string_view, N>& names, E e) {
  const auto i = static_cast<size_t>(e);
  return i < N ? names[i] : std::string_view("unknown");
}

}  // namespace

std::string_view name(Kind e) { return at(kKinds, e); }
std::string_view name(Precedence e) { return at(kPrecedence, e); }
std::string_view name(TaskType e) { return at(kTaskTypes, e); }
std::string_view name(TaskStatus e) { return at(kTaskStatus, e); }
std::string_view name(Readiness e) { return at(kReadiness, e); }
std::string_view name(DeliveryState e) { return at(kDelivery, e); }
std::string_view name(Answer e) { return at(kAnswer, e); }
std::string_view name(RejectReason e) { return at(kReasons, e); }
std::string_view name(DictTable e) { return at(kTables, e); }

template <> std::optional<Kind> parse<Kind>(std::string_view t) { return lookup<Kind>(kKinds, t); }
template <> std::optional<Precedence> parse<Precedence>(std::string_view t) { return lookup<Precedence>(kPrecedence, t); }
template <> std::optional<TaskType> parse<TaskType>(std::string_view t) { return lookup<TaskType>(kTaskTypes, t); }
template <> std::optional<TaskStatus> parse<TaskStatus>(std::string_view t) { return lookup<TaskStatus>(kTaskStatus, t); }
template <> std::optional<Readiness> parse<Readiness>(std::string_view t) { return lookup<Readiness>(kReadiness, t); }
template <> std::optional<DeliveryState> parse<DeliveryState>(std::string_view t) { return lookup<DeliveryState>(kDelivery, t); }
template <> std::optional<Answer> parse<Answer>(std::string_view t) { return lookup<Answer>(kAnswer, t); }
template <> std::optional<RejectReason> parse<RejectReason>(std::string_view t) { return lookup<RejectReason>(kReasons, t); }
template <> std::optional<DictTable> parse<DictTable>(std::string_view t) { return lookup<DictTable>(kTables, t); }

}  // namespace lifeline::codec
