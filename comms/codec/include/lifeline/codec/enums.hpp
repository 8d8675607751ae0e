// Enumerations carried as small integers on the compact wire; snake_case names on the JSON side
// (schema/enums.json, DECISIONS "Wire format"). The integer values are the wire values: append only.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace lifeline::codec {

enum class Kind : uint8_t { order = 0, position = 1, receipt = 2, report = 3, text = 4, dict_update = 5,
                            fragment = 6 };
enum class Precedence : uint8_t { flash = 0, immediate = 1, priority = 2, routine = 3 };
enum class TaskType : uint8_t { evacuate = 0, preposition, rescue, deliver, patrol, reinforce_dike,
                                fire_suppression, checkpoint, medical, traffic_control, search, stand_down };
enum class TaskStatus : uint8_t { ordered = 0, acknowledged, en_route, on_scene, returning, done, failed,
                                  cancelled };
enum class Readiness : uint8_t { available = 0, standby, deployed, off_duty };
enum class DeliveryState : uint8_t { queued = 0, sent, delivered, read, failed, expired };
enum class Answer : uint8_t { none = 0, accept = 1, reject = 2 };
enum class RejectReason : uint8_t { none = 0, busy, no_capacity, unsafe, out_of_area, no_equipment, other };
enum class DictTable : uint8_t { team = 0, incident = 1, place = 2, phrase = 3, item = 4 };

inline constexpr int kTaskTypeCount = 12;

std::string_view name(Kind);
std::string_view name(Precedence);
std::string_view name(TaskType);
std::string_view name(TaskStatus);
std::string_view name(Readiness);
std::string_view name(DeliveryState);
std::string_view name(Answer);
std::string_view name(RejectReason);
std::string_view name(DictTable);

// Parse a snake_case name (precedence also accepts the corpus' upper case). nullopt if unknown.
template <class E>
std::optional<E> parse(std::string_view text);

}  // namespace lifeline::codec
