// Who a call comes from (ClientSource) and what the per-source limit counts it under
// (ThrottleKey), and the gate's per-source counting with both.
#include "server/auth/login_gate.h"

#include <gtest/gtest.h>

namespace kakunin::server {
namespace {

TEST(ClientSource, IsTheAddressUnlessItIsATrustedProxy) {
  const std::vector<std::string> none, haproxy = {"10.0.0.5", "2001:db8::5"};
  EXPECT_EQ(ClientSource("ipv4:192.0.2.7:40001", none), "192.0.2.7");
  EXPECT_EQ(ClientSource("ipv6:[2001:db8:1:2::7]:40001", none), "2001:db8:1:2::7");
  // An IPv4 client on a dual-stack socket is the IPv4 address.
  EXPECT_EQ(ClientSource("ipv6:[::ffff:192.0.2.7]:40001", none), "192.0.2.7");
  // Through the proxy: one source per connection, and the audit says so.
  EXPECT_EQ(ClientSource("ipv4:10.0.0.5:40001", haproxy), "10.0.0.5:40001 via proxy");
  EXPECT_EQ(ClientSource("ipv4:10.0.0.5:40002", haproxy), "10.0.0.5:40002 via proxy");
  EXPECT_EQ(ClientSource("ipv6:[2001:db8::5]:40003", haproxy), "2001:db8::5:40003 via proxy");
  EXPECT_EQ(ClientSource("ipv4:10.0.0.6:40001", haproxy), "10.0.0.6");
}

TEST(ThrottleKey, GroupsAnIpv6SubscribersNetworkAndNothingElse) {
  EXPECT_EQ(ThrottleKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKey("2001:db8:1:2::7"), "2001:db8:1:2::/64");
  EXPECT_EQ(ThrottleKey("fe80::1%eth0"), "fe80::/64");
  EXPECT_EQ(ThrottleKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(ThrottleKey("10.0.0.5:40001 via proxy"), "10.0.0.5:40001 via proxy");
  EXPECT_EQ(ThrottleKey("local"), "local");
  EXPECT_EQ(ThrottleKey("not:an:address"), "not:an:address");
}

TEST(LoginGate, CountsAnIpv6NetworkTogetherAndProxiedConnectionsApart) {
  LoginGateOptions o;
  o.failures_per_source = 3;
  o.failures_per_login = 100;
  LoginGate gate(o);
  // Three failures from three addresses of one /64: the fourth address of it waits.
  for (const char* a : {"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3"}) {
    ASSERT_EQ(gate.Check(a, "x"), LoginGate::Verdict::kAllowed);
    gate.NoteFailure(a, "x");
  }
  EXPECT_EQ(gate.Check("2001:db8:1:2::99", "x"), LoginGate::Verdict::kSourceThrottled);
  EXPECT_EQ(gate.Check("2001:db8:1:3::1", "x"), LoginGate::Verdict::kAllowed);
  // Through a proxy, one connection's failures are its own.
  for (int i = 0; i < 3; ++i) gate.NoteFailure("10.0.0.5:40001 via proxy", "y");
  EXPECT_EQ(gate.Check("10.0.0.5:40001 via proxy", "y"), LoginGate::Verdict::kSourceThrottled);
  EXPECT_EQ(gate.Check("10.0.0.5:40002 via proxy", "y"), LoginGate::Verdict::kAllowed);
}

// Whoever holds a valid password may log in only so often a minute, from anywhere (the known
// addresses that skip the name's failure limit too): a loop of good logins would keep the hash
// slot from every other console. Other accounts are not held.
TEST(LoginGate, SuccessfulLoginsToOneAccountAreBoundedEvenFromAKnownAddress) {
  LoginGateOptions o;
  o.logins_per_account = 3;
  LoginGate gate(o);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(gate.Check("192.0.2.7", "tencho", nullptr, /*by_login=*/false),
              LoginGate::Verdict::kAllowed);
    gate.NoteSuccess("tencho");
  }
  bool first = false;
  EXPECT_EQ(gate.Check("192.0.2.7", "tencho", &first, /*by_login=*/false),
            LoginGate::Verdict::kTooManyLogins);
  EXPECT_TRUE(first);  // audited once per window
  EXPECT_EQ(gate.Check("198.51.100.1", "tencho", &first), LoginGate::Verdict::kTooManyLogins);
  EXPECT_FALSE(first);
  EXPECT_EQ(gate.Check("192.0.2.7", "admin"), LoginGate::Verdict::kAllowed);
}
}  // namespace
}  // namespace kakunin::server
