// Every user-facing text of lifeline-field in zh-CN and en, in one table (src/strings.cpp).
#pragma once
#include <string>

namespace lifeline::field {

enum class Lang { zh, en };

// Language from LIFELINE_LANG / LANG (zh* → zh, else en), or an explicit "zh"/"en".
Lang pick_lang(const std::string& explicit_choice = "");
// Text for `key`; an unknown key is returned as is (so a missing entry shows, never crashes).
std::string tr(Lang lang, const std::string& key);
// Both languages, "zh / en", for messages that must be understood whoever holds the device.
std::string tr_both(const std::string& key);

}  // namespace lifeline::field
