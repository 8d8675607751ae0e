// The CAP 1.2 documents Lifeline publishes from its state (schema/cap.md §HTTP): a warning it holds,
// an incident's public notice, and the Atom feed of current warnings. Read-only; state thread.
#pragma once
#include <optional>
#include <string>

#include "lifeline/store/realm_store.hpp"

namespace lifeline::warnings {

// The <sender> of everything Lifeline publishes.
inline constexpr const char* kLifelineSender = "lifeline@demo-city.example";

// The warning as CAP: Lifeline is the sender, the department that issued it the <source>; a
// cancelled warning is a Cancel referring to the Lifeline alert. nullopt if unknown or not Public.
std::optional<std::string> warning_cap_xml(store::RealmStore& s, const std::string& warning_id);
// The incident's public notice (type, level, place, casualties; zh-CN and en); status Exercise when
// `exercise` (a drill realm). nullopt if unknown.
std::optional<std::string> incident_cap_xml(store::RealmStore& s, const std::string& incident_id, bool exercise);
// Atom feed of the active Public warnings not yet expired at `now`, newest first.
std::string warnings_atom(store::RealmStore& s, int64_t now, const std::string& self_url);

}  // namespace lifeline::warnings
