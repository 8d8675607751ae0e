// UTF-8 <-> GBK (a superset of GB2312). BeiDou Chinese-mode content travels as GB2312/GBK bytes and
// its checksum runs over those bytes (links.md §5.1), so gateways transcode at the edge.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::linkproto {

// nullopt when the input is not valid in the source encoding or has no GBK form.
std::optional<std::string> utf8_to_gbk(std::string_view utf8);
std::optional<std::string> gbk_to_utf8(std::string_view gbk);

}  // namespace lifeline::linkproto
