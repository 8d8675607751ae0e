// The journal (值班日志, schema/journal.md): the significant events of the event log — incidents,
// levels, orders and receipts, messages, warnings, consultations, deadlines, duty — each with who
// and when and what a sentence about it needs, per incident, per shift or for the whole centre.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/store/event.hpp"

namespace lifeline::journal {

using nlohmann::json;

// The groups a caller filters by, in the order the console shows them.
const std::vector<std::string>& groups();
// The event kinds each group draws from (a superset: group_of decides per event).
std::vector<std::string> kinds_of(const std::vector<std::string>& groups);
// The group of one event, or nullopt when it is not significant (positions, status pings, a delivery
// queued or sent or retried, an order's own envelope — the task events say it; an order's receipt
// deadline opened, met or cancelled — the order and its receipt say it). `about_kind` is the bus
// message's kind for bus.* events, the deadline's kind for deadline.* events ("" when unknown).
std::optional<std::string> group_of(const store::Event& e, const std::string& about_kind);

// Builds journal entries from events: which incident an event belongs to, who did it by name, and
// the fields a sentence needs (names and titles, never ids alone). Lookups are memoised for one
// request.
class EntryWriter {
 public:
  explicit EntryWriter(domain::OpContext& ctx) : ctx_(ctx) {}
  // The incident an object (incident, task, consultation, deadline, release, message) belongs to, or "".
  std::string incident_of(const std::string& id, int depth = 0);
  std::string incident_of(const store::Event& e);
  // The kind of a bus message ("" when unknown).
  std::string message_kind(const std::string& message_id);
  // The kind of a deadline ("" when unknown).
  std::string deadline_kind(const std::string& deadline_id);
  // Every object id whose events belong to the incident (its tasks, consultations, releases, their
  // deadlines and messages), the incident itself first.
  json related_ids(const std::string& incident_id);
  // One entry: {seq, at, kind, group, subject, incident_id?, actor, actor_name, summary}.
  json entry(const store::Event& e, const std::string& group);
  // The text `q` searches: every string and number of the entry, lower-cased (ASCII).
  static std::string haystack(const json& entry);

 private:
  json name_of(const std::string& address);
  json incident_row(const std::string& id);
  json summary(const store::Event& e, const std::string& incident_id);

  domain::OpContext& ctx_;
  std::map<std::string, std::string> incident_of_;
  std::map<std::string, std::string> message_kind_;
  std::map<std::string, std::string> deadline_kind_;
  std::map<std::string, json> names_;
  std::map<std::string, json> incidents_;
};

// journal.list (schema/journal.md).
void register_journal_ops(domain::OpRegistry& r);

void install(app::Engine& engine);

}  // namespace lifeline::journal
