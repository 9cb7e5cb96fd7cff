// The limits of what a terminal may send (server/ingest/result_limits.h), as a table: every
// bounded field at its limit passes, one over is refused with a reason naming the field; NUL,
// control characters and broken UTF-8 are refused wherever they appear.

#include "server/ingest/result_limits.h"

#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kakunin/v1/agent.pb.h"

namespace kakunin::server {
namespace {

const int64_t kNow = 1795000000;  // 2026-11-18

v1::CheckResult Good() {
  v1::CheckResult r;
  r.set_sequence(7);
  r.set_check_id("0b1e7c52-3d1f-4a8e-9c3b-2f5a6d7e8f90");
  r.mutable_checked_at()->set_seconds(kNow - 60);
  r.set_mode(v1::IDENTITY_MODE_PIN);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  r.mutable_reader()->set_name("Virtual PCD 00 00");
  r.mutable_reader()->set_atr_hex("3B8880010000000000000000");
  r.set_apdu_count(12);
  r.set_duration_ms(1800);
  auto* e = r.mutable_eligibility();
  e->set_name("山田 太郎");
  e->set_name_kana("ヤマダ タロウ");
  e->set_address("東京都千代田区霞が関1-2-2");
  e->set_copayment_percent(30);
  e->set_personal_family(1);
  return r;
}

TEST(ResultLimits, AWellFormedResultPasses) {
  EXPECT_EQ(ValidateCheckResult(Good(), kNow), std::nullopt);
}

struct Case {
  const char* what;
  std::function<void(v1::CheckResult&)> edit;
  const char* reason_part;  // nullptr: must pass
};

TEST(ResultLimits, EveryBoundedFieldAtItsLimitAndOver) {
  const Case cases[] = {
      {"sequence 0", [](auto& r) { r.set_sequence(0); }, "sequence 0"},
      {"sequence 1", [](auto& r) { r.set_sequence(1); }, nullptr},
      {"sequence 2^63-1", [](auto& r) { r.set_sequence(INT64_MAX); }, nullptr},
      {"sequence 2^63", [](auto& r) { r.set_sequence(uint64_t{1} << 63); },
       "sequence out of range"},
      {"sequence max", [](auto& r) { r.set_sequence(UINT64_MAX); }, "sequence out of range"},
      {"mode unknown", [](auto& r) { r.set_mode(static_cast<v1::IdentityMode>(40000)); },
       "CheckResult.mode has an unknown value"},
      {"outcome negative", [](auto& r) { r.set_outcome(static_cast<v1::Outcome>(-1)); },
       "CheckResult.outcome has an unknown value"},
      {"apdu_count limit", [](auto& r) { r.set_apdu_count(1000000); }, nullptr},
      {"apdu_count over", [](auto& r) { r.set_apdu_count(1000001); }, "apdu_count out of range"},
      {"apdu_count 2^31", [](auto& r) { r.set_apdu_count(uint32_t{1} << 31); },
       "apdu_count out of range"},
      {"duration a day", [](auto& r) { r.set_duration_ms(86400000); }, nullptr},
      {"duration over", [](auto& r) { r.set_duration_ms(86400001); }, "duration_ms out of range"},
      {"copayment 100", [](auto& r) { r.mutable_eligibility()->set_copayment_percent(100); },
       nullptr},
      {"copayment 101", [](auto& r) { r.mutable_eligibility()->set_copayment_percent(101); },
       "copayment_percent out of range"},
      {"copayment negative", [](auto& r) { r.mutable_eligibility()->set_copayment_percent(-30); },
       "copayment_percent out of range"},
      {"reader name 128 bytes",
       [](auto& r) { r.mutable_reader()->set_name(std::string(128, 'R')); }, nullptr},
      {"reader name 129 bytes",
       [](auto& r) { r.mutable_reader()->set_name(std::string(129, 'R')); },
       "ReaderInfo.name longer than 128 bytes"},
      {"reader name 10 MiB",
       [](auto& r) { r.mutable_reader()->set_name(std::string(10 << 20, 'R')); },
       "ReaderInfo.name longer than 128 bytes"},
      {"error text 1024", [](auto& r) { r.set_error_message(std::string(1024, 'e')); }, nullptr},
      {"error text 1025", [](auto& r) { r.set_error_message(std::string(1025, 'e')); },
       "error_message longer than 1024 bytes"},
      {"name 100 kanji",
       [](auto& r) {
         std::string n;
         for (int i = 0; i < 100; ++i) n += "山";
         r.mutable_eligibility()->set_name(n);
       },
       nullptr},
      {"name 101 kanji",
       [](auto& r) {
         std::string n;
         for (int i = 0; i < 101; ++i) n += "山";
         r.mutable_eligibility()->set_name(n);
       },
       "Eligibility.name longer than 300 bytes"},
      {"address 601 bytes",
       [](auto& r) { r.mutable_eligibility()->set_address(std::string(601, 'a')); },
       "Eligibility.address longer than 600 bytes"},
      {"unlisted string default 256",
       [](auto& r) { r.mutable_eligibility()->set_insurer_kind(std::string(64, 'k')); }, nullptr},
      {"medical aid over",
       [](auto& r) {
         r.mutable_eligibility()->mutable_medical_aid()->set_designated_institution(
             std::string(301, 'x'));
       },
       "MedicalAid.designated_institution longer than 300 bytes"},
      {"NUL in reader name",
       [](auto& r) { r.mutable_reader()->set_name(std::string("Virtual\0PCD", 11)); },
       "ReaderInfo.name contains a control character"},
      {"NUL in name", [](auto& r) { r.mutable_eligibility()->set_name(std::string("山\0田", 7)); },
       "Eligibility.name contains a control character"},
      {"newline in operator", [](auto& r) { r.set_operator_name("a\nb"); },
       "operator_name contains a control character"},
      {"broken UTF-8", [](auto& r) { r.mutable_eligibility()->set_name("\xe5\xb1"); },
       "Eligibility.name is not valid UTF-8"},
      {"overlong UTF-8", [](auto& r) { r.set_operator_name("\xc0\xaf"); },
       "operator_name is not valid UTF-8"},
      {"surrogate", [](auto& r) { r.set_operator_name("\xed\xa0\x80"); },
       "operator_name is not valid UTF-8"},
      {"not a uuid", [](auto& r) { r.set_check_id("not-a-uuid"); }, "check_id is not a UUID"},
      {"no time", [](auto& r) { r.clear_checked_at(); }, "checked_at"},
      {"ten minutes ahead", [](auto& r) { r.mutable_checked_at()->set_seconds(kNow + 600); },
       nullptr},
      {"more than ten minutes ahead",
       [](auto& r) { r.mutable_checked_at()->set_seconds(kNow + 601); }, "checked_at"},
      {"reason id", [](auto& r) { r.set_error_reason("card.pin_locked"); }, nullptr},
      {"reason with spaces", [](auto& r) { r.set_error_reason("DROP TABLE"); },
       "error_reason is not a reason id"},
      {"digest 31 bytes", [](auto& r) { r.set_certificate_digest(std::string(31, 'd')); },
       "certificate_digest is not a SHA-256"},
      {"not_after not a date", [](auto& r) { r.set_certificate_not_after("soon"); },
       "certificate_not_after is not a date"},
      {"ATR not hex", [](auto& r) { r.mutable_reader()->set_atr_hex("zz"); },
       "reader.atr_hex is not hexadecimal"},
      {"8 other records",
       [](auto& r) {
         for (int i = 0; i < 8; ++i) r.mutable_eligibility()->add_other_records()->set_name("x");
       },
       nullptr},
      {"9 other records",
       [](auto& r) {
         for (int i = 0; i < 9; ++i) r.mutable_eligibility()->add_other_records()->set_name("x");
       },
       "more than 8 entries"},
      {"other records nested",
       [](auto& r) { r.mutable_eligibility()->add_other_records()->add_other_records(); },
       "records of its own"},
      {"an other record's name with NUL",
       [](auto& r) {
         r.mutable_eligibility()->add_other_records()->set_name(std::string("山\0田", 7));
       },
       "Eligibility.name contains a control character"},
  };
  for (const auto& c : cases) {
    auto r = Good();
    c.edit(r);
    auto why = ValidateCheckResult(r, kNow);
    if (c.reason_part == nullptr) {
      EXPECT_EQ(why, std::nullopt) << c.what << ": " << why.value_or("");
    } else {
      ASSERT_TRUE(why.has_value()) << c.what << " passed";
      EXPECT_NE(why->find(c.reason_part), std::string::npos) << c.what << ": " << *why;
    }
  }
}

TEST(ResultLimits, Utf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii"));
  EXPECT_TRUE(IsValidUtf8("髙橋 －"));
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));   // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe3\x81"));          // truncated at the end
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));  // overlong
}

