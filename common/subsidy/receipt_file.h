#pragma once
// Uploaded receipt files (領収書の写し, 領収書内訳書) for subsidy claims. The type is decided by
// the content, never by the name: a branch's upload ends up in front of HQ staff and auditors,
// so an executable or an Office document named "領収書.pdf" must not get through, and a name
// whose extension lies about the content is refused with what the file really is.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::subsidy {

enum class ReceiptKind { kPdf, kJpeg, kPng };

std::string_view ReceiptKindId(ReceiptKind kind);  // "pdf", "jpeg", "png"

// Checks in this order, all kInvalidArgument:
//   "subsidy.receipt_empty", "subsidy.receipt_too_large" (more than max_bytes),
//   "subsidy.receipt_not_a_document" (ELF, MZ/PE, Mach-O, "#!" script, ZIP/OOXML, OLE2 Office),
//   "subsidy.receipt_unsupported_type" (not PDF, JPEG or PNG, e.g. HEIC, GIF, text),
//   "subsidy.receipt_damaged" (PDF without %%EOF, JPEG without EOI, PNG without IHDR first or
//   IEND near the end: usually an interrupted upload),
//   "subsidy.receipt_extension_mismatch" (the name's extension is not one for the real type;
//   the message says what the content is).
Result<ReceiptKind> CheckReceiptFile(ByteView content, std::string_view declared_name,
                                     size_t max_bytes);

// Lower-case hex SHA-256 of the content, to spot the same receipt uploaded twice.
std::string Sha256Hex(ByteView content);

}  // namespace kakunin::subsidy
