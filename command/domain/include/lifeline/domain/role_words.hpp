// A role as people say it ("值班员", "duty officer"), for messages a user reads; the keys of
// schema/roles.json are for programs. The console's i18n table (role.*) uses the same words.
#pragma once
#include <string>

namespace lifeline::domain {

struct RoleWords {
  std::string zh, en;
};

// The role's words; an unknown role comes back as itself in both languages.
RoleWords role_words(const std::string& role);

}  // namespace lifeline::domain
