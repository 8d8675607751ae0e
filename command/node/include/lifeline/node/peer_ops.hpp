// Enrolment of ZeroMQ peers (schema/gateway-protocol.md, "Enrolment"), admin only: peer.enrol,
// peer.revoke, peer.list. Each change is an event (peer.enrolled, peer.revoked) in the live realm.
#pragma once
#include <string>

#include "lifeline/domain/op_registry.hpp"

namespace lifeline::node {

// The channels a gateway may be enrolled for (DECISIONS: channels, less ip).
bool is_gateway_channel(const std::string& channel);

// `server_public_key` is the command's CURVE public key, shown with enrolments and the list so an
// admin can configure the peer in one step.
void register_peer_ops(domain::OpRegistry& ops, const std::string& server_public_key);

}  // namespace lifeline::node
