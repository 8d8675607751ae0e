// The field client's server address: ws:// and wss:// with their default ports, IPv6, and refusals.
#include <gtest/gtest.h>

#include "lifeline/field/ws_url.hpp"

using lifeline::field::parse_ws_url;

TEST(WsUrl, AcceptsWsAndWssWithDefaultPorts) {
  auto u = parse_ws_url("wss://command.example:8443/ws");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "command.example");
  EXPECT_EQ(u->port, "8443");
  EXPECT_EQ(u->path, "/ws");
  EXPECT_EQ(parse_ws_url("wss://command.example")->port, "443");
  EXPECT_EQ(parse_ws_url("ws://10.0.0.1")->port, "80");
  auto bare = parse_ws_url("127.0.0.1:8080");
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->tls);
  auto v6 = parse_ws_url("wss://[::1]:9000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");
}

TEST(WsUrl, RefusesOtherSchemesBadPortsAndInjection) {
  for (const char* bad : {"https://h:1", "http://h:1", "wss://:443", "wss://h:0", "wss://h:65536", "wss://h:-1", "wss://h:12a",
                          "ws://h:1 x", "ws://h:1\r\nX: y", "wss://user@h:1", "wss://[::1", "wss://[::1]x", "wss://a:b:c", "h",
                          "wss://h:123456"})
    EXPECT_FALSE(parse_ws_url(bad)) << bad;
}
