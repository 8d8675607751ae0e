// Thin-link replay protection survives a gateway restart (issue 14): the sequence numbers that are
// also the replay counters restarted at 0, so a frame recorded before a restart was accepted again,
// and an old receipt (receipts skipped the replay window) acknowledged whatever new message reused
// its number. Each ThinLinkCodec below is one run of the gateway, sharing the state file.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "lifeline/gateway/thin_link_codec.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline;
using nlohmann::json;

namespace {

const std::string kTerminal = "4200001";

json text_envelope(const std::string& id, const std::string& text) {
  return {{"id", id}, {"kind", "text"}, {"precedence", "priority"}, {"created", "2026-08-20T01:00:00.000Z"}, {"body", {{"text", text}}}};
}

}  // namespace

TEST(ThinLinkReplay, OldFramesAndReceiptsAreRefusedAfterAGatewayRestart) {
  lifeline::testing::TempDir dir;
  ManualClock clock(lifeline::testing::kTestClockStartMs);
  auto key = codec::DeviceKey::generate(9);
  gateway::TerminalKeys keys;
  keys.by_address[kTerminal] = {"T-P0001", key};
  keys.state_file = dir.path() + "/links.json";
  // The terminal's end of the link, with the dictionary agreed at enrolment.
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team("T-P0001");
  codec::LinkSender terminal_tx(dict, key);
  codec::LinkReceiver terminal_rx(dict, key, clock);
  auto uplink = terminal_tx.send(codec::Text{codec::Precedence::priority, "", "已到达现场", clock.now_ms()}, 270);
  ASSERT_TRUE(uplink);
  const auto recorded = uplink.value().frames.at(0);  // what an eavesdropper on the link keeps

  uint16_t first_seq = 0;
  std::vector<uint8_t> old_receipt;
  {
    gateway::ThinLinkCodec gw(clock, keys);
    EXPECT_TRUE(gw.decode(kTerminal, recorded).uplink.has_value());
    EXPECT_EQ(gw.decode(kTerminal, recorded).error, "duplicate");
    auto down = gw.encode(kTerminal, "0198c6e0-6c00-7000-8000-000000000001/team:T-P0001", text_envelope("0198c6e0-6c00-7000-8000-000000000001", "集合"), 270);
    ASSERT_EQ(down.error, "");
    auto got = terminal_rx.receive(down.frames.back());
    ASSERT_TRUE(got && got.value());
    first_seq = got.value()->seq;
    old_receipt = terminal_tx.receipt(codec::Receipt{first_seq, codec::DeliveryState::read, codec::Answer::accept}).value();
    auto receipt = gw.decode(kTerminal, old_receipt);
    ASSERT_TRUE(receipt.uplink.has_value()) << receipt.error;
    EXPECT_EQ((*receipt.uplink)["id"], "0198c6e0-6c00-7000-8000-000000000001");
    // The same receipt again within the run: taken once.
    EXPECT_FALSE(gw.decode(kTerminal, old_receipt).uplink.has_value());
  }
  struct stat st {};
  ASSERT_EQ(::stat(keys.state_file.c_str(), &st), 0) << "no state file written";
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  {
    gateway::ThinLinkCodec gw(clock, keys);  // the gateway restarted
    auto replayed = gw.decode(kTerminal, recorded);
    EXPECT_FALSE(replayed.uplink.has_value()) << "a frame recorded before the restart was accepted again";
    EXPECT_EQ(replayed.error, "duplicate");
    // Numbering goes on, so the old receipt cannot acknowledge the new message.
    auto down = gw.encode(kTerminal, "0198c6e0-6c00-7000-8000-000000000002/team:T-P0001", text_envelope("0198c6e0-6c00-7000-8000-000000000002", "撤离"), 270);
    ASSERT_EQ(down.error, "");
    auto got = terminal_rx.receive(down.frames.back());
    ASSERT_TRUE(got && got.value()) << "the terminal refused the restarted gateway's frame";
    EXPECT_NE(got.value()->seq, first_seq);
    auto forged = gw.decode(kTerminal, old_receipt);
    EXPECT_FALSE(forged.uplink.has_value()) << "an old receipt was taken after the restart: " << forged.uplink->dump();
    // The terminal's real receipt for the new message is taken.
    auto fresh = terminal_tx.receipt(codec::Receipt{got.value()->seq, codec::DeliveryState::delivered}).value();
    auto ok = gw.decode(kTerminal, fresh);
    ASSERT_TRUE(ok.uplink.has_value()) << ok.error;
    EXPECT_EQ((*ok.uplink)["id"], "0198c6e0-6c00-7000-8000-000000000002");
    // New uplinks from the terminal still pass.
    auto next = terminal_tx.send(codec::Text{codec::Precedence::routine, "", "收到", clock.now_ms()}, 270);
    EXPECT_TRUE(gw.decode(kTerminal, next.value().frames.at(0)).uplink.has_value());
  }

  // A damaged state file stops the gateway instead of silently starting from zero.
  std::ofstream(keys.state_file) << "{broken";
  EXPECT_THROW(gateway::ThinLinkCodec(clock, keys), std::runtime_error);
}
