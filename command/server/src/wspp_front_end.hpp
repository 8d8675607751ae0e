// The HTTP + WebSocket front end on WebSocket++, written once for any WebSocket++ config: plain
// (websocketpp::config::asio) and TLS (asio_tls) behave identically above the transport: static
// files, security headers, Origin check, HTTP routes, frame size and rate limits, the slow-reader cap.
// Include only from front_end_plain.cpp and front_end_tls.cpp (see front_end.hpp).
#pragma once
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <websocketpp/server.hpp>

#include <chrono>
#include <map>
#include <set>

#include "client_address.hpp"
#include "front_end.hpp"
#include "open_files_limit.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/app/login_throttle.hpp"
#include "lifeline/domain/scope.hpp"
#include "lifeline/log.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::server {

namespace wspp_detail {
// Close status for a connection whose user's sessions ended (revoked, deactivated, password reset).
constexpr websocketpp::close::status::value kSessionEnded = 4001;

// The frame's rid if a client could match an answer by it (a string or an integer), else null.
inline json echoable_rid(const json& frame) {
  if (!frame.is_object() || !frame.contains("rid")) return nullptr;
  const auto& rid = frame["rid"];
  return rid.is_string() || rid.is_number_integer() ? rid : json(nullptr);
}

inline json error_frame(const json& rid, const char* code, const std::string& detail = {}) {
  return {{"type", "res"}, {"rid", rid}, {"ok", false}, {"error", ApiError(code, detail).to_json()}};
}

// WebSocket++ answers some requests itself, before any handler runs (a body over the size limit:
// 413; headers over 16 KB: 431; not HTTP: 400), and with an empty body. Every response therefore
// starts with a body that says why in both languages; each handler of ours sets its own, and a
// successful WebSocket upgrade clears it.
struct ResponseThatSaysWhy : websocketpp::http::parser::response {
  ResponseThatSaysWhy() {
    replace_header("Content-Type", "application/json; charset=utf-8");
    static const std::string body = json{{"error", ApiError("request_refused").to_json()}}.dump();
    set_body(body);
  }
};

// A WebSocket++ config whose responses are ResponseThatSaysWhy.
template <class Base>
struct SaysWhy : Base {
  typedef ResponseThatSaysWhy response_type;
};
}  // namespace wspp_detail

template <class WsppConfig>
class WsppFrontEnd final : public FrontEnd {
 public:
  using Wspp = websocketpp::server<WsppConfig>;
  using connection_hdl = websocketpp::connection_hdl;

  // `tls`: the port speaks HTTPS/WSS (a page of this server then has an https:// origin).
  WsppFrontEnd(FrontEndState& state, bool tls)
      : s(state), config(state.config), metrics(state.metrics), tls_(tls), trusted_proxies_(state.config.trusted_proxy_list()) {
    wspp.init_asio(&s.ioc);
    wspp.set_reuse_addr(true);
    wspp.clear_access_channels(websocketpp::log::alevel::all);
    wspp.clear_error_channels(websocketpp::log::elevel::all);
    // Frames up to 4x the limit are read and answered frame_too_large; beyond that WebSocket++
    // closes with 1009 (message too big) rather than buffer unbounded input.
    wspp.set_max_message_size(config.max_frame_bytes * 4);
    wspp.set_max_http_body_size(config.max_frame_bytes);
    // Small frames (acks, receipts) must not wait for Nagle + delayed ACK (tens of milliseconds).
    // The socket is a tcp::socket or an ssl::stream over one; both reach the TCP socket this way.
    wspp.set_socket_init_handler([](connection_hdl, auto& socket) {
      boost::system::error_code ec;
      socket.lowest_layer().set_option(boost::asio::ip::tcp::no_delay(true), ec);
    });
    wspp.set_open_handler([this](connection_hdl h) { on_open(h); });
    wspp.set_close_handler([this](connection_hdl h) { on_close(h); });
    wspp.set_fail_handler([](connection_hdl) {});  // failed TLS or WebSocket handshakes: nothing to undo
    wspp.set_message_handler([this](connection_hdl h, typename Wspp::message_ptr msg) { on_message(h, msg); });
    wspp.set_http_handler([this](connection_hdl h) { on_http(h); });
    wspp.set_validate_handler([this](connection_hdl h) { return validate_upgrade(h); });
  }

  Wspp& server() { return wspp; }

