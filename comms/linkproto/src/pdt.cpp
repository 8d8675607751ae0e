#include "lifeline/linkproto/pdt.hpp"

namespace lifeline::linkproto::pdt {

uint16_t crc16_ccitt(const uint8_t* data, size_t size) {
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= static_cast<uint16_t>(data[i] << 8);
    for (int b = 0; b < 8; ++b) crc = (crc & 0x8000) ? static_cast<uint16_t>(crc << 1 ^ 0x1021) : static_cast<uint16_t>(crc << 1);
  }
  return crc;
}

uint32_t crc32_ieee(const uint8_t* data, size_t size) {
  uint32_t crc = 0xFFFFFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
  }
  return ~crc;
}

size_t blocks_for(size_t payload_size) { return (payload_size + 4 + kBlockBytes - 1) / kBlockBytes; }

static void put24(std::string& s, uint32_t v) {
  s.push_back(static_cast<char>(v >> 16));
  s.push_back(static_cast<char>(v >> 8));
  s.push_back(static_cast<char>(v));
}
static uint32_t get24(const uint8_t* p) { return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]; }
static const uint8_t* u8(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }
static const uint8_t* u8(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

static std::string header(uint8_t kind, uint32_t dst, uint32_t src, uint8_t blocks, uint8_t seq, uint8_t extra) {
  std::string h;
  h.push_back(static_cast<char>(kind));
  put24(h, dst);
  put24(h, src);
  h.push_back(static_cast<char>(blocks));
  h.push_back(static_cast<char>(seq));
  h.push_back(static_cast<char>(extra));
  uint16_t crc = crc16_ccitt(u8(h), h.size());
  h.push_back(static_cast<char>(crc >> 8));
  h.push_back(static_cast<char>(crc));
  return h;
}

Result<std::string> encode(const Frame& f) {
  using R = Result<std::string>;
  if (const auto* a = std::get_if<AckFrame>(&f)) {
    if (a->destination > kMaxRadioId || a->source > kMaxRadioId) return R::fail("radio id above 24 bits");
    return R::ok(header(kKindAck, a->destination, a->source, 0, a->sequence, static_cast<uint8_t>(a->status)));
  }
  const auto& d = std::get<DataFrame>(f);
  if (d.destination > kMaxRadioId || d.source > kMaxRadioId) return R::fail("radio id above 24 bits");
  if (d.payload.size() > kMaxPayload) return R::fail("payload above 284 bytes");
  size_t blocks = blocks_for(d.payload.size());
  size_t pad = blocks * kBlockBytes - 4 - d.payload.size();
  std::string out = header(kKindData, d.destination, d.source, static_cast<uint8_t>(blocks), d.sequence,
                           static_cast<uint8_t>(pad));
  std::string body = d.payload + std::string(pad, '\0');
  uint32_t crc = crc32_ieee(u8(body), body.size());
  for (int s = 24; s >= 0; s -= 8) body.push_back(static_cast<char>(crc >> s));
  return R::ok(out + body);
}

// Header checks shared by decode() and the stream reader; returns the block count.
static Result<size_t> check_header(const uint8_t* h) {
  using R = Result<size_t>;
  if (h[0] != kKindData && h[0] != kKindAck) return R::fail("unknown frame kind");
  uint16_t crc = static_cast<uint16_t>(h[10] << 8 | h[11]);
  if (crc != crc16_ccitt(h, 10)) return R::fail("header CRC mismatch");
  size_t blocks = h[7];
  if (h[0] == kKindAck && blocks != 0) return R::fail("ACK with data blocks");
  if (h[0] == kKindAck && h[9] > 2) return R::fail("unknown ACK status");
  if (h[0] == kKindData && (blocks == 0 || blocks > kMaxBlocks)) return R::fail("block count out of range");
  if (h[0] == kKindData && h[9] > blocks * kBlockBytes - 4) return R::fail("pad longer than the data");
  return R::ok(blocks);
}

Result<Frame> decode(std::string_view bytes) {
  using R = Result<Frame>;
  if (bytes.size() < kHeaderBytes) return R::fail("shorter than a header");
  const uint8_t* h = u8(bytes);
  auto blocks = check_header(h);
  if (!blocks) return R::fail(blocks.error);
  if (bytes.size() != kHeaderBytes + *blocks * kBlockBytes) return R::fail("length does not match block count");
  if (h[0] == kKindAck)
    return R::ok(AckFrame{get24(h + 1), get24(h + 4), h[8], static_cast<AckStatus>(h[9])});
  std::string_view body = bytes.substr(kHeaderBytes);
  size_t data_len = body.size() - 4;
  uint32_t crc = 0;
  for (size_t i = 0; i < 4; ++i) crc = crc << 8 | static_cast<uint8_t>(body[data_len + i]);
  if (crc != crc32_ieee(u8(body), data_len)) return R::fail("data CRC mismatch");
  size_t pad = h[9];
  for (size_t i = data_len - pad; i < data_len; ++i)
    if (body[i] != 0) return R::fail("non-zero padding");
  return R::ok(DataFrame{get24(h + 1), get24(h + 4), h[8], std::string(body.substr(0, data_len - pad))});
}

void FrameReader::feed(std::string_view bytes) {
  buf_.append(bytes);
  size_t p = 0;
  while (buf_.size() - p >= kHeaderBytes) {
    const uint8_t* h = u8(buf_) + p;
    auto blocks = check_header(h);
    if (!blocks) {  // not a header here: slide by one byte
      ++p;
      ++skipped_;
      continue;
    }
    size_t total = kHeaderBytes + *blocks * kBlockBytes;
    if (buf_.size() - p < total) break;
    items_.push_back(Item{decode(std::string_view(buf_).substr(p, total)), get24(h + 4), h[8]});
    p += total;
  }
  buf_.erase(0, p);
}

bool FrameReader::next(Item& out) {
  if (items_.empty()) return false;
  out = std::move(items_.front());
  items_.pop_front();
  return true;
}

}  // namespace lifeline::linkproto::pdt
