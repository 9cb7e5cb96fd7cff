// Proves the receipt-upload check on real minimal files (a one-page PDF with a correct xref
// table, a 1×1 baseline JPEG, a 1×1 PNG — recognised by file(1), the images also decoded by
// Qt's readers), executables and Office files named .pdf, empty and oversized uploads, damaged
// files, extensions that lie about the content, and the SHA-256 used to spot duplicates.
#include "common/subsidy/receipt_file.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::subsidy {
namespace {

const char kPdfText[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
    "/Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 "
    "72] >>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n "
    "\n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";

// SOI, DQT (all ones), SOF0 1×1 grey, DHT DC and AC (one 1-bit code each), SOS, one byte of
// scan data (DC diff 0, EOB), EOI.
const char kJpegHex[] =
    "ffd8ffdb0043000101010101010101010101010101010101010101010101010101010101010101010101010101"
    "0101010101010101010101010101010101010101010101010101ffc0000b080001000101011100ffc400140001"
    "00000000000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100"
    "003f003fffd9";

// Signature, IHDR 1×1 8-bit grey, IDAT (zlib of filter 0 + one white pixel), IEND.
const char kPngHex[] =
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154789c63f8"
    "0f0001010100b138f6140000000049454e44ae426082";

Bytes Pdf() { return ToBytes(kPdfText); }
Bytes Jpeg() { return FromHex(kJpegHex).value(); }
Bytes Png() { return FromHex(kPngHex).value(); }

constexpr size_t kLimit = 10 * 1024 * 1024;

std::string ReasonOf(const Bytes& content, std::string_view name, size_t limit = kLimit) {
  Result<ReceiptKind> r = CheckReceiptFile(content, name, limit);
  return r.ok() ? "ok" : r.error().reason();
}

TEST(ReceiptFileTest, AcceptsRealPdfJpegAndPngUnderMatchingNames) {
  ASSERT_EQ(Jpeg().size(), 141u);
  ASSERT_EQ(Png().size(), 67u);
  struct Case {
    Bytes content;
    const char* name;
    ReceiptKind kind;
  };
  const Case cases[] = {
      {Pdf(), "領収書.pdf", ReceiptKind::kPdf},
      {Pdf(), "C:\\scans\\領収書内訳書.PDF", ReceiptKind::kPdf},
      {Jpeg(), "receipt.jpg", ReceiptKind::kJpeg},
      {Jpeg(), "IMG_0001.JPEG", ReceiptKind::kJpeg},
      {Png(), "store12/scan.png", ReceiptKind::kPng},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ReceiptKind> r = CheckReceiptFile(c.content, c.name, kLimit);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(*r, c.kind);
  }
  EXPECT_EQ(ReceiptKindId(ReceiptKind::kPdf), "pdf");
  EXPECT_EQ(ReceiptKindId(ReceiptKind::kJpeg), "jpeg");
  EXPECT_EQ(ReceiptKindId(ReceiptKind::kPng), "png");
}

TEST(ReceiptFileTest, RefusesEmptyAndOversized) {
  EXPECT_EQ(ReasonOf({}, "領収書.pdf"), "subsidy.receipt_empty");
  const Bytes pdf = Pdf();
  EXPECT_EQ(ReasonOf(pdf, "領収書.pdf", pdf.size()), "ok");  // the limit itself is allowed
  Result<ReceiptKind> r = CheckReceiptFile(pdf, "領収書.pdf", pdf.size() - 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().reason(), "subsidy.receipt_too_large");
  EXPECT_NE(r.error().message().find(std::to_string(pdf.size())), std::string::npos);
  // Size is checked before content: a huge executable is reported as too large.
  Bytes elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
  EXPECT_EQ(ReasonOf(elf, "x.pdf", 4), "subsidy.receipt_too_large");
}

TEST(ReceiptFileTest, RefusesExecutablesAndOfficeFilesNamedPdf) {
  struct Case {
    const char* what;
    Bytes content;
    const char* says;
  };
  // ELF64 header start, as produced for any Linux binary.
  Bytes elf = {0x7F, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0,    0,
               0,    0,   0,   0,   0,    0,    0x02, 0x00, 0x3E, 0x00};
  elf.resize(64, 0);
  Bytes mz = ToBytes("MZ\x90");
  mz.resize(128, 0);
  const Case cases[] = {
      {"ELF", elf, "ELF executable"},
      {"Windows PE", mz, "Windows executable"},
      {"shell script", ToBytes("#!/bin/sh\nrm -rf /\n%%EOF\n"), "script"},
      {"ZIP / .docx", ToBytes(std::string("PK\x03\x04\x14\x00\x06\x00", 8) + "[Content_Types].xml"),
       "ZIP archive or an Office document"},
      {"legacy .xls", FromHex("d0cf11e0a1b11ae1000000000000000000000000").value(), "legacy Office"},
      {"Mach-O", FromHex("cffaedfe0700000103000000").value(), "Mach-O"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Result<ReceiptKind> r = CheckReceiptFile(c.content, "領収書.pdf", kLimit);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "subsidy.receipt_not_a_document");
    EXPECT_NE(r.error().message().find(c.says), std::string::npos) << r.error().message();
    EXPECT_NE(r.error().message().find("領収書.pdf"), std::string::npos);
  }
}

TEST(ReceiptFileTest, ExtensionMustMatchTheContentAndTheMessageSaysWhatItIs) {
  struct Case {
    Bytes content;
    const char* name;
    std::vector<const char*> message_has;
  };
  const Case cases[] = {
      {Jpeg(), "領収書.pdf", {"a JPEG image", "'.pdf'", ".jpg or .jpeg"}},
      {Png(), "receipt.jpg", {"a PNG image", "'.jpg'", ".png"}},
      {Pdf(), "receipt.png", {"a PDF document", "'.png'", ".pdf"}},
      {Pdf(), "receipt", {"a PDF document", "no extension"}},
      {Pdf(), "receipt.pdf.exe", {"a PDF document", "'.exe'"}},
      {Jpeg(), "photo.heic", {"a JPEG image", "'.heic'"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ReceiptKind> r = CheckReceiptFile(c.content, c.name, kLimit);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason(), "subsidy.receipt_extension_mismatch");
    for (const char* part : c.message_has) {
      EXPECT_NE(r.error().message().find(part), std::string::npos) << r.error().message();
    }
  }
}

TEST(ReceiptFileTest, RefusesDamagedAndUnsupportedFiles) {
  const Bytes pdf = Pdf();
  // Cut before "%%EOF\n": an interrupted upload.
  EXPECT_EQ(ReasonOf(Bytes(pdf.begin(), pdf.end() - 7), "r.pdf"), "subsidy.receipt_damaged");
  // %%EOF followed by more than the 1024-byte window of junk.
  Bytes padded = pdf;
  padded.resize(pdf.size() + 2000, 'x');
  EXPECT_EQ(ReasonOf(padded, "r.pdf"), "subsidy.receipt_damaged");
  // A little trailing padding is tolerated.
  Bytes nl = pdf;
  nl.resize(pdf.size() + 10, '\n');
  EXPECT_EQ(ReasonOf(nl, "r.pdf"), "ok");

  const Bytes jpeg = Jpeg();
  EXPECT_EQ(ReasonOf(Bytes(jpeg.begin(), jpeg.end() - 2), "r.jpg"), "subsidy.receipt_damaged");
  // The SOI's own bytes cannot pass for the end marker.
  EXPECT_EQ(ReasonOf(FromHex("ffd8ffd9").value(), "r.jpg"), "subsidy.receipt_damaged");

  const Bytes png = Png();
  EXPECT_EQ(ReasonOf(Bytes(png.begin(), png.end() - 12), "r.png"), "subsidy.receipt_damaged");
  Bytes no_ihdr = png;
  no_ihdr[12] = 'X';  // chunk type IHDR → XHDR
  EXPECT_EQ(ReasonOf(no_ihdr, "r.png"), "subsidy.receipt_damaged");

  // iPhone HEIC, GIF, plain text and a PDF header not at the start are not accepted types.
  EXPECT_EQ(ReasonOf(FromHex("0000001866747970686569630000000068656963").value(), "r.jpg"),
            "subsidy.receipt_unsupported_type");
  EXPECT_EQ(ReasonOf(ToBytes("GIF89a\x01\x00\x01\x00"), "r.gif"),
            "subsidy.receipt_unsupported_type");
  EXPECT_EQ(ReasonOf(ToBytes("領収書 1,000円"), "r.pdf"), "subsidy.receipt_unsupported_type");
  EXPECT_EQ(ReasonOf(ToBytes(" %PDF-1.4\n%%EOF"), "r.pdf"), "subsidy.receipt_unsupported_type");
}

TEST(ReceiptFileTest, Sha256HexSpotsTheSameReceipt) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex(ToBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(Pdf()), Sha256Hex(Pdf()));
  Bytes other = Pdf();
  other[10] ^= 1;
  EXPECT_NE(Sha256Hex(other), Sha256Hex(Pdf()));
}

}  // namespace
}  // namespace kakunin::subsidy
