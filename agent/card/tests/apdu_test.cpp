// APDU encoding (ISO 7816-4 cases 1-4, short and extended), R-APDU parsing and the TLV/DER
// header reader, checked against hand-written byte strings.

#include "agent/card/apdu.h"

#include <gtest/gtest.h>

namespace kakunin::card {
namespace {

Bytes Hex(std::string_view hex) { return FromHex(hex).value(); }

Bytes Encode(const CommandApdu& c) {
  auto encoded = EncodeCommand(c);
  EXPECT_TRUE(encoded.ok()) << encoded.error().ToString();
  return encoded.ok() ? *encoded : Bytes{};
}

TEST(ApduEncodeTest, Case1IsTheHeaderOnly) {
  EXPECT_EQ(Encode({.cla = 0x00, .ins = 0x20, .p1 = 0x00, .p2 = 0x80}), Hex("00200080"));
}

TEST(ApduEncodeTest, Case2ShortEncodes256AsZero) {
  EXPECT_EQ(Encode({.ins = 0xB0, .ne = 256}), Hex("00B0000000"));
  EXPECT_EQ(Encode({.ins = 0xB0, .p1 = 0x01, .p2 = 0x02, .ne = 0x20}), Hex("00B0010220"));
}

TEST(ApduEncodeTest, Case2ExtendedIsTheJpkiWholeFileRead) {
  EXPECT_EQ(Encode({.ins = 0xB0, .ne = 65536, .force_extended = true}), Hex("00B00000000000"));
  EXPECT_EQ(Encode({.ins = 0xB0, .ne = 257}), Hex("00B00000000101"));
}

TEST(ApduEncodeTest, Case3ShortIsTheJpkiSelect) {
  CommandApdu select{.ins = 0xA4, .p1 = 0x04, .p2 = 0x0C, .data = Hex("D392F000260100000001")};
  EXPECT_EQ(Encode(select), Hex("00A4040C0AD392F000260100000001"));
}

TEST(ApduEncodeTest, Case3ExtendedForLongData) {
  CommandApdu c{.ins = 0xD6, .data = Bytes(300, 0xAB)};
  Bytes encoded = Encode(c);
  ASSERT_EQ(encoded.size(), 4u + 3u + 300u);
  EXPECT_EQ(Bytes(encoded.begin(), encoded.begin() + 7), Hex("00D60000"
                                                             "00012C"));
}

TEST(ApduEncodeTest, Case4ShortIsTheJpkiSign) {
  CommandApdu sign{.cla = 0x80, .ins = 0x2A, .p2 = 0x80, .data = Bytes(51, 0x11), .ne = 256};
  Bytes encoded = Encode(sign);
  ASSERT_EQ(encoded.size(), 4u + 1u + 51u + 1u);
  EXPECT_EQ(encoded[4], 51);
  EXPECT_EQ(encoded.back(), 0x00);
}

TEST(ApduEncodeTest, Case4ExtendedHasOneLeadingZeroOnly) {
  CommandApdu c{.ins = 0x2A, .data = Hex("0102"), .ne = 65536, .force_extended = true};
  EXPECT_EQ(Encode(c), Hex("002A0000"
                           "000002"
                           "0102"
                           "0000"));
  CommandApdu d{.ins = 0x2A, .data = Hex("01"), .ne = 0x1234};
  EXPECT_EQ(Encode(d), Hex("002A0000"
                           "000001"
                           "01"
                           "1234"));
}

TEST(ApduEncodeTest, RefusesLengthsNoApduCanCarry) {
  CommandApdu too_much_data{.ins = 0xD6, .data = Bytes(65536, 0)};
  EXPECT_EQ(EncodeCommand(too_much_data).error().reason(), "card.bad_command");
  CommandApdu too_much_expected{.ins = 0xB0, .ne = 65537};
  EXPECT_EQ(EncodeCommand(too_much_expected).error().reason(), "card.bad_command");
}

TEST(ApduResponseTest, SplitsDataAndStatusWord) {
  auto r = ParseResponse(Hex("0102039000"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data, Hex("010203"));
  EXPECT_EQ(r->sw(), 0x9000);
  EXPECT_TRUE(r->ok());
  auto only_sw = ParseResponse(Hex("63C2"));
  ASSERT_TRUE(only_sw.ok());
  EXPECT_TRUE(only_sw->data.empty());
  EXPECT_EQ(only_sw->sw2, 0xC2);
}

TEST(ApduResponseTest, EmptyAndOneByteResponsesAreClearErrors) {
  for (const Bytes& raw : {Bytes{}, Bytes{0x90}}) {
    auto r = ParseResponse(raw);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "card.bad_response");
    EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
  }
}

TEST(ApduResponseTest, StatusWordText) { EXPECT_EQ(StatusWordText(0x6A82), "6A 82"); }

TEST(TlvTest, ShortAndLongLengths) {
  auto a = ReadTlvHeader(Hex("3003020101"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->tag, 0x30u);
  EXPECT_EQ(a->header_size, 2u);
  EXPECT_EQ(a->value_size, 3u);
  auto b = ReadTlvHeader(Hex("308204D2"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->header_size, 4u);
  EXPECT_EQ(b->value_size, 0x04D2u);
  EXPECT_EQ(b->total_size(), 0x04D6u);
  auto c = ReadTlvHeader(Hex("5F2081FF"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->tag, 0x5F20u);
  EXPECT_EQ(c->value_size, 255u);
}

TEST(TlvTest, MalformedHeadersFail) {
  for (std::string_view hex :
       {"", "30", "3080", "3082", "308204", "3084000000FF", "30FF", "1F", "1F8181", "1F818101"}) {
    auto h = ReadTlvHeader(Hex(hex));
    EXPECT_FALSE(h.ok()) << hex;
    if (!h.ok()) {
      EXPECT_EQ(h.error().reason(), "card.bad_tlv") << hex;
    }
  }
}

TEST(CertificateHeaderTest, SizeFromTheJpkiHeader) {
  EXPECT_EQ(CertificateDerSize(Hex("30820510")).value(), 0x514u);
  EXPECT_EQ(CertificateDerSize(Hex("0482000A")).error().reason(), "card.bad_certificate");
  EXPECT_EQ(CertificateDerSize(Hex("3000")).error().reason(), "card.bad_certificate");
  EXPECT_EQ(CertificateDerSize(Hex("FFFFFFFF")).error().reason(), "card.bad_certificate");
}

TEST(CertificateHeaderTest, ExtractTrimsPaddingAndRefusesTruncation) {
  Bytes file = Hex("3003020101FFFFFF");
  EXPECT_EQ(ExtractCertificate(file).value(), Hex("3003020101"));
  auto truncated =
      ExtractCertificate(Hex("30820400"
                             "0102"));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().reason(), "card.certificate_truncated");
  EXPECT_EQ(ExtractCertificate({}).error().reason(), "card.bad_certificate");
}

}  // namespace
}  // namespace kakunin::card
