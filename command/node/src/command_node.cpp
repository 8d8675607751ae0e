#include "lifeline/node/command_node.hpp"

#include <boost/asio/signal_set.hpp>

#include <csignal>

#include <filesystem>
#include <fstream>

#include "lifeline/app/engine.hpp"
#include "lifeline/charts/charts.hpp"
#include "lifeline/civil_date.hpp"
#include "lifeline/consultations/consultations.hpp"
#include "lifeline/deadlines/deadline_service.hpp"
#include "lifeline/deadlines/working_days.hpp"
#include "lifeline/journal/journal.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/demo/demo_seed.hpp"
#include "lifeline/drills/drills.hpp"
#include "lifeline/log.hpp"
#include "lifeline/node/demo_peers.hpp"
#include "lifeline/node/gateway_hub.hpp"
#include "lifeline/node/peer_ops.hpp"
#include "lifeline/reports/report_schedule.hpp"
#include "lifeline/reports/reports.hpp"
#include "lifeline/server/ws_server.hpp"
#include "lifeline/supplies/citizen_route.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/warnings/cap_routes.hpp"
#include "lifeline/warnings/warnings_module.hpp"

namespace lifeline::node {

using nlohmann::json;

namespace {

// The delivery service's view of the links: WebSocket connections and gateway processes.
class NodeTransport final : public delivery::Transport {
 public:
  NodeTransport(server::WsServer& ws, GatewayHub& hub) : ws_(ws), hub_(hub) {}
  void send_ip(const std::vector<uint64_t>& conns, const std::string& frame) override {
    for (auto c : conns) ws_.send_text_to(c, frame);
  }
  bool gateway_up(const std::string& channel) const override { return hub_.up(channel); }
  json gateways() const override { return hub_.status(); }
  bool send_gateway(const std::string& channel, const json& downlink) override { return hub_.send(channel, downlink); }

 private:
  server::WsServer& ws_;
  GatewayHub& hub_;
};

// The command's CURVE key pair: from the config's file, or made on first start in the data dir.
gateway::CurveKeyPair command_keys(const server::ServerConfig& c) {
  auto keys = gateway::load_or_create_curve_key_pair(curve_key_path(c));
  // The public half beside it, readable, for gateways on this host and the demo.
  auto pub = c.data_dir + "/zmq-curve.pub";
  std::ofstream(pub + ".tmp") << keys.public_key << "\n";
  std::filesystem::rename(pub + ".tmp", pub);
  return keys;
}

}  // namespace

std::string curve_key_path(const server::ServerConfig& c) {
  return c.curve_key_file.empty() ? c.data_dir + "/zmq-curve.key" : c.curve_key_file;
}

struct CommandNode::Impl {
  server::ServerConfig config;
  std::shared_ptr<Clock> clock;
  app::Metrics metrics;
  app::Engine engine;
  server::WsServer ws;
  delivery::Presence presence;
  gateway::CurveKeyPair curve_keys;
  PeerRegistry peers;
  GatewayHub hub;
  NodeTransport transport;
  delivery::DeliveryService delivery;
  deadlines::DeadlineService deadlines;
  rules::RulesHolder rules;
  warnings::WarningsModule warnings;
  reports::ReportSchedule report_schedule;

