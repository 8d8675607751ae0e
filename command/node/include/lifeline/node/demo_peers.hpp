// The demo's simulated gateways, enrolled with no manual step: one key pair per gateway channel in
// <data_dir>/demo-peers/gateway-<channel>.key (mode 0600), enrolled as demo-<channel>. .ci/demo-run
// and the tests' GatewayProcess start lifeline-gateway with these files.
#pragma once
#include <string>

#include "lifeline/app/engine.hpp"

namespace lifeline::node {

// Where the demo keeps the key pair of its `channel` gateway.
std::string demo_gateway_key_file(const std::string& data_dir, const std::string& channel);
// Creates missing key pairs and enrols each (re-enrolling when the file's key changed). Before
// Engine::start(); the peer ops must be registered.
void enrol_demo_gateways(app::Engine& engine, const std::string& data_dir);

}  // namespace lifeline::node
