// Decoding what spreadsheets and Windows programs write: UTF-8 with or without a BOM, CP932
// (with its NEC extensions), and bytes that are neither, which become U+FFFD one by one.
#include "common/text/charset.h"

#include <gtest/gtest.h>

namespace kakunin::text {
namespace {

// 薬局 in CP932.
constexpr std::string_view kYakkyokuSjis = "\x96\xf2\x8b\xc7";

TEST(Charset, Cp932RoundTrip) {
  auto utf8 = Cp932ToUtf8(kYakkyokuSjis);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ(*utf8, "薬局");
  auto back = Utf8ToCp932("薬局");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, kYakkyokuSjis);
  // ① is an NEC extension (87 40): CP932, not plain Shift_JIS.
  EXPECT_EQ(*Cp932ToUtf8("\x87\x40"), "①");
}

TEST(Charset, StrictConversionRefusesUndefinedBytes) {
  auto r = Cp932ToUtf8("\x96");  // a lead byte with no trail
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason(), "charset.invalid_bytes");
  EXPECT_FALSE(Utf8ToCp932("\xF0\x9F\x98\x80").ok());  // an emoji has no CP932 form
}

TEST(Charset, Utf8PrefixEndsOnACharacter) {
  const std::string name = "ＩＣカードリーダー";  // 3 bytes a character
  EXPECT_EQ(Utf8Prefix(name, 100), name);
  EXPECT_EQ(Utf8Prefix(name, 7), "ＩＣ");  // not 7 bytes: the third character does not fit
  EXPECT_EQ(Utf8Prefix(name, 6), "ＩＣ");
  EXPECT_EQ(Utf8Prefix(name, 2), "");
  EXPECT_EQ(Utf8Prefix("abc", 2), "ab");
  for (size_t n = 0; n <= name.size(); ++n) EXPECT_TRUE(IsValidUtf8(Utf8Prefix(name, n))) << n;
}

TEST(Charset, Utf8Validity) {
  EXPECT_TRUE(IsValidUtf8("薬局 abc"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE8\x96"));      // truncated
  EXPECT_FALSE(IsValidUtf8(kYakkyokuSjis));
}

TEST(Charset, DetectsEachEncoding) {
  auto bom = DecodeUtf8OrCp932(std::string(kUtf8Bom) + "薬局");
  EXPECT_EQ(bom.encoding, SourceEncoding::kUtf8Bom);
  EXPECT_EQ(bom.utf8, "薬局");
  auto plain = DecodeUtf8OrCp932("薬局");
  EXPECT_EQ(plain.encoding, SourceEncoding::kUtf8);
  EXPECT_EQ(plain.utf8, "薬局");
  auto sjis = DecodeUtf8OrCp932(std::string("a,") + std::string(kYakkyokuSjis));
  EXPECT_EQ(sjis.encoding, SourceEncoding::kCp932);
  EXPECT_EQ(sjis.utf8, "a,薬局");
  EXPECT_EQ(sjis.invalid_sequences, 0);
}

TEST(Charset, UndecodableBytesBecomeReplacementCharacters) {
  // CP932 text with one byte that CP932 does not define (0xA0 alone is unassigned).
  auto d = DecodeUtf8OrCp932(std::string(kYakkyokuSjis) + "\xA0" + "x");
  EXPECT_EQ(d.encoding, SourceEncoding::kCp932);
  EXPECT_EQ(d.invalid_sequences, 1);
  EXPECT_EQ(d.utf8, "薬局\xEF\xBF\xBDx");
  // A UTF-8 file (BOM) with a stray byte keeps the rest.
  auto u = DecodeUtf8OrCp932(std::string(kUtf8Bom) + "薬\xFF局");
  EXPECT_EQ(u.encoding, SourceEncoding::kUtf8Bom);
  EXPECT_EQ(u.invalid_sequences, 1);
  EXPECT_EQ(u.utf8, "薬\xEF\xBF\xBD局");
}

TEST(Charset, UnreadableCharacters) {
  EXPECT_TRUE(HasUnreadableCharacter("山\xEF\xBF\xBD"));
  // CP932's user-defined area (F0 40) decodes to U+E000, a character only one PC can show.
  auto gaiji = Cp932ToUtf8("\xF0\x40");
  ASSERT_TRUE(gaiji.ok());
  EXPECT_TRUE(HasUnreadableCharacter(*gaiji));
  EXPECT_FALSE(HasUnreadableCharacter("髙橋 ①"));
}

}  // namespace
}  // namespace kakunin::text
