// lifeline-codec: an operator's view of how a bus message travels on the thin links, with the
// same code the command routes with and the gateways encode with (bus/thin_encoding.hpp).
//   size   [FILE]                        bytes and frames on every link, and whether it fits
//   encode --link CH [--team T] [FILE]   the frames a terminal receives, hex, one per line
//   decode [--team T] [FILE]             hex frames (one per line) back to messages, JSON lines
// FILE is a bus envelope (schema/bus.md; kind and body are enough) or, for decode, frames; "-" or
// nothing reads standard input. --key-hex gives a terminal's real key (else a fixed test key, which
// sizes exactly the same). Exit codes: 0 ok, 1 refused input (the reason on stderr), 2 usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "lifeline/bus/link_policy.hpp"
#include "lifeline/bus/thin_encoding.hpp"
#include "lifeline/clock.hpp"
#include "lifeline/codec/json.hpp"
#include "lifeline/codec/link.hpp"
#include "lifeline/untrusted_json.hpp"

using nlohmann::json;
using namespace lifeline;

namespace {

const char* const kChannels[] = {"ip", "pdt", "beidou", "iridium", "tiantong", "sms"};

int refuse(const std::string& why) {
  std::fprintf(stderr, "lifeline-codec: %s\n", why.c_str());
  return 1;
}

std::string read_input(const std::string& file) {
  if (file.empty() || file == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The envelope as the router sees it; what an operator leaves out gets the usual defaults.
json read_envelope(const std::string& file) {
  json env;
  if (parse_untrusted_json(read_input(file), env) != JsonParse::ok || !env.is_object())
    throw std::runtime_error("the input is not a JSON object (a bus envelope: {\"kind\", \"precedence\", \"body\"})");
  if (!env.contains("kind") || !env["kind"].is_string()) throw std::runtime_error("the envelope has no \"kind\" (order, text, report …)");
  if (!env.contains("body") || !env["body"].is_object()) throw std::runtime_error("the envelope has no \"body\" object");
  if (!env.contains("precedence")) env["precedence"] = "priority";
  return env;
}

std::shared_ptr<const codec::Dictionary> enrolment_dictionary(const std::string& team) {
  codec::Dictionary d = codec::Dictionary::builtin();
  (void)d.add_team(team);
  return std::make_shared<const codec::Dictionary>(std::move(d));
}

std::string hex(const std::vector<uint8_t>& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::optional<std::vector<uint8_t>> unhex(const std::string& s) {
  if (s.size() % 2) return std::nullopt;
  std::vector<uint8_t> out;
  auto val = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = val(s[i]), lo = val(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return out;
}

int size_cmd(const json& env, const std::string& team, const codec::DeviceKey& key, bool as_json) {
  bus::LinkProfiles profiles;
  auto dict = enrolment_dictionary(team);
  json rows = json::array();
  for (const char* channel : kChannels) {
    const auto* p = profiles.find(channel);
    json row = {{"channel", channel}, {"limit", p->max_bytes}};
    if (p->mtu == 0) {
      size_t bytes = env.dump().size();
      row.update({{"bytes", bytes}, {"frames", 1}, {"fits", bytes <= p->max_bytes}});
    } else {
      auto thin = bus::thin_link_frames(env, p->mtu, team, dict, key);
      row["frame_bytes"] = p->mtu;
      if (!thin.error.empty()) {
        row.update({{"fits", false}, {"error", thin.error}});
      } else {
        size_t bytes = 0;
        for (const auto& f : thin.frames) bytes += f.size();
        row.update({{"bytes", bytes}, {"frames", thin.frames.size()}, {"dictionary_update_frames", thin.update_frames},
                    {"fits", bytes <= p->max_bytes}});
      }
    }
    if (p->satellite && env.value("precedence", "") == "routine") row["note"] = "routine never goes by satellite";
    rows.push_back(row);
  }
  if (as_json) {
    std::cout << rows.dump() << "\n";
    return 0;
  }
  std::printf("%-9s %6s %7s %6s %6s  %s\n", "channel", "frame", "bytes", "frames", "limit", "fits");
  for (const auto& r : rows) {
    std::string fits = r["fits"] ? "yes" : "NO";
    if (r.contains("error")) fits += "  " + r["error"].get<std::string>();
    else if (!r["fits"]) fits += "  over the link's limit";
    if (r.contains("note")) fits += "  (" + r["note"].get<std::string>() + ")";
    std::printf("%-9s %6s %7s %6s %6zu  %s\n", r["channel"].get<std::string>().c_str(),
                r.contains("frame_bytes") ? std::to_string(r["frame_bytes"].get<size_t>()).c_str() : "json",
                r.contains("bytes") ? std::to_string(r["bytes"].get<size_t>()).c_str() : "-",
                r.contains("frames") ? std::to_string(r["frames"].get<size_t>()).c_str() : "-", r["limit"].get<size_t>(), fits.c_str());
  }
  return 0;
}

int encode_cmd(const json& env, const std::string& channel, const std::string& team, const codec::DeviceKey& key) {
  bus::LinkProfiles profiles;
  const auto* p = profiles.find(channel);
  if (!p || p->mtu == 0) return refuse("--link must be a thin link: pdt, beidou, iridium, tiantong or sms");
  auto thin = bus::thin_link_frames(env, p->mtu, team, enrolment_dictionary(team), key);
  if (!thin.error.empty()) return refuse(channel + " cannot carry it: " + thin.error);
  for (const auto& f : thin.frames) std::cout << hex(f) << "\n";
  return 0;
}

int decode_cmd(const std::string& input, const std::string& team, const codec::DeviceKey& key) {
  SystemClock clock;
  auto dict = enrolment_dictionary(team);
  auto receiver = std::make_unique<codec::LinkReceiver>(dict, key, clock);
  std::istringstream lines(input);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    auto bytes = unhex(line);
    if (!bytes) return refuse("line " + std::to_string(n) + " is not hex");
    auto got = receiver->receive(*bytes);
    if (!got) return refuse("line " + std::to_string(n) + ": " + got.error().code + (got.error().detail.empty() ? "" : " (" + got.error().detail + ")") +
                            (got.error().code == "bad_mac" ? " — is --key-hex the terminal's key?" : ""));
    if (!*got) continue;  // a fragment: the rest follows
    const auto& frame = **got;
    std::cout << json{{"seq", frame.seq}, {"message", codec::to_json(frame.message, team)}}.dump() << "\n";
    if (const auto* update = std::get_if<codec::DictUpdate>(&frame.message)) {
      // The terminal applies it and reads what follows with the new entries.
      codec::Dictionary next = *dict;
      if (!next.apply(*update)) return refuse("line " + std::to_string(n) + ": the dictionary update does not apply");
      dict = std::make_shared<const codec::Dictionary>(std::move(next));
      auto window = receiver->replay_window();
      receiver = std::make_unique<codec::LinkReceiver>(dict, key, clock);
      receiver->restore_window(window);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lifeline-codec: how a bus message travels on the thin links (sizes, frames, decoding)"};
  app.require_subcommand(1);
  std::string file, channel, team = "T-P0001", key_hex;
  bool as_json = false;
  app.add_option("--team", team, "the terminal's team (its enrolment dictionary)")->capture_default_str();
  app.add_option("--key-hex", key_hex, "the terminal's 32-byte key, 64 hex digits (default: a fixed test key)");
  auto* size = app.add_subcommand("size", "bytes and frames of an envelope on every link, and whether it fits");
  size->add_option("file", file, "a bus envelope (JSON); - or nothing: standard input");
  size->add_flag("--json", as_json, "one JSON array instead of the table");
  auto* encode = app.add_subcommand("encode", "the frames of an envelope on one thin link, hex, one per line");
  encode->add_option("--link", channel, "pdt, beidou, iridium, tiantong or sms")->required();
  encode->add_option("file", file, "a bus envelope (JSON); - or nothing: standard input");
  auto* decode = app.add_subcommand("decode", "hex frames (one per line) back to messages, one JSON line each");
  decode->add_option("file", file, "frames; - or nothing: standard input");
  CLI11_PARSE(app, argc, argv);

  codec::DeviceKey key{};
  if (!key_hex.empty()) {
    auto k = codec::DeviceKey::from_hex(0, key_hex);
    if (!k) return refuse("--key-hex: " + k.error().code + " (64 hex digits)");
    key = k.value();
  }
  try {
    if (*decode) return decode_cmd(read_input(file), team, key);
    auto env = read_envelope(file);
    if (*size) return size_cmd(env, team, key, as_json);
    return encode_cmd(env, channel, team, key);
  } catch (const std::exception& e) {
    return refuse(e.what());
  }
}