  uint16_t listen() override {
    boost::system::error_code aec;
    auto address = boost::asio::ip::make_address(config.listen, aec);
    if (aec) throw std::runtime_error("listen address " + config.listen + ": " + aec.message());
    websocketpp::lib::error_code ec;
    wspp.listen(boost::asio::ip::tcp::endpoint(address, static_cast<uint16_t>(config.http_port)), ec);
    if (ec) throw std::runtime_error("listen on " + config.listen + ":" + std::to_string(config.http_port) + ": " + ec.message());
    wspp.start_accept(ec);
    if (ec) throw std::runtime_error("accept: " + ec.message());
    max_connections_ = connection_cap(config.max_connections, raise_open_files_limit());
    if (max_connections_ < config.max_connections)
      log_warn("server", "max_connections lowered to stay under the open-files limit (ulimit -n)",
               {{"max_connections", max_connections_}, {"configured", config.max_connections}});
    if (config.idle_timeout_seconds > 0) {
      idle_timer_ = std::make_unique<boost::asio::steady_timer>(s.ioc);
      sweep_idle_later();
    }
    auto ep = wspp.get_local_endpoint(aec);
    if (aec) throw std::runtime_error("local endpoint: " + aec.message());
    return ep.port();
  }

  void close_all() override {
    websocketpp::lib::error_code ec;
    wspp.stop_listening(ec);
    if (idle_timer_) idle_timer_->cancel();
    for (auto& [id, c] : conns) wspp.close(c.hdl, websocketpp::close::status::going_away, "server stopping", ec);
  }

  void send(uint64_t id, const json& frame) override {
    send_text(id, frame.dump(-1, ' ', false, json::error_handler_t::replace));
  }

  void send_text(uint64_t id, const std::string& text) override {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    websocketpp::lib::error_code ec;
    auto con = wspp.get_con_from_hdl(it->second.hdl, ec);
    if (ec) return;
    // A reader that does not keep up would make the server buffer without bound: past the limit
    // it is disconnected with the reason (it reconnects and resumes; deliveries are re-sent).
    if (con->get_buffered_amount() + text.size() > config.max_pending_bytes) {
      metrics.slow_readers_closed++;
      log_warn("server", "slow reader disconnected", {{"remote", it->second.remote}, {"pending_bytes", con->get_buffered_amount()}});
      con->close(websocketpp::close::status::try_again_later, "slow reader: over the pending-bytes limit / 接收过慢，超过待发上限", ec);
      return;
    }
    if (!con->send(text, websocketpp::frame::opcode::text)) metrics.frames_out++;
  }

  void close_user(const std::string& user_id, const std::string& reason) override {
    for (auto& [id, c] : conns) {
      if (user_id.empty() || c.user.user_id != user_id) continue;
      c.token.clear();
      websocketpp::lib::error_code ec;
      wspp.close(c.hdl, wspp_detail::kSessionEnded, "session ended: " + reason, ec);
    }
  }

  void publish(const std::string& realm, const std::vector<store::Event>& events) override {
    // Each push frame is serialized once per event (twice at most: with and without personal
    // data), not once per subscriber: the same bytes go to every connection that may see it.
    std::vector<std::string> full(events.size()), redacted(events.size());
    auto frame = [&](size_t i, bool personal) -> const std::string& {
      std::string& text = personal ? full[i] : redacted[i];
      if (text.empty()) {
        json event = events[i].to_json();
        if (!personal) domain::Scope::redact_personal_data(event);
        text = json{{"type", "push"}, {"realm", realm}, {"event", std::move(event)}}.dump(-1, ' ', false, json::error_handler_t::replace);
      }
      return text;
    };
    for (auto& [id, c] : conns) {
      if (!c.realms.count(realm)) continue;
      const domain::Actor actor = actor_of(c);  // once per connection, not per event
      const bool personal = domain::Scope::sees_personal_data(actor);
      for (size_t i = 0; i < events.size(); ++i)
        if (domain::Scope::matches(actor, events[i].kind, events[i].audience)) send_text(id, frame(i, personal));
    }
  }

 private:
  struct Conn {
    connection_hdl hdl;
    std::string token;
    ConnUser user;
    std::set<std::string> realms;  // subscribed board realms
    std::string remote;   // the client's endpoint (address:port) for logs and the auth log
    std::string address;  // the client's address without the port: the per-address cap
    int64_t last_heard_ms = 0;  // steady clock: the last frame of any kind (the idle timeout)
    // Rate limit: frames counted in the current one-second window.
    int64_t window_start = 0;
    int window_frames = 0;
  };

