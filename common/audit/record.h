#pragma once
// One record of the tamper-evident audit log, its canonical bytes and hash (FORMAT.md), and
// the export formats (JSON lines, CSV). Pure: no I/O, no clock.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::audit {

inline constexpr size_t kHashSize = 32;

struct Record {
  uint64_t seq = 0;       // 1-based, gap-free position in the chain
  int64_t at_us = 0;      // event time, UTC microseconds since the epoch
  std::string event;      // e.g. "check.result", "device.enrolled", "user.login_failed"
  std::string actor;      // "user:<id>", "device:<id>", "system"
  std::string site_id;    // may be empty
  std::string device_id;  // may be empty
  std::string subject;    // a reference, e.g. a check id; never patient data
  std::string details;    // UTF-8 text (a JSON object by convention); never patient data
  Bytes prev_hash;        // kHashSize bytes; all zero for seq 1
  Bytes hash;             // = RecordHash(record)

  friend bool operator==(const Record&, const Record&) = default;
};

// Every field except `hash`, length-prefixed and big-endian behind the domain-separation tag
// "kakunin-audit-record-v1" (layout in FORMAT.md). Injective: different records never share
// canonical bytes, whatever the field contents or lengths.
Bytes CanonicalBytes(const Record& r);
// SHA-256 over CanonicalBytes(r).
Bytes RecordHash(const Record& r);
// The inverse of CanonicalBytes, with `hash` recomputed. Strict: anything CanonicalBytes could
// not have produced is refused — kInvalidArgument "audit.canonical_bad_tag" for another format
// or version; kDataLoss "audit.canonical_truncated", "audit.canonical_trailing_bytes",
// "audit.canonical_bad_hash_length" (prev_hash not kHashSize bytes) or "audit.canonical_bad_utf8".
Result<Record> DecodeCanonical(ByteView bytes);

// "2025-04-01T09:30:00.000000Z": ISO 8601 UTC with microseconds. Years outside 0000–9999 get
// a sign ("+12345-…", "-0001-…") so every int64 has exactly one spelling.
std::string FormatUtcMicros(int64_t us);

// One JSON object per record, no newline, members in this order: seq, at (FormatUtcMicros),
// at_us, event, actor, site_id, device_id, subject, details, prev_hash, hash (lower-case hex).
// Invalid UTF-8 (never stored: PostgreSQL text refuses it) is replaced by U+FFFD rather than
// failing the export.
std::string ToJsonLine(const Record& r);
// Strict inverse of ToJsonLine: exactly those members, once each, with the right types; `at`
// must equal FormatUtcMicros(at_us); hashes are 64 lower-case hex digits. `hash` is taken as
// stored (not recomputed), so a verifier can report an edited line. kInvalidArgument with
// reasons "audit.json_*".
Result<Record> FromJsonLine(std::string_view line);

// RFC 4180: the header and one row (no line break; the caller ends lines with CRLF). Fields
// holding a comma, double quote, CR or LF are quoted, with quotes doubled.
inline constexpr char kCsvHeader[] =
    "seq,at,at_us,event,actor,site_id,device_id,subject,details,prev_hash,hash";
std::string ToCsvRow(const Record& r);

}  // namespace kakunin::audit
