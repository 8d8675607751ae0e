// Typed BeiDou sentences: the 2.1 set ($CCICA, $BDICI, $CCTXA, $BDTXR, $BDFKI) and the BeiDou-3 set
// ($CCICR, $BDICP, $CCTCQ, $BDTCI, $BDFKI in its BD-3 layout). Field orders, codes and their sources
// are in links.md §1.3 and §1.5; schema/links.md documents what we emit and accept.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

#include "lifeline/linkproto/hex.hpp"
#include "lifeline/linkproto/nmea.hpp"

namespace lifeline::linkproto::beidou {

// Content encodings of $CCTXA/$BDTXR (2.1): 0 Chinese (raw GBK bytes), 1 code (hex digits),
// 2 mixed ("A4" + hex of the bytes).
enum class Encoding21 : int { chinese = 0, code = 1, mixed = 2 };
// $CCTCQ/$BDTCI (BD-3): 1 Chinese, 2 code, 3 mixed; 4/5 compressed forms are passed through.
enum class Encoding3 : int { chinese = 1, code = 2, mixed = 3, compressed_chinese = 4, compressed_code = 5 };

// Content field text for binary payload bytes: mixed = "A4" + hex, code = hex.
std::string content_for_bytes(const Bytes& payload, bool mixed);
// Payload bytes of a content field. Chinese: the raw bytes; code: hex-decoded; mixed: "A4" then hex.
Result<Bytes> bytes_of_content(const std::string& content, bool chinese, bool mixed);

struct CardQuery {  // $CCICA host -> terminal
  int command_type = 0;           // 0 = own card
  std::string frame = "00";       // width varies among sources: 0, 00, 000 are all accepted
};
struct CardInfo {  // $BDICI terminal -> host
  std::string address = "0000000";  // 7 digits, 0000000 = no card
  std::string serial = "00000000";
  std::string broadcast = "0000000";
  int user_type = 0;
  int frequency_s = 60;  // service frequency: minimum seconds between sends
  int level = 1;         // communication level 1-4
  char encryption = 'N';
  int subordinates = 0;
};
struct SendRequest21 {  // $CCTXA host -> terminal
  std::string destination;  // 7 digits
  int message_class = 1;    // 0 express, 1 normal
  Encoding21 encoding = Encoding21::mixed;
  std::string content;      // wire text of the content field
};
struct Received21 {  // $BDTXR terminal -> host
  int info_class = 1;  // 1 normal, 2 express, 3 broadcast, 4/5 fetched
  std::string sender;
  Encoding21 encoding = Encoding21::mixed;
  std::string send_time;  // empty for classes 1-3
  std::string content;
};
struct Feedback21 {  // $BDFKI 2.1 layout
  std::string command = "TXA";
  bool executed = true;
  bool frequency_ok = true;
  int inhibit = 0;    // 0 none, 1 system, 2 low battery, 3 radio silence
  int wait_s = 0;
};
struct CardQuery3 {  // $CCICR
  int command_type = 0;
  std::string frame = "00";
};
struct CardInfo3 {  // $BDICP: field 1 user id ("0" = no card); further fields kept raw
  std::string user_id;
  std::vector<std::string> rest;
};
struct SendRequest3 {  // $CCTCQ
  std::string destination;
  int frequency_point = 2;  // 1-5
  int confirm = 1;          // 1 no inbound confirmation, 2 yes
  Encoding3 encoding = Encoding3::mixed;
  std::string content;
  int repeat = 0;  // 0 = once
};
struct Received3 {  // $BDTCI: sender, receiver, frequency point, hhmmss, encoding, flag, content
  std::string sender, receiver;
  int frequency_point = 2;
  std::string time;  // hhmmss
  Encoding3 encoding = Encoding3::mixed;
  int flag = 0;
  std::string content;
};
struct Feedback3 {  // $BDFKI BD-3 layout: hhmmss, request type, Y/N, reason, remaining wait
  std::string time = "000000";
  std::string request = "TCQ";
  bool ok = true;
  int reason = 0;  // 1 frequency not reached, 2 inhibited, 3 silence, 4 power not locked, 5 no IC, 6 no permission
  int wait_s = 0;
};

using Message = std::variant<CardQuery, CardInfo, SendRequest21, Received21, Feedback21, CardQuery3, CardInfo3,
                             SendRequest3, Received3, Feedback3>;

// Full sentence bytes ("$...*hh\r\n") for a typed message.
std::string emit(const Message& m);
// Typed view of a checked sentence; unknown addresses and malformed fields are refused.
Result<Message> decode(const Sentence& s);
// parse_sentence + decode.
Result<Message> parse(std::string_view line);

bool is_digits(std::string_view s, size_t min_len, size_t max_len);

}  // namespace lifeline::linkproto::beidou
