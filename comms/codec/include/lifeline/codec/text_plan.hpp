// How the encoder carries a text field (schema/codec.md §5), without encoding a frame: what the
// budget tests and the benchmark count as the hanzi a text's dictionary did not know.
#pragma once
#include <cstddef>
#include <string_view>

#include "lifeline/codec/dictionary.hpp"
#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

struct TextPlan {
  size_t bits = 0;                  // the text field on the wire
  bool gb18030 = false;             // literals in GB18030 (else UTF-8)
  size_t phrase_tokens = 0;
  size_t literal_runs = 0;
  size_t literal_hanzi = 0;         // hanzi carried as literal bytes
  size_t single_hanzi_phrases = 0;  // hanzi carried by a one-character phrase (no word matched)
  // Hanzi no word of the dictionary covered: the "unseen" hanzi of the 12-character promise.
  size_t unseen_hanzi() const { return literal_hanzi + single_hanzi_phrases; }
};

// The reference encoder's choice for `utf8`; errors as encode's (bad_field, too_large_for_link).
Result<TextPlan> plan_text(std::string_view utf8, const Dictionary& dict);

}  // namespace lifeline::codec
