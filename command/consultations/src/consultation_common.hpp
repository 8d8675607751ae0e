// What the consultation operations share: who may see a consultation, and notices on the bus.
#pragma once
#include <string>
#include <vector>

#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::consultations {

using nlohmann::json;

// The consultation row; a department user sees only consultations its department is invited to
// (out_of_scope otherwise). Throws not_found for an unknown id.
json consultation_for(domain::OpContext& ctx, const std::string& id);
// Throws invalid_transition unless the consultation's status is one of `statuses`.
void require_status(const json& c, std::initializer_list<const char*> statuses, const char* to);
bool is_department(const domain::Actor& a);
// Department ids invited to the consultation.
std::vector<std::string> participants(domain::OpContext& ctx, const std::string& consultation_id);

// A `notice` (ack human, correlation = the consultation) to each address through bus.send. An
// address nobody answers to (a department without users) is logged and skipped: the record stands.
void notify(const domain::OpRegistry& ops, domain::OpContext& ctx, const std::vector<std::string>& to,
            const std::string& correlation_id, json body);

}  // namespace lifeline::consultations
