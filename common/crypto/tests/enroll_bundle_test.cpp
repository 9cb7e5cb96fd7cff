// The enrollment bundle's text form: it round-trips, and anything that is not exactly a bundle
// is refused with a reason (a bundle is typed or scanned at a store, so it must fail loudly).

#include "common/crypto/enroll_bundle.h"

#include <gtest/gtest.h>

namespace kakunin::crypto {
namespace {

EnrollBundle Sample() {
  return {{"hq1.example.jp:7443", "10.0.0.2:7443"}, std::string(64, 'a'), "honcho", "Xy-9_zQ"};
}

TEST(EnrollBundle, RoundTrips) {
  const std::string text = FormatEnrollBundle(Sample());
  EXPECT_EQ(text, "kakunin-enroll:v1?server=hq1.example.jp:7443&server=10.0.0.2:7443&ca=sha256:" +
                      std::string(64, 'a') + "&site=honcho&token=Xy-9_zQ");
  auto parsed = ParseEnrollBundle(" " + text + "\n");  // as pasted
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->servers, Sample().servers);
  EXPECT_EQ(parsed->ca_sha256_hex, std::string(64, 'a'));
  EXPECT_EQ(parsed->site_id, "honcho");
  EXPECT_EQ(parsed->token, "Xy-9_zQ");
}

TEST(EnrollBundle, RefusesWhatIsNotABundle) {
  const std::string ok = FormatEnrollBundle(Sample());
  const std::string fp = "ca=sha256:" + std::string(64, 'a');
  const std::vector<std::string> bads = {
      std::string("https://example.jp/?server=a:1"),
      ok.substr(0, ok.find("&token")),                                // no token
      "kakunin-enroll:v1?" + fp + "&site=honcho&token=t",             // no server
      "kakunin-enroll:v1?server=hq:0&" + fp + "&site=s&token=t",      // port 0
      "kakunin-enroll:v1?server=hq:99999&" + fp + "&site=s&token=t",  // port too big
      "kakunin-enroll:v1?server=h q:1&" + fp + "&site=s&token=t",     // space in host
      std::string("kakunin-enroll:v1?server=hq:1&ca=sha256:ABC&site=s&token=t"),
      "kakunin-enroll:v1?server=hq:1&" + fp + "&site=s&token=t;rm",   // bad token
      "kakunin-enroll:v1?server=hq:1&" + fp + "&site=s&token=t&x=1",  // unknown field
      ok + std::string(3000, 'a'),                                    // too long
      // HQ's limit (EnrollRequest.token): refused here, not after a round trip to HQ.
      "kakunin-enroll:v1?server=hq:1&" + fp + "&site=s&token=" + std::string(65, 't'),
      "kakunin-enroll:v1?server=hq:1&" + fp + "&site=s&token=" + std::string(256, 't'),
      "kakunin-enroll:v1?server=hq:1&" + fp + "&site=" + std::string(65, 's') + "&token=t",
  };
  for (const std::string& bad : bads) {
    auto r = ParseEnrollBundle(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().reason(), "bundle.malformed") << bad;
  }
}

TEST(EnrollBundle, TakesATokenOfHqsLongestLength) {
  EnrollBundle b = Sample();
  b.token = std::string(64, 't');
  b.site_id = std::string(64, 's');
  auto parsed = ParseEnrollBundle(FormatEnrollBundle(b));
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  EXPECT_EQ(parsed->token, b.token);
  EXPECT_EQ(parsed->site_id, b.site_id);
}

}  // namespace
}  // namespace kakunin::crypto
