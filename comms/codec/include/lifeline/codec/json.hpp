// JSON mapping of the codec messages, matching the field names of the corpus
// (shared/corpus/field-traffic.jsonl): times in epoch seconds there, enums in snake_case.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "lifeline/codec/messages.hpp"
#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

// `team` (the sending device's team) is added to position/report JSON when not empty.
nlohmann::json to_json(const Message& message, const std::string& sender_team = {});
// Accepts "order", "position", "report", "text", "dict_update", and "receipt" with a numeric "seq".
Result<Message> message_from_json(const nlohmann::json& j);

}  // namespace lifeline::codec
