// SMS in PDU mode (3GPP TS 23.040 / 23.038): SMS-SUBMIT (host -> network) and SMS-DELIVER
// (network -> host) with GSM 7-bit, 8-bit data and UCS2 (Chinese) user data, and concatenated
// messages (user-data header IEI 0x00, 8-bit reference; IEI 0x08 accepted on decode). PDUs here
// always start with the SMSC field; AT+CMGS wants the TPDU length, i.e. without that field.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "lifeline/linkproto/hex.hpp"
#include "lifeline/linkproto/result.hpp"

namespace lifeline::linkproto::sms {

enum class Coding { gsm7 = 0, data8 = 4, ucs2 = 8 };

struct Concat {
  uint16_t ref = 0;
  uint8_t total = 1;
  uint8_t seq = 1;
  bool operator==(const Concat&) const = default;
};

struct Submit {
  std::string destination;  // "+8613800000000" (international) or national digits
  Coding coding = Coding::gsm7;
  std::string user_data;    // gsm7/ucs2: UTF-8 text; data8: raw bytes
  std::optional<Concat> concat;
  uint8_t message_ref = 0;
  bool status_report = false;
  uint8_t validity = 0xA7;  // TP-VP, relative format: 0xA7 = 24 hours
};

struct Deliver {
  std::string originator;  // digits with a leading + when international, or alphanumeric text
  Coding coding = Coding::gsm7;
  std::string user_data;
  std::optional<Concat> concat;
  int64_t timestamp_ms = 0;  // service-centre time stamp, UTC
  int tz_quarters = 0;       // its zone, in quarters of an hour east of UTC
};

struct Pdu {
  std::string hex;      // upper-case hex, SMSC field included ("00" = default SMSC)
  int tpdu_length = 0;  // the number AT+CMGS=<n> takes
};

// True when every character of `utf8` is in the GSM 7-bit default alphabet (or its extension).
bool gsm7_representable(std::string_view utf8);
// Septet count of `utf8` in GSM 7-bit (extension characters count 2); nullopt if not representable.
std::optional<size_t> gsm7_length(std::string_view utf8);

Result<Pdu> encode_submit(const Submit& m);
Result<Pdu> encode_deliver(const Deliver& m);
Result<Submit> decode_submit(std::string_view hex);
Result<Deliver> decode_deliver(std::string_view hex);

// Splits a text (GSM 7-bit when it fits the alphabet, else UCS2) or a binary payload into as many
// SMS-SUBMITs as needed, with concatenation headers (reference `ref`) when more than one.
Result<std::vector<Submit>> split_text(const std::string& destination, std::string_view utf8, uint8_t ref);
Result<std::vector<Submit>> split_data(const std::string& destination, std::string_view bytes, uint8_t ref);

// Collects the parts of concatenated messages; returns the whole user data when the last part is in.
class ConcatAssembler {
 public:
  explicit ConcatAssembler(size_t max_pending = 64) : max_pending_(max_pending) {}
  std::optional<Deliver> add(Deliver part);
  size_t pending() const { return groups_.size(); }

 private:
  using Key = std::tuple<std::string, uint16_t, uint8_t>;
  struct Group {
    std::map<uint8_t, Deliver> parts;
    uint64_t order = 0;
  };
  std::map<Key, Group> groups_;
  size_t max_pending_;
  uint64_t counter_ = 0;
};

// Unicode helpers shared with the tests.
std::optional<std::u32string> utf8_decode(std::string_view s);
std::string utf8_encode(std::u32string_view s);

}  // namespace lifeline::linkproto::sms