// The plain definition FindTextFault must agree with: IsValidUtf8, then a loop over the code
// points for controls (C0, DEL, C1; the line and paragraph separators; the bidirectional marks,
// embeddings, overrides and isolates).
TextFault ReferenceTextFault(std::string_view s, bool multi_line) {
  if (!IsValidUtf8(s)) return TextFault::kNotUtf8;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : c & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += len;
    if (multi_line && (cp == '\n' || cp == '\r')) continue;
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 || cp == 0x061c ||
        cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
        (cp >= 0x2066 && cp <= 0x2069)) {
      return TextFault::kControl;
    }
  }
  return TextFault::kNone;
}

TEST(ResultLimits, TextFaultsAgreeWithTheirPlainDefinition) {
  // Every lane of the eight-byte step: one odd byte at each position of a printable run.
  for (unsigned char odd : {0x00, 0x09, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0xe3, 0xff}) {
    for (size_t len = 1; len <= 24; ++len) {
      for (size_t at = 0; at < len; ++at) {
        std::string s(len, 'a');
        s[at] = static_cast<char>(odd);
        for (bool multi_line : {false, true}) {
          EXPECT_EQ(FindTextFault(s, multi_line), ReferenceTextFault(s, multi_line))
              << "byte " << int{odd} << " at " << at << " of " << len;
        }
      }
    }
  }
  // Random strings of characters at UTF-8's boundaries, each with at most one broken
  // sequence (one is enough to decide the answer, so only one is placed), fixed seed.
  const std::vector<std::string> valid = {"a",
                                          "Z",
                                          " ",
                                          "~",
                                          "\t",
                                          "\n",
                                          "\r",
                                          std::string(1, '\0'),
                                          "\x1f",
                                          "\x7f",
                                          "\xc2\x80",
                                          "\xc2\x9b",
                                          "\xc2\x9f",
                                          "\xc2\xa0",
                                          "\xd8\x9c",
                                          "\xd8\x9d",
                                          "\xe2\x80\x8d",
                                          "\xe2\x80\x8f",
                                          "\xe2\x80\xa7",
                                          "\xe2\x80\xa8",
                                          "\xe2\x80\xae",
                                          "\xe2\x80\xaf",
                                          "\xe2\x81\xa5",
                                          "\xe2\x81\xa6",
                                          "\xe2\x81\xa9",
                                          "\xe2\x81\xaa",
                                          "\xdf\xbf",
                                          "\xe0\xa0\x80",
                                          "\xe3\x81\x82",
                                          "\xed\x9f\xbf",
                                          "\xee\x80\x80",
                                          "\xef\xbf\xbf",
                                          "\xf0\x90\x80\x80",
                                          "\xf4\x8f\xbf\xbf"};
  const std::vector<std::string> broken = {"\x80",
                                           "\xbf",
                                           "\xc0\x80",
                                           "\xc1\xbf",
                                           "\xc2",
                                           "\xc2\x41",
                                           "\xe0\x9f\xbf",
                                           "\xed\xa0\x80",
                                           "\xed\xbf\xbf",
                                           "\xe3\x81",
                                           "\xe3\x41\x82",
                                           "\xf0\x8f\xbf\xbf",
                                           "\xf4\x90\x80\x80",
                                           "\xf5\x80\x80\x80",
                                           "\xf0\x90\x80",
                                           "\xff"};
  std::mt19937 rng(18);
  int faults[3] = {0, 0, 0};
  for (int n = 0; n < 200000; ++n) {
    std::vector<std::string> units(rng() % 16);
    for (auto& u : units) {
      // Mostly printable ASCII, as real text is, so the eight-byte step is taken too.
      u = rng() % 2 == 0 ? std::string(1, static_cast<char>(0x20 + rng() % 95))
                         : valid[rng() % valid.size()];
    }
    if (rng() % 2 == 0) {
      units.insert(units.begin() + static_cast<long>(rng() % (units.size() + 1)),
                   broken[rng() % broken.size()]);
    }
    std::string s;
    for (const auto& u : units) s += u;
    const bool multi_line = rng() % 2 == 0;
    const TextFault want = ReferenceTextFault(s, multi_line);
    ++faults[static_cast<int>(want)];
    ASSERT_EQ(FindTextFault(s, multi_line), want) << ::testing::PrintToString(s);
  }
  // The inputs reach all three answers, each many times.
  for (int count : faults) EXPECT_GT(count, 1000);
  EXPECT_EQ(FindTextFault("山田 太郎 ヤマダ タロウ 東京都千代田区霞が関1-2-2", false),
            TextFault::kNone);
  EXPECT_EQ(FindTextFault("line one\r\nline two", true), TextFault::kNone);
  EXPECT_EQ(FindTextFault("line one\r\nline two", false), TextFault::kControl);
  EXPECT_EQ(FindTextFault("tab\there and \xff", false), TextFault::kNotUtf8);
  // A name that reads backwards on screen (U+202E), a terminal escape (U+009B), a line break
  // that is not CR or LF (U+2028): refused even in multi-line text.
  EXPECT_EQ(FindTextFault("本町\xe2\x80\xae"
                          "1号機",
                          true),
            TextFault::kControl);
  EXPECT_EQ(FindTextFault("PCD\xc2\x9b"
                          "2J",
                          true),
            TextFault::kControl);
  EXPECT_EQ(FindTextFault("one\xe2\x80\xa8two", true), TextFault::kControl);
  EXPECT_EQ(FindTextFault("ノーブレーク\xc2\xa0スペース・ゼロ幅\xe2\x80\x8d", false),
            TextFault::kNone);
}

TEST(ResultLimits, HelloFactsAreBoundedToo) {
  v1::Hello hello;
  hello.mutable_facts()->set_hostname("counter-1");
  hello.mutable_facts()->set_terminal_name("本町薬局1号機");
  EXPECT_EQ(ValidateFields(hello), std::nullopt);
  hello.mutable_facts()->set_reader_name(std::string(129, 'r'));
  EXPECT_NE(ValidateFields(hello), std::nullopt);
  hello.mutable_facts()->set_reader_name("ok");
  hello.set_config_version(UINT64_MAX);  // a hash: any value
  EXPECT_EQ(ValidateFields(hello), std::nullopt);
  hello.set_outbox_depth(UINT64_MAX);
  EXPECT_NE(ValidateFields(hello), std::nullopt);
}

// The limits are looked up by field descriptor: every name in the tables must name a field of the
// server's protos, or its limit would silently never apply.
TEST(ResultLimits, EveryRuleNamesARealField) {
  EXPECT_EQ(UnresolvedFieldRules(), std::vector<std::string>{});
}

}  // namespace
}  // namespace kakunin::server
