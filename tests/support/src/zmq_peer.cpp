#include "lifeline/testing/zmq_peer.hpp"

namespace lifeline::testing {

EnrolledPeer enrol_peer(WsClient& admin, const std::string& name, const std::string& kind, const std::string& bound_to) {
  EnrolledPeer p;
  p.keys = gateway::generate_curve_key_pair();
  nlohmann::json body = {{"name", name}, {"kind", kind}, {"public_key", p.keys.public_key}};
  body[kind == "gateway" ? "channel" : "unit_id"] = bound_to;
  p.enrolment = admin.ok("peer.enrol", body);
  return p;
}

void make_curve_client(zmq::socket_t& socket, const gateway::CurveKeyPair& keys, const std::string& server_key) {
  socket.set(zmq::sockopt::curve_serverkey, server_key);
  socket.set(zmq::sockopt::curve_publickey, keys.public_key);
  socket.set(zmq::sockopt::curve_secretkey, keys.secret_key);
}

}  // namespace lifeline::testing
