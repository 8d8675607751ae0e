// A realm store in a temp dir plus the domain operations, driven without the network.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "lifeline/api_error.hpp"
#include "lifeline/clock.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/store/realm_store.hpp"
#include "lifeline/testing/server_process.hpp"

namespace lifeline::testing {

struct StoreFixture : ::testing::Test {
  TempDir dir;
  ManualClock clock{1755651600000};  // 2025-08-20T01:00:00Z
  std::shared_ptr<store::Projector> projector = std::make_shared<store::Projector>();
  std::unique_ptr<store::RealmStore> store = open();
  domain::OpRegistry ops;
  domain::Actor admin{"", "system", "system", "", ""};

  std::unique_ptr<store::RealmStore> open() {
    store::OpenOptions o;
    o.synchronous = "NORMAL";  // durability is the crash tests' business; these test logic
    return std::make_unique<store::RealmStore>(dir.path() + "/live.db", "live", projector, clock.now_ms(), o);
  }

  // Runs one operation in its own transaction, as the engine would; returns its result or throws.
  nlohmann::json op(const std::string& name, const nlohmann::json& body, const domain::Actor* actor = nullptr) {
    domain::OpContext ctx(*store, actor ? *actor : admin, clock.now_ms(), "ip", clock);
    store->begin_batch();
    store->savepoint();
    try {
      const auto* spec = ops.find(name);
      if (!spec) throw std::runtime_error("the fixture has no op " + name + " registered");
      auto result = spec->handler(ctx, body);
      store->release();
      store->commit_batch();
      return result;
    } catch (...) {
      store->rollback_savepoint();
      store->commit_batch();
      throw;
    }
  }

  std::string error_of(const std::string& name, const nlohmann::json& body) {
    try {
      op(name, body);
    } catch (const ApiError& e) {
      return e.code();
    }
    return "ok";
  }

  void seed_city() {
    op("unit.create", {{"id", "city"}, {"kind", "city"}, {"name", "示范市"}});
    op("unit.create", {{"id", "county-1"}, {"kind", "county"}, {"name", "滨海县"}, {"parent_id", "city"}});
    op("unit.create", {{"id", "P0001"}, {"kind", "township"}, {"name", "石塘镇"}, {"parent_id", "county-1"}});
  }
};

}  // namespace lifeline::testing
