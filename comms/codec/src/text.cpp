// Text coding: a shortest-cost split into phrase tokens and literal runs (dynamic programming over
// code points), tried with both charsets; the cheaper wins. plan_text reports that choice.
#include "text.hpp"

#include <limits>
#include <vector>

#include "gb18030.hpp"
#include "lifeline/codec/text_plan.hpp"
#include "utf8.hpp"

namespace lifeline::codec::detail {
namespace {

constexpr size_t kMaxRunCodePoints = 64;  // bounds the DP's work; longer literals become several runs

struct Token {
  bool phrase;
  uint32_t index;      // phrase index
  size_t begin, end;   // code point range for literals
};

struct Plan {
  size_t bits = std::numeric_limits<size_t>::max();
  std::vector<Token> tokens;
};

// `byte_off[i]` is the offset of code point i in the charset's encoding (size n+1).
Plan plan_for(std::string_view text, const std::vector<size_t>& cp_off, const std::vector<size_t>& byte_off,
              const Dictionary& dict) {
  const size_t n = cp_off.size() - 1;
  std::vector<size_t> cp_at_byte(text.size() + 1, SIZE_MAX);
  for (size_t i = 0; i <= n; ++i) cp_at_byte[cp_off[i]] = i;
  std::vector<size_t> best(n + 1, std::numeric_limits<size_t>::max() / 2);
  std::vector<Token> choice(n + 1);
  best[n] = 0;
  for (size_t i = n; i-- > 0;) {
    const std::string_view first = text.substr(cp_off[i], cp_off[i + 1] - cp_off[i]);
    if (const auto* cands = dict.phrases_starting_with(first)) {
      for (uint32_t p : *cands) {
        const std::string& ph = dict.phrases()[p];
        if (text.compare(cp_off[i], ph.size(), ph) != 0) continue;
        const size_t j = cp_at_byte[cp_off[i] + ph.size()];
        const size_t cost = 1 + uv_bits(p) + best[j];
        if (cost < best[i]) best[i] = cost, choice[i] = {true, p, i, j};
      }
    }
    for (size_t j = i + 1; j <= n && j - i <= kMaxRunCodePoints; ++j) {
      const size_t bytes = byte_off[j] - byte_off[i];
      const size_t cost = 1 + uv_bits(static_cast<uint32_t>(bytes - 1)) + 8 * bytes + best[j];
      if (cost < best[i]) best[i] = cost, choice[i] = {false, 0, i, j};
    }
  }
  Plan plan;
  for (size_t i = 0; i < n; i = choice[i].end) plan.tokens.push_back(choice[i]);
  plan.bits = uv_bits(static_cast<uint32_t>(plan.tokens.size())) + (n ? 1 : 0) + best[0];
  return plan;
}

void emit(BitWriter& w, const Plan& plan, bool gb, std::string_view bytes, const std::vector<size_t>& off) {
  w.put_uv(static_cast<uint32_t>(plan.tokens.size()));
  if (!plan.tokens.empty()) w.put_bit(gb);
  for (const auto& t : plan.tokens) {
    w.put_bit(t.phrase);
    if (t.phrase) {
      w.put_uv(t.index);
    } else {
      const size_t b0 = off[t.begin], b1 = off[t.end];
      w.put_uv(static_cast<uint32_t>(b1 - b0 - 1));
      w.put_bytes({reinterpret_cast<const uint8_t*>(bytes.data()) + b0, b1 - b0});
    }
  }
}

// The cheaper of the UTF-8 and the GB18030 plan, with the bytes and offsets its literals come from.
struct Chosen {
  Plan plan;
  bool gb = false;
  std::string gb_bytes;         // the text in GB18030 when gb
  std::vector<size_t> cp_off;   // code point offsets in the UTF-8 text
  std::vector<size_t> lit_off;  // code point offsets in the chosen charset
};

Result<Chosen> choose(std::string_view text, const Dictionary& dict) {
  if (text.size() > kMaxTextBytes) return make_error("too_large_for_link", "text over 1024 bytes");
  if (!valid_utf8(text)) return make_error("bad_field", "text is not UTF-8");
  Chosen c;
  c.cp_off = utf8_offsets(text);
  c.plan = plan_for(text, c.cp_off, c.cp_off, dict);
  c.lit_off = c.cp_off;
  if (auto gb = utf8_to_gb18030(text)) {
    std::vector<size_t> gb_off;
    for (size_t i = 0; i < gb->size(); i += gb18030_char_len(*gb, i)) gb_off.push_back(i);
    gb_off.push_back(gb->size());
    if (gb_off.size() == c.cp_off.size()) {  // one GB18030 character per code point
      Plan gb_plan = plan_for(text, c.cp_off, gb_off, dict);
      if (gb_plan.bits < c.plan.bits) {
        c.plan = std::move(gb_plan);
        c.gb = true;
        c.gb_bytes = std::move(*gb);
        c.lit_off = std::move(gb_off);
      }
    }
  }
  return c;
}

// CJK Unified Ideographs (with extension A and the compatibility block): what "hanzi" counts.
bool is_hanzi(std::string_view text, size_t begin, size_t end) {
  uint32_t cp = 0;
  const auto b = [&](size_t k) { return static_cast<uint8_t>(text[begin + k]); };
  if (end - begin == 3) cp = (b(0) & 0x0Fu) << 12 | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu);
  if (end - begin == 4) cp = (b(0) & 0x07u) << 18 | (b(1) & 0x3Fu) << 12 | (b(2) & 0x3Fu) << 6 | (b(3) & 0x3Fu);
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

}  // namespace

Result<Ok> put_text(BitWriter& w, std::string_view text, const Dictionary& dict) {
  auto c = choose(text, dict);
  if (!c) return c.error();
  emit(w, c->plan, c->gb, c->gb ? std::string_view(c->gb_bytes) : text, c->lit_off);
  return Ok{};
}

bool get_text(BitReader& r, const Dictionary& dict, std::string& out) {
  out.clear();
  const uint32_t ntokens = r.get_uv();
  if (r.failed() || ntokens > kMaxTextTokens) return r.fail(), false;
  if (ntokens == 0) return true;
  const bool gb = r.get_bit();
  std::string literal;
  for (uint32_t t = 0; t < ntokens; ++t) {
    if (r.get_bit()) {
      const uint32_t idx = r.get_uv();
      const std::string* ph = dict.key(DictTable::phrase, idx);
      if (r.failed() || !ph) return r.fail(), false;
      out += *ph;
    } else {
      const uint32_t len = r.get_uv();
      if (r.failed() || len >= kMaxTextBytes || (size_t{len} + 1) * 8 > r.remaining_bits()) return r.fail(), false;
      literal.resize(len + 1);
      for (auto& c : literal) c = static_cast<char>(r.get(8));
      if (gb) {
        auto u = gb18030_to_utf8(literal);
        if (!u) return r.fail(), false;
        out += *u;
      } else {
        if (!valid_utf8(literal)) return r.fail(), false;
        out += literal;
      }
    }
    if (out.size() > kMaxTextBytes) return r.fail(), false;
  }
  return !r.failed();
}

void put_raw(BitWriter& w, std::string_view s) {
  w.put_uv(static_cast<uint32_t>(s.size()));
  w.put_bytes({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

bool get_raw(BitReader& r, std::string& out, size_t max_bytes) {
  const uint32_t len = r.get_uv();
  if (r.failed() || len > max_bytes || size_t{len} * 8 > r.remaining_bits()) return r.fail(), false;
  out.resize(len);
  for (auto& c : out) c = static_cast<char>(r.get(8));
  if (!valid_utf8(out)) return r.fail(), false;
  return true;
}

}  // namespace lifeline::codec::detail

namespace lifeline::codec {

Result<TextPlan> plan_text(std::string_view text, const Dictionary& dict) {
  auto c = detail::choose(text, dict);
  if (!c) return c.error();
  TextPlan out;
  out.bits = c->plan.bits;
  out.gb18030 = c->gb;
  for (const auto& t : c->plan.tokens) {
    size_t hanzi = 0;
    for (size_t i = t.begin; i < t.end; ++i) hanzi += detail::is_hanzi(text, c->cp_off[i], c->cp_off[i + 1]);
    if (!t.phrase) {
      ++out.literal_runs;
      out.literal_hanzi += hanzi;
    } else {
      ++out.phrase_tokens;
      if (t.end - t.begin == 1) out.single_hanzi_phrases += hanzi;
    }
  }
  return out;
}

}  // namespace lifeline::codec