  FrontEndState& s;
  const ServerConfig& config;
  app::Metrics& metrics;
  const bool tls_;
  const std::vector<std::string> trusted_proxies_;
  Wspp wspp;
  std::map<uint64_t, Conn> conns;
  std::map<connection_hdl, uint64_t, std::owner_less<connection_hdl>> ids;
  uint64_t next_id = 1;
  int max_connections_ = 0;                 // config.max_connections under the open-files limit (listen())
  std::map<std::string, int> per_address_;  // open connections by client address
  std::unique_ptr<boost::asio::steady_timer> idle_timer_;
  // Requests per (route, client address) in the current minute (HTTP routes with a limit).
  std::map<std::string, std::pair<int64_t, int>> route_windows_;

  bool route_rate_ok(const std::string& prefix, const std::string& remote, int per_minute) {
    const int64_t now = steady_ms();
    if (route_windows_.size() > 100000)  // a flood of addresses: forget windows that have ended
      for (auto it = route_windows_.begin(); it != route_windows_.end();)
        it = now - it->second.first >= 60000 ? route_windows_.erase(it) : std::next(it);
    auto& [start, count] = route_windows_[prefix + '\n' + remote];
    if (now - start >= 60000) {
      start = now;
      count = 0;
    }
    return ++count <= per_minute;
  }

  // The client's address without the port (behind a trusted proxy, the one it names).
  template <class Connection>
  std::string client_address(Connection& con) const {
    return app::remote_address(client_remote(con.get_remote_endpoint(), con.get_request_header("X-Forwarded-For"), trusted_proxies_));
  }

