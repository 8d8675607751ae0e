#include "lifeline/sim/simulator.hpp"

#include "lifeline/api_error.hpp"

namespace lifeline::sim {

Simulator::Simulator(NetworkOptions options, std::shared_ptr<Clock> clock, uint64_t seed, Outbox& outbox)
    : options_(std::move(options)), clock_(std::move(clock)), courier_(seed) {
  const auto& k = options_.kind;
  if (k == "beidou") network_ = make_beidou_network(options_, *clock_, courier_, outbox);
  else if (k == "iridium") network_ = make_iridium_network(options_, *clock_, courier_, outbox);
  else if (k == "sms" || k == "tiantong") network_ = make_sms_network(options_, *clock_, courier_, outbox);
  else if (k == "pdt") network_ = make_pdt_network(options_, *clock_, courier_, outbox);
  else throw std::invalid_argument("--net must be beidou, iridium, pdt, tiantong or sms");
}

std::string Simulator::hello(const std::string& line, std::string& id, bool& accepted) {
  accepted = false;
  std::string text = line;
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.pop_back();
  if (text.rfind("HELLO ", 0) != 0) return "HELLO ERROR expected HELLO <id>\r\n";
  id = text.substr(6);
  if (id.empty() || id.size() > 32 || id.find(' ') != std::string::npos) return "HELLO ERROR bad id\r\n";
  if (auto why = network_->check_id(id); !why.empty()) return "HELLO ERROR " + why + "\r\n";
  if (terminals_.count(id)) return "HELLO ERROR id already connected\r\n";
  terminals_[id] = true;
  accepted = true;
  network_->attach(id);
  return "HELLO OK " + options_.kind + "\r\n";
}

void Simulator::bytes(const std::string& id, std::string_view data) {
  network_->receive(id, data);
  tick();
}

void Simulator::gone(const std::string& id) {
  if (terminals_.erase(id)) network_->detach(id);
}

void Simulator::tick() {
  courier_.run_due(clock_->now_ms());
  network_->tick(clock_->now_ms());
}

nlohmann::json Simulator::control(const nlohmann::json& request) {
  try {
    if (!request.is_object() || !request.contains("op") || !request["op"].is_string())
      throw ApiError("missing_field", "op");
    std::string op = request["op"];
    std::string terminal = request.value("terminal", std::string());
    if (op == "cut") {
      courier_.cut(terminal);
    } else if (op == "restore") {
      courier_.restore(terminal);
    } else if (op == "degrade") {
      Impairments i = courier_.impairments();
      auto prob = [&](const char* key, double& out) {
        if (!request.contains(key)) return;
        if (!request[key].is_number() || request[key].get<double>() < 0 || request[key].get<double>() > 1)
          throw ApiError("bad_field", std::string(key) + " must be a number in [0, 1]");
        out = request[key].get<double>();
      };
      prob("loss", i.loss);
      prob("dup", i.dup);
      prob("reorder", i.reorder);
      for (const char* key : {"delay_ms", "reorder_ms"}) {
        if (!request.contains(key)) continue;
        if (!request[key].is_number_integer() || request[key].get<int64_t>() < 0 ||
            request[key].get<int64_t>() > 3600000)
          throw ApiError("bad_field", std::string(key) + " must be an integer in [0, 3600000]");
        (std::string(key) == "delay_ms" ? i.delay_ms : i.reorder_ms) = request[key].get<int64_t>();
      }
      courier_.degrade(i);
    } else if (op == "advance_clock") {
      auto* manual = dynamic_cast<ManualClock*>(clock_.get());
      if (!manual) throw ApiError("clock_not_manual", "advance_clock needs --clock=manual");
      if (!request.contains("ms") || !request["ms"].is_number_integer() || request["ms"].get<int64_t>() < 0)
        throw ApiError("bad_field", "ms must be a non-negative integer");
      // Step through due deliveries in order, so each runs at its own time.
      int64_t target = clock_->now_ms() + request["ms"].get<int64_t>();
      for (int64_t due = courier_.next_due(); due >= 0 && due <= target; due = courier_.next_due()) {
        if (due > manual->now_ms()) manual->set(due);
        courier_.run_due(due);
        network_->tick(due);
      }
      manual->set(target);
    } else if (op == "inject") {
      if (auto why = network_->inject(request); !why.empty()) throw ApiError("bad_field", why);
    } else if (op != "status") {
      throw ApiError("unknown_op", op);
    }
    tick();
    nlohmann::json out = {{"ok", true}, {"net", options_.kind}, {"clock_ms", clock_->now_ms()}};
    std::vector<std::string> ids;
    for (const auto& [id, _] : terminals_) ids.push_back(id);
    out["terminals"] = ids;
    out["link"] = courier_.status();
    out["network"] = network_->status();
    return out;
  } catch (const ApiError& e) {
    return {{"ok", false}, {"error", e.to_json()}};
  }
}

}  // namespace lifeline::sim