  Impl(server::ServerConfig c, bool seed)
      : config(std::move(c)),
        clock(config.make_clock()),
        engine(app::EngineConfig{config.data_dir, config.session_ttl_ms, config.synchronous, 4096,
                                           static_cast<size_t>(config.max_pending_logins)}, clock, metrics),
        ws(config, engine, metrics),
        curve_keys(command_keys(config)),
        hub(engine, *clock, peers, curve_keys, config.zmq_listen, config.router_port, config.pub_port),
        transport(ws, hub),
        delivery(engine, presence, transport),
        deadlines(engine),
        rules(warnings::load_rules(config.rules_file)),
        warnings(engine, rules, config.rules_file),
        report_schedule(engine) {
    engine.open_realms();
    if (seed) demo::seed_demo(engine);
    delivery.install();
    deadlines.install();  // after delivery: escalation notices go out on the bus
    supplies::install(engine);
    supplies::add_citizen_route(ws, engine, config.citizen_reports_per_minute);
    warnings.install();  // after deadlines: rules open deadlines and send notices
    warnings::add_cap_routes(ws, engine, config.cap_requests_per_minute);
    consultations::install(engine);
    drills::install(engine);  // after the modules its injects go through (warnings, delivery, incidents)
    reports::install(engine);
    journal::install(engine);  // reads only: the journal of significant events
    charts::install(engine);   // reads only: the console's chart series
    report_schedule.install();  // opens each period's report deadlines
    register_peer_ops(engine.ops(), curve_keys.public_key);
    peers.load(engine.live());
    engine.add_commit_listener([this](const std::string& realm, const std::vector<store::Event>& events) {
      if (realm == "live") peers.on_commit(events);
    });
    if (seed) enrol_demo_gateways(engine, config.data_dir);
    hub.set_delivery(&delivery);
    engine.add_commit_listener([this](const std::string& realm, const std::vector<store::Event>& events) {
      ws.publish(realm, events);
      hub.publish(realm, events);
    });
    engine.set_audience_wanted([this] { return ws.has_board_subscribers() || hub.has_feed_subscribers(); });
    ws.on_presence([this](uint64_t conn, const server::ConnUser& user, bool online) {
      if (online)
        presence.online(conn, user.user_id, user.role == "team_lead" || user.role == "team_member" ? user.unit_id : "");
      else
        presence.offline(conn);
      engine.wake();  // store-and-forward: route what waited for this recipient now
    });
    // A revoked, deactivated or re-passworded user's open sockets end with its sessions.
    engine.add_sessions_ended_listener(
        [this](const std::string& user_id, const std::string& reason) { ws.close_user(user_id, reason); });
    ws.on_heard([this](uint64_t conn) { presence.heard(conn); });
    ws.on_frame("hb", [](uint64_t, const server::ConnUser&, const std::string&, json) {});
    ws.on_frame("ack", [this](uint64_t conn, const server::ConnUser&, const std::string& token, json frame) {
      app::Request r;
      r.op = "bus.ack";
      r.token = token;
      r.conn_id = conn;
      json rid = frame.value("rid", json());
      r.rid = rid.is_string() ? rid.get<std::string>() : rid.dump();
      json body = json::object();
      for (const char* k : {"id", "level", "answer", "reason"})
        if (frame.contains(k)) body[k] = frame[k];
      for (auto& [k, v] : frame.items())
        if (k != "type" && k != "rid" && k != "token" && !body.contains(k)) body[k] = v;  // refused as unknown_field
      r.body = body;
      r.reply = [this, conn, rid](json res) {
        res["rid"] = rid;
        ws.send_to(conn, res);
      };
      // An ack names only the message: it is applied in the realm the message was sent in (a
      // drill's receipts never touch live), found on the state thread before it joins a batch.
      auto request = std::make_shared<app::Request>(std::move(r));
      engine.post([this, request] {
        const auto& id = request->body.contains("id") ? request->body["id"] : json();
        if (id.is_string()) request->realm = delivery.realm_of_message(id.get<std::string>());
        engine.submit(std::move(*request));
      });
    });
  }
};

CommandNode::CommandNode(server::ServerConfig config, bool seed_demo)
    : impl_(std::make_unique<Impl>(std::move(config), seed_demo)) {}

CommandNode::~CommandNode() {
  impl_->hub.stop();
  impl_->engine.stop();
}

nlohmann::json CommandNode::contract() const {
  return {{"ops", impl_->engine.ops().names()}, {"events", impl_->engine.projector().kinds()}};
}

namespace {
// Working-day deadlines count Monday to Friday in a year schema/holidays.json does not list: say so
// where an operator reads, so the year's State Council notice gets added.
void warn_if_no_holiday_calendar(int64_t now_ms) {
  const int64_t year = civil_from_days((now_ms + 8LL * 3600 * 1000) / (24LL * 3600 * 1000)).year;
  const auto& cal = deadlines::WorkingCalendar::official();
  if (!cal.covers_year(year))
    log_warn("command", "no holiday calendar for this year: working days count Monday to Friday; add the State "
                        "Council's notice to schema/holidays.json", {{"year", year}, {"known_years", json(cal.years())}});
}
}  // namespace

int CommandNode::run() {
  auto& c = impl_->config;
  if (!c.drill_scenario.empty()) {
    // Checked before anything listens: a broken scenario file stops the start with where it is wrong.
    auto errors = drills::start_scenario_drill(impl_->engine, c.drill_scenario);
    if (!errors.empty()) {
      for (const auto& e : errors) log_error("command", "scenario not started: " + e);
      return 2;
    }
  }
  uint16_t http = impl_->ws.listen();
  auto [router, pub] = impl_->hub.start();
  impl_->engine.start();
  if (!c.port_file.empty()) {
    auto tmp = c.port_file + ".tmp";
    std::ofstream(tmp) << json{{"http", http}, {"router", router}, {"pub", pub}, {"curve_public_key", impl_->curve_keys.public_key}}.dump()
                       << "\n";
    std::filesystem::rename(tmp, c.port_file);  // readers never see a half-written file
  }
  log_info("command", "listening", {{"http", http}, {"router", router}, {"pub", pub}, {"zmq_listen", c.zmq_listen},
                                    {"curve_public_key", impl_->curve_keys.public_key}, {"data_dir", c.data_dir},
                                    {"clock", c.clock}, {"console_dir", c.console_dir}});
  warn_if_no_holiday_calendar(impl_->engine.clock().now_ms());
  // SIGINT/SIGTERM stop the server in order, from the io loop rather than inside a signal handler:
  // no new connections, then the gateway hub, then the engine (which answers what is queued).
  boost::asio::signal_set signals(impl_->ws.io(), SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log_info("command", "stopping", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
    stop();
  });
  impl_->ws.run();
  impl_->hub.stop();
  impl_->engine.stop();
  log_info("command", "stopped");
  return 0;
}

void CommandNode::stop() { impl_->ws.stop(); }

}  // namespace lifeline::node
