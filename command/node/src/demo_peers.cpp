#include "lifeline/node/demo_peers.hpp"

#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/log.hpp"

namespace lifeline::node {

using nlohmann::json;

std::string demo_gateway_key_file(const std::string& data_dir, const std::string& channel) {
  return data_dir + "/demo-peers/gateway-" + channel + ".key";
}

void enrol_demo_gateways(app::Engine& engine, const std::string& data_dir) {
  for (const char* channel : {"pdt", "beidou", "iridium", "tiantong", "sms"}) {
    auto keys = gateway::load_or_create_curve_key_pair(demo_gateway_key_file(data_dir, channel));
    std::string name = std::string("demo-") + channel;
    engine.run_system("live", [&](domain::OpContext& ctx) {
      auto row = ctx.store().query_one("SELECT id, public_key FROM peers WHERE name = ? AND revoked_at IS NULL", {name});
      if (!row.is_null() && row["public_key"] == keys.public_key) return;  // enrolled already
      if (!row.is_null())  // the key file was replaced: the old key goes
        engine.ops().find("peer.revoke")->handler(ctx, {{"id", row["id"]}, {"reason", "demo key file replaced"}});
      engine.ops().find("peer.enrol")->handler(
          ctx, {{"name", name}, {"kind", "gateway"}, {"channel", channel}, {"public_key", keys.public_key}});
      log_info("demo", "simulated gateway enrolled", {{"name", name}, {"channel", channel}});
    });
  }
}

}  // namespace lifeline::node
