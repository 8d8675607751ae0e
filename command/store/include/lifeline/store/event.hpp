// One accepted domain change: the unit of the event log and of replay.
#pragma once
#include <nlohmann/json.hpp>
#include <cstdint>
#include <set>
#include <string>

namespace lifeline::store {

struct Event {
  int64_t seq = 0;      // assigned on append
  int64_t at = 0;       // UTC ms
  std::string actor;    // user:ID | device:ID | system | rule:ID
  std::string realm;    // live | drill:<id>
  std::string kind;     // noun.verb
  std::string subject;  // id of the object changed
  std::string channel = "ip";
  nlohmann::json body = nlohmann::json::object();
  // Who may see it (domain::Scope::audience): set on the state thread after commit, for the pushes;
  // neither stored nor sent.
  std::set<std::string> audience;

  nlohmann::json to_json() const;
};

}  // namespace lifeline::store
