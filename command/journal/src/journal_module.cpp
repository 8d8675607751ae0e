#include "lifeline/journal/journal.hpp"

namespace lifeline::journal {

void install(app::Engine& engine) { register_journal_ops(engine.ops()); }

}  // namespace lifeline::journal
