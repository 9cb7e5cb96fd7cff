#include "common/subsidy/receipt_file.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

namespace kakunin::subsidy {
namespace {

// PDF readers look for %%EOF in the last 1024 bytes (ISO 32000 implementation note); the same
// window is used for the JPEG and PNG end markers, allowing a little trailing padding.
constexpr size_t kTrailerWindow = 1024;

bool StartsWith(ByteView content, std::initializer_list<uint8_t> magic) {
  return content.size() >= magic.size() && std::equal(magic.begin(), magic.end(), content.begin());
}

bool StartsWith(ByteView content, std::string_view magic) {
  return content.size() >= magic.size() &&
         std::equal(magic.begin(), magic.end(), content.begin(),
                    [](char a, uint8_t b) { return static_cast<uint8_t>(a) == b; });
}

// Whether `marker` occurs wholly inside the last kTrailerWindow bytes, starting at `min_offset`
// or later (so that a header's own bytes cannot count as the end marker).
bool HasTrailer(ByteView content, std::string_view marker, size_t min_offset) {
  const size_t from =
      std::max(min_offset, content.size() > kTrailerWindow ? content.size() - kTrailerWindow : 0);
  if (from >= content.size()) return false;
  const ByteView tail = content.subspan(from);
  return std::search(tail.begin(), tail.end(), marker.begin(), marker.end(),
                     [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); }) != tail.end();
}

// Files that can run or carry macros, whatever their name says.
std::optional<std::string_view> DangerousKind(ByteView c) {
  if (StartsWith(c, {0x7F, 'E', 'L', 'F'})) return "an ELF executable";
  if (StartsWith(c, "MZ")) return "a Windows executable (MZ/PE)";
  if (StartsWith(c, {0xFE, 0xED, 0xFA, 0xCE}) || StartsWith(c, {0xFE, 0xED, 0xFA, 0xCF}) ||
      StartsWith(c, {0xCE, 0xFA, 0xED, 0xFE}) || StartsWith(c, {0xCF, 0xFA, 0xED, 0xFE}) ||
      StartsWith(c, {0xCA, 0xFE, 0xBA, 0xBE})) {
    return "a Mach-O executable";
  }
  if (StartsWith(c, "#!")) return "a script (#!)";
  if (StartsWith(c, {'P', 'K', 0x03, 0x04}) || StartsWith(c, {'P', 'K', 0x05, 0x06}) ||
      StartsWith(c, {'P', 'K', 0x07, 0x08})) {
    return "a ZIP archive or an Office document (.docx/.xlsx)";
  }
  if (StartsWith(c, {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})) {
    return "a legacy Office document (.doc/.xls)";
  }
  return std::nullopt;
}

std::string_view Describe(ReceiptKind kind) {
  switch (kind) {
    case ReceiptKind::kPdf:
      return "a PDF document";
    case ReceiptKind::kJpeg:
      return "a JPEG image";
    case ReceiptKind::kPng:
      return "a PNG image";
  }
  return "unknown";
}

std::string_view Extensions(ReceiptKind kind) {
  switch (kind) {
    case ReceiptKind::kPdf:
      return ".pdf";
    case ReceiptKind::kJpeg:
      return ".jpg or .jpeg";
    case ReceiptKind::kPng:
      return ".png";
  }
  return "";
}

bool ExtensionFits(ReceiptKind kind, std::string_view extension) {
  std::string lower(extension);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  switch (kind) {
    case ReceiptKind::kPdf:
      return lower == "pdf";
    case ReceiptKind::kJpeg:
      return lower == "jpg" || lower == "jpeg";
    case ReceiptKind::kPng:
      return lower == "png";
  }
  return false;
}

// The extension of the last path component, without the dot; nullopt when there is none.
std::optional<std::string_view> ExtensionOf(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return name.substr(dot + 1);
}

Error Refuse(std::string_view reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::string(reason), std::move(message));
}

}  // namespace

std::string_view ReceiptKindId(ReceiptKind kind) {
  switch (kind) {
    case ReceiptKind::kPdf:
      return "pdf";
    case ReceiptKind::kJpeg:
      return "jpeg";
    case ReceiptKind::kPng:
      return "png";
  }
  return "unknown";
}

Result<ReceiptKind> CheckReceiptFile(ByteView content, std::string_view declared_name,
                                     size_t max_bytes) {
  const std::string name = "'" + std::string(declared_name) + "'";
  if (content.empty()) return Refuse("subsidy.receipt_empty", name + " is empty");
  if (content.size() > max_bytes) {
    return Refuse("subsidy.receipt_too_large", name + " has " + std::to_string(content.size()) +
                                                   " bytes; the limit is " +
                                                   std::to_string(max_bytes));
  }
  if (const std::optional<std::string_view> danger = DangerousKind(content)) {
    return Refuse(
        "subsidy.receipt_not_a_document",
        name + " is " + std::string(*danger) + ", not a receipt; upload a PDF, JPEG or PNG");
  }

  ReceiptKind kind;
  std::string_view end_marker;
  size_t header_size = 0;
  static constexpr std::array<uint8_t, 8> kPngSignature = {0x89, 'P',  'N',  'G',
                                                           0x0D, 0x0A, 0x1A, 0x0A};
  if (StartsWith(content, "%PDF-")) {
    kind = ReceiptKind::kPdf;
    end_marker = "%%EOF";
    header_size = 5;
  } else if (StartsWith(content, {0xFF, 0xD8, 0xFF})) {
    kind = ReceiptKind::kJpeg;
    end_marker = "\xFF\xD9";
    header_size = 3;  // SOI and the first marker's 0xFF cannot be the EOI
  } else if (StartsWith(content,
                        {kPngSignature[0], kPngSignature[1], kPngSignature[2], kPngSignature[3],
                         kPngSignature[4], kPngSignature[5], kPngSignature[6], kPngSignature[7]})) {
    kind = ReceiptKind::kPng;
    // The first chunk must be IHDR with its fixed 13-byte length.
    if (!StartsWith(content.subspan(8), {0x00, 0x00, 0x00, 0x0D, 'I', 'H', 'D', 'R'})) {
      return Refuse("subsidy.receipt_damaged",
                    name + " has a PNG signature but no IHDR header: the image is damaged");
    }
    end_marker = "IEND";
    header_size = 8 + 8 + 13 + 4;  // signature, IHDR length/type, IHDR data, CRC
  } else {
    return Refuse("subsidy.receipt_unsupported_type",
                  name + " is not a PDF, JPEG or PNG file (photos in HEIC must be saved as JPEG)");
  }
  if (!HasTrailer(content, end_marker, header_size)) {
    return Refuse("subsidy.receipt_damaged", name + " is " + std::string(Describe(kind)) +
                                                 " without its end marker: the file is "
                                                 "incomplete; upload it again");
  }

  const std::optional<std::string_view> extension = ExtensionOf(declared_name);
  if (!extension || !ExtensionFits(kind, *extension)) {
    const std::string said = extension
                                 ? "its extension '." + std::string(*extension) + "' says otherwise"
                                 : "it has no extension";
    return Refuse("subsidy.receipt_extension_mismatch",
                  name + " is " + std::string(Describe(kind)) + " but " + said + "; name it " +
                      std::string(Extensions(kind)));
  }
  return kind;
}

}  // namespace kakunin::subsidy