  static int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  // Connections that send nothing hold a descriptor each; a client that is alive sends its
  // heartbeat every second. Checked a few times per timeout.
  void sweep_idle_later() {
    auto period = std::chrono::milliseconds(std::clamp(config.idle_timeout_seconds * 250, 250, 5000));
    idle_timer_->expires_after(period);
    idle_timer_->async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: the server is stopping
      const int64_t cutoff = steady_ms() - int64_t{config.idle_timeout_seconds} * 1000;
      const std::string reason = "idle: nothing received for " + std::to_string(config.idle_timeout_seconds) + " s / " +
                                 std::to_string(config.idle_timeout_seconds) + " 秒未收到任何数据，连接已关闭";
      for (auto& [id, c] : conns) {
        if (c.last_heard_ms >= cutoff) continue;
        c.last_heard_ms = steady_ms();  // closing: not again on the next sweep
        metrics.idle_connections_closed++;
        websocketpp::lib::error_code close_ec;
        wspp.close(c.hdl, websocketpp::close::status::going_away, reason, close_ec);
      }
      sweep_idle_later();
    });
  }

  // A WebSocket upgrade is refused (with a reason in both languages) when the server is full, or
  // when a browser page of another origin opens it: a browser always sends Origin, and a page on
  // another site must not drive a logged-in console's socket. Clients that are not browsers (the
  // handheld, partner tools) send no Origin and are not affected.
  bool validate_upgrade(connection_hdl h) {
    auto con = wspp.get_con_from_hdl(h);
    auto refuse = [&](websocketpp::http::status_code::value status, const char* code, const std::string& detail) {
      con->set_status(status);
      con->replace_header("Content-Type", "application/json");
      con->set_body(json{{"error", ApiError(code, detail).to_json()}}.dump());
      return false;
    };
    if (conns.size() >= static_cast<size_t>(max_connections_))
      return refuse(websocketpp::http::status_code::service_unavailable, "too_many_connections", "");
    // One address cannot take the server's descriptors from everyone else.
    auto remote = client_address(*con);
    auto n = per_address_.find(remote);
    if (n != per_address_.end() && n->second >= config.max_connections_per_address)
      return refuse(websocketpp::http::status_code::service_unavailable, "too_many_connections_from_address", remote);
    const std::string& origin = con->get_origin();
    if (!origin.empty() && !same_origin(origin, con->get_request_header("Host")))
      return refuse(websocketpp::http::status_code::forbidden, "origin_refused", origin);
    con->set_body("");  // the 101 answer carries no body (see ResponseThatSaysWhy)
    con->remove_header("Content-Type");
    return true;
  }
  // Plain HTTP also accepts https:// pages: behind a TLS-terminating reverse proxy the browser's page
  // is https while this port speaks plain HTTP. Over TLS an http:// page cannot be this server's.
  bool same_origin(const std::string& origin, const std::string& host) const {
    return !host.empty() && (origin == "https://" + host || (!tls_ && origin == "http://" + host));
  }

  void on_open(connection_hdl h) {
    uint64_t id = next_id++;
    Conn c;
    c.hdl = h;
    websocketpp::lib::error_code ec;
    auto con = wspp.get_con_from_hdl(h, ec);
    if (!ec) c.remote = client_remote(con->get_remote_endpoint(), con->get_request_header("X-Forwarded-For"), trusted_proxies_);
    c.last_heard_ms = steady_ms();
    if (!ec) c.address = client_address(*con);
    per_address_[c.address]++;
    conns[id] = std::move(c);
    ids[h] = id;
    metrics.connections_open++;
    metrics.connections_total++;
  }

  void on_close(connection_hdl h) {
    auto it = ids.find(h);
    if (it == ids.end()) return;
    uint64_t id = it->second;
    auto& c = conns[id];
    if (!c.user.user_id.empty())
      for (auto& fn : s.presence_handlers) fn(id, c.user, false);
    if (!c.realms.empty()) s.subscribers--;
    if (auto n = per_address_.find(c.address); n != per_address_.end() && --n->second <= 0) per_address_.erase(n);
    conns.erase(id);
    ids.erase(it);
    metrics.connections_open--;
  }

  bool rate_ok(Conn& c) {
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now().time_since_epoch()).count();
    if (now - c.window_start >= 1000) {
      c.window_start = now;
      c.window_frames = 0;
    }
    return ++c.window_frames <= config.max_frames_per_second;
  }

  void on_message(connection_hdl h, typename Wspp::message_ptr msg) {
    metrics.frames_in++;
    auto it = ids.find(h);
    if (it == ids.end()) return;
    uint64_t id = it->second;
    auto& c = conns[id];
    c.last_heard_ms = steady_ms();
    if (s.heard_handler) s.heard_handler(id);
    const auto& payload = msg->get_payload();
    // Parsed first (depth-checked, size bounded by WebSocket++) so that every refusal of a
    // readable frame, rate_limited and frame_too_large included, echoes its rid.
    bool text = msg->get_opcode() == websocketpp::frame::opcode::text;
    json frame;
    auto parsed = text ? parse_untrusted_json(payload, frame) : JsonParse::malformed;
    json rid = parsed == JsonParse::ok ? wspp_detail::echoable_rid(frame) : json();
    if (!rate_ok(c)) return reject(id, rid, "rate_limited");
    if (payload.size() > config.max_frame_bytes)
      return reject(id, rid, "frame_too_large", std::to_string(payload.size()) + " > " + std::to_string(config.max_frame_bytes));
    if (!text) return reject(id, nullptr, "bad_frame", "binary frames are not used");
    switch (parsed) {
      case JsonParse::too_deep: return reject(id, nullptr, "json_too_deep");
      case JsonParse::malformed: return reject(id, nullptr, "bad_json");
      case JsonParse::ok: break;
    }
    if (!frame.is_object() || !frame.contains("type") || !frame["type"].is_string())
      return reject(id, rid, "bad_frame", "a frame is an object with a string 'type'");
    if (frame.contains("rid") && !frame["rid"].is_null() && rid.is_null())
      return reject(id, nullptr, "bad_frame", "rid must be a string or an integer");
    const std::string type = frame["type"];
    if (type != "req") {
      auto fh = s.frame_handlers.find(type);
      if (fh == s.frame_handlers.end()) return reject(id, rid, "bad_frame", "unknown frame type '" + type + "'");
      std::string token = frame.contains("token") && frame["token"].is_string() ? frame["token"].get<std::string>() : c.token;
      fh->second(id, c.user, token, std::move(frame));
      return;
    }
    app::Request r;
    try {
      app::decode_request_frame(frame, config.max_body_bytes, r, rid);
    } catch (const ApiError& e) {
      return reject(id, rid, e.code().c_str(), e.detail());
    }
    if (r.token.empty()) r.token = c.token;
    r.remote = c.remote;
    r.conn_id = id;
    std::string op = r.op, realm = r.realm;
    if (op == "board.subscribe") s.subscribers++;
    r.reply = [this, id, rid, op, realm](json res) {
      boost::asio::post(s.ioc, [this, id, rid, op, realm, res = std::move(res)]() mutable {
        res["rid"] = rid;  // echo the client's rid in its own type
        bool ok = res.value("ok", false);
        if (ok) after_ok(id, op, realm, res["result"]);
        else if (op == "board.subscribe") s.subscribers--;
        send(id, res);
      });
    };
    s.engine.submit(std::move(r));
  }

  // Connection-level effects of some successful operations.
  void after_ok(uint64_t id, const std::string& op, const std::string& realm, const json& result) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    auto& c = it->second;
    if ((op == "auth.login" || op == "auth.resume") && result.contains("user")) {
      c.token = result.value("token", "");
      const auto& u = result["user"];
      c.user = {u.value("id", ""), u.value("role", ""), u.value("unit_id", "")};
      for (auto& fn : s.presence_handlers) fn(id, c.user, true);
    } else if (op == "auth.logout") {
      if (!c.user.user_id.empty())
        for (auto& fn : s.presence_handlers) fn(id, c.user, false);
      c.token.clear();
      c.user = {};
      if (!c.realms.empty()) s.subscribers--;
      c.realms.clear();
    } else if (op == "board.subscribe") {
      // Counted when the request came in (so no commit after it can skip publishing); keep the
      // count only for a connection's first subscription.
      if (!c.realms.empty()) s.subscribers--;
      c.realms.insert(realm);
    }
  }

  void reject(uint64_t id, const json& rid, const char* code, const std::string& detail = {}) {
    metrics.frames_rejected++;
    metrics.count_request("(frame)", code);
    send(id, wspp_detail::error_frame(rid, code, detail));
  }

  // Who a connection acts as, for its pushes: the same scope rules as reads (domain/scope.hpp),
  // matched against the audience the engine set on each event after commit.
  static domain::Actor actor_of(const Conn& c) {
    domain::Actor actor;
    actor.user_id = c.user.user_id;
    actor.role = c.user.role;
    actor.unit_id = c.user.unit_id;
    return actor;
  }


  void on_http(connection_hdl h) {
    auto con = wspp.get_con_from_hdl(h);
    std::string method = con->get_request().get_method();
    std::string resource = con->get_resource();
    std::string path = resource.substr(0, resource.find('?'));
    if (path == "/health") {
      con->set_status(websocketpp::http::status_code::ok);
      con->replace_header("Content-Type", "application/json");
      con->set_body(R"({"status":"ok"})");
      return;
    }
    if (path == "/metrics") {
      con->set_status(websocketpp::http::status_code::ok);
      con->replace_header("Content-Type", "text/plain; version=0.0.4");
      con->set_body(metrics.render());
      return;
    }
    for (auto& [m, prefix, route, per_minute] : s.http_routes) {
      if (m != method || path.rfind(prefix, 0) != 0) continue;
      if (per_minute > 0 && !route_rate_ok(prefix, client_address(*con), per_minute)) {
        con->set_status(websocketpp::http::status_code::too_many_requests);
        con->replace_header("Content-Type", "application/json");
        con->replace_header("Retry-After", "60");
        con->set_body(json{{"error", ApiError("rate_limited", std::to_string(per_minute) + "/min per address",
                                              "每个地址每分钟最多 " + std::to_string(per_minute) + " 次").to_json()}}.dump());
        return;
      }
      con->defer_http_response();
      route(path, con->get_request_body(), con->get_request_header("Authorization"), [this, con](HttpResponse r) {
        boost::asio::post(s.ioc, [con, r = std::move(r)] {
          con->set_status(static_cast<websocketpp::http::status_code::value>(r.status));
          con->replace_header("Content-Type", r.content_type);
          con->set_body(r.body);
          websocketpp::lib::error_code ec;
          con->send_http_response(ec);
        });
      });
      return;
    }
    if (method != "GET" && method != "HEAD") {
      con->set_status(websocketpp::http::status_code::method_not_allowed);
      con->replace_header("Content-Type", "application/json");
      con->set_body(R"({"error":"method not allowed"})");
      return;
    }
    auto file = s.static_files.lookup(path);
    if (!file) {
      con->set_status(websocketpp::http::status_code::not_found);
      con->replace_header("Content-Type", "text/plain; charset=utf-8");
      con->set_body("404 not found / 未找到\n");
      return;
    }
    con->set_status(websocketpp::http::status_code::ok);
    con->replace_header("Content-Type", file->content_type);
    con->append_header("Cache-Control", "no-cache");
    // The console runs only its own scripts and styles: no inline script, handler or style="".
    // img-src also allows https: because a deployment may name its own tile server on another
    // origin (config.json "tiles", clients/console/README.md); the shipped basemap needs only 'self'.
    con->append_header("Content-Security-Policy",
                       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; "
                       "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'none'; "
                       "form-action 'self'; frame-ancestors 'none'");
    con->append_header("X-Content-Type-Options", "nosniff");
    con->append_header("Referrer-Policy", "no-referrer");
    con->append_header("X-Frame-Options", "DENY");
    // Served over TLS, browsers are told to come back only over TLS (a year; not for subdomains,
    // which this server does not know about).
    if (tls_) con->append_header("Strict-Transport-Security", "max-age=31536000");
    con->set_body(file->body);
  }
};

}  // namespace lifeline::server
