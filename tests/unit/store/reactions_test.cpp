// Reactions (domain/reactions.hpp) run inside the emitting operation: their events and writes
// commit with the cause, one that throws is undone alone (the cause and the other reactions stay),
// and a reaction loop stops at the depth limit, undoing only the reaction that went too deep.
#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/reactions.hpp"
#include "store_fixture.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {

json unit(const std::string& name) { return {{"kind", "township"}, {"name", name}, {"parent_id", nullptr}}; }

struct ReactionsTest : StoreFixture {
  domain::Reactions reactions;
  // One transaction, as the engine runs one: returns the events it recorded.
  std::vector<store::Event> run(const std::function<void(domain::OpContext&)>& fn) {
    domain::OpContext ctx(*store, admin, clock.now_ms(), "ip", clock);
    ctx.set_reactions(&reactions);
    store->begin_batch();
    store->savepoint();
    fn(ctx);
    store->release();
    store->commit_batch();
    return ctx.events();
  }
  int64_t units() { return store->query_one("SELECT COUNT(*) AS n FROM units")["n"]; }
};

}  // namespace

TEST_F(ReactionsTest, EffectsCommitWithTheirCauseAndAFailingOneIsUndoneAlone) {
  reactions.on("unit.created", "mirror", [](domain::OpContext& ctx, const store::Event& e) {
    if (e.subject.rfind("M-", 0) != 0) ctx.emit("unit.created", "M-" + e.subject, unit("镜像"));
  });
  reactions.on("unit.created", "broken", [](domain::OpContext& ctx, const store::Event& e) {
    if (e.subject.rfind("M-", 0) == 0) return;
    ctx.emit("unit.created", "X-" + e.subject, unit("半途"));
    throw std::runtime_error("this reaction fails after a write");
  });
  auto events = run([](domain::OpContext& ctx) { ctx.emit("unit.created", "P1", unit("石塘镇")); });
  ASSERT_EQ(events.size(), 2u);  // the cause and the mirror; the broken reaction's write is gone
  EXPECT_EQ(events[0].subject, "P1");
  EXPECT_EQ(events[1].subject, "M-P1");
  EXPECT_EQ(units(), 2);
  EXPECT_TRUE(store->query_one("SELECT id FROM units WHERE id = 'X-P1'").is_null());
  auto logged = store->query_one("SELECT COUNT(*) AS n FROM events")["n"].get<int64_t>();
  EXPECT_EQ(logged, 2);
}

TEST_F(ReactionsTest, ALoopStopsAtTheDepthLimit) {
  int calls = 0;
  reactions.on("unit.created", "loop", [&](domain::OpContext& ctx, const store::Event& e) {
    ++calls;
    ctx.emit("unit.created", e.subject + "+", unit("环"));
  });
  auto events = run([](domain::OpContext& ctx) { ctx.emit("unit.created", "L", unit("起点")); });
  // L, L+, L++ stay; the reaction that emitted L+++ reached the limit, so it (and L+++) is undone.
  EXPECT_EQ(events.size(), static_cast<size_t>(domain::Reactions::kMaxDepth - 1));
  EXPECT_EQ(units(), static_cast<int64_t>(events.size()));
  EXPECT_EQ(calls, domain::Reactions::kMaxDepth - 1);
}
