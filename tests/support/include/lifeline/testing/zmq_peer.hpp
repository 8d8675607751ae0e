// ZeroMQ peers for tests: a fresh CURVE key pair enrolled through the admin's peer.enrol, and the
// socket options that make a DEALER or SUB a CURVE client of the test server.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <zmq.hpp>

#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/testing/ws_client.hpp"

namespace lifeline::testing {

struct EnrolledPeer {
  gateway::CurveKeyPair keys;
  nlohmann::json enrolment;  // peer.enrol's result (id, name, kind, ..., server_public_key)
};

// Enrols a new key pair: `kind` gateway (bound_to = channel) or partner (bound_to = department unit id).
EnrolledPeer enrol_peer(WsClient& admin, const std::string& name, const std::string& kind, const std::string& bound_to);
// Makes `socket` a CURVE client with `keys` of the server whose public key is `server_key`.
void make_curve_client(zmq::socket_t& socket, const gateway::CurveKeyPair& keys, const std::string& server_key);

}  // namespace lifeline::testing
