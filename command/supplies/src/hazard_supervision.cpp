// Overdue hazards go under city listed supervision (挂牌督办, seed-digest §4 "Overdue hazards") by
// themselves: when a hazard's rectification deadline is missed, in the transaction that records the
// miss, so a crash can never leave an overdue hazard unlisted.
#include "lifeline/supplies/supplies.hpp"

namespace lifeline::supplies {

void install_hazard_supervision(app::Engine& engine) {
  engine.reactions().on("deadline.missed", "hazards: overdue listed for supervision",
                        [](domain::OpContext& ctx, const store::Event& e) {
    auto d = ctx.store().query_one("SELECT kind, subject FROM deadlines WHERE id = ?", {e.subject});
    if (d.is_null() || d["kind"] != "hazard.rectify") return;
    auto h = ctx.store().query_one("SELECT listed, status FROM hazards WHERE id = ?", {d["subject"]});
    if (h.is_null() || h["listed"].get<int64_t>() == 1 || h["status"] == "closed" || h["status"] == "rejected") return;
    ctx.emit("hazard.listed", d["subject"], {{"reason", "overdue"}, {"deadline_id", e.subject}});
  });
}

}  // namespace lifeline::supplies
