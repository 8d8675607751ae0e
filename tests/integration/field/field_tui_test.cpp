// The terminal UI driven through tmux (send-keys / capture-pane): an order arrives, the person
// opens it, acknowledges it, and the centre's delivery receipt turns to read.
#include "field_common.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
struct FieldTui : FieldFixture {
  std::string session = "lifeline-field-tui-" + std::to_string(::getpid());
  std::string socket = dir.path() + "/tmux.sock";
  ~FieldTui() override { tmux({"kill-server"}); }
  ProgramResult tmux(std::vector<std::string> args) {
    std::vector<std::string> argv = {"/usr/bin/tmux", "-S", socket};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, 10000);
  }
  std::string screen() { return tmux({"capture-pane", "-p", "-t", session}).out; }
  bool screen_shows(const std::string& text, int ms = 15000) {
    return eventually([&] { return screen().find(text) != std::string::npos; }, ms);
  }
};
}  // namespace

TEST_F(FieldTui, ReadAndAcknowledgeAnOrderTurnsTheReceiptToRead) {
  if (run_program({"/usr/bin/tmux", "-V"}).rc != 0) GTEST_SKIP() << "tmux is not installed (.ci/install installs it)";
  enrol();
  field.start();
  auto t = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}, {"note", "Evacuate Xiayang"}});
  ASSERT_TRUE(eventually([&] { return inbox().size() == 1; }));
  std::string cmd = "LANG=C.UTF-8 TERM=xterm-256color " + FieldClient::program() + " --db " + field.db() + " --lang en tui";
  ASSERT_EQ(tmux({"new-session", "-d", "-s", session, "-x", "140", "-y", "30", cmd}).rc, 0);
  ASSERT_TRUE(screen_shows("[FLASH]")) << screen();
  EXPECT_NE(screen().find("Evacuate Xiayang"), std::string::npos);
  EXPECT_NE(screen().find("unread"), std::string::npos) << screen();
  tmux({"send-keys", "-t", session, "Enter"});
  ASSERT_TRUE(screen_shows(t["message_id"].get<std::string>())) << screen();  // the detail line
  EXPECT_NE(screen().find("(read"), std::string::npos) << screen();
  tmux({"send-keys", "-t", session, "a"});
  ASSERT_TRUE(screen_shows("(acknowledged")) << screen();
  ASSERT_TRUE(eventually([&] { return delivery(t["message_id"])["state"] == "read"; })) << delivery(t["message_id"]).dump();
  EXPECT_EQ(delivery(t["message_id"])["answer"], "accept");
  EXPECT_EQ(task(t["id"])["status"], "acknowledged");
  // Language switch: the same screen in Chinese.
  tmux({"send-keys", "-t", session, "l"});
  ASSERT_TRUE(screen_shows("特急")) << screen();
  // A situation report typed into the TUI reaches the outbox and then the centre.
  tmux({"send-keys", "-t", session, "r"});
  ASSERT_TRUE(screen_shows("情况报告")) << screen();
  tmux({"send-keys", "-t", session, "-l", "bridge out"});
  tmux({"send-keys", "-t", session, "Enter"});
  ASSERT_TRUE(eventually([&] {
    auto o = field.json_of({"outbox", "--json"});
    for (auto& i : o)
      if (i["kind"] == "report" && i["body"]["text"] == "bridge out") return i["state"] == "done";
    return false;
  }));
  tmux({"send-keys", "-t", session, "q"});
}
