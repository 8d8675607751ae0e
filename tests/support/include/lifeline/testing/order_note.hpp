// The note an order carries to the team: the officer's note, then the members the team keeps back
// from a rescue (their comms test failed; command/delivery/src/task_orders.cpp), named from
// task.assign's `held_back`. The demo city's squads have some, so tests of orders to them expect it.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace lifeline::testing {

inline std::string order_note(const nlohmann::json& assigned, const std::string& note) {
  if (!assigned.contains("held_back") || assigned["held_back"].empty()) return note;
  std::string names;
  for (const auto& m : assigned["held_back"]) names += (names.empty() ? "" : "、") + m["name"].get<std::string>();
  if (note.empty()) return "通信考核未通过，不参加本次救援：" + names;
  return note + "（通信考核未通过，不参加本次救援：" + names + "）";
}

}  // namespace lifeline::testing
