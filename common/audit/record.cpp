#include "common/audit/record.h"

#include <cinttypes>
#include <cstdio>

#include "common/audit/internal.h"
#include "common/crypto/signing.h"
#include "common/text/csv.h"

namespace kakunin::audit {
namespace {

constexpr std::string_view kRecordTag = "kakunin-audit-record-v1";

Result<std::string> Utf8Field(internal::ByteReader& in, std::string_view what) {
  KAKUNIN_ASSIGN_OR_RETURN(ByteView bytes, in.Field(what));
  std::string text = ToString(bytes);
  if (!internal::IsValidUtf8(text)) {
    return MakeError(ErrorCode::kDataLoss, "audit.canonical_bad_utf8",
                     std::string(what) + " is not valid UTF-8");
  }
  return text;
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
void CivilFromDays(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

}  // namespace

Bytes CanonicalBytes(const Record& r) {
  internal::ByteWriter out;
  out.Reserve(kRecordTag.size() + 2 * 8 + 8 * 4 + r.event.size() + r.actor.size() +
              r.site_id.size() + r.device_id.size() + r.subject.size() + r.details.size() +
              r.prev_hash.size());
  out.Field(kRecordTag);
  out.U64(r.seq);
  out.I64(r.at_us);
  out.Field(r.event);
  out.Field(r.actor);
  out.Field(r.site_id);
  out.Field(r.device_id);
  out.Field(r.subject);
  out.Field(r.details);
  // Length-prefixed even though it should always be 32 bytes: a damaged value still encodes
  // unambiguously, and the verifier reports it instead of misreading the fields after it.
  out.Field(ByteView(r.prev_hash));
  return out.Take();
}

Bytes RecordHash(const Record& r) { return crypto::Sha256(CanonicalBytes(r)); }

Result<Record> DecodeCanonical(ByteView bytes) {
  internal::ByteReader in(bytes);
  KAKUNIN_ASSIGN_OR_RETURN(ByteView tag, in.Field("tag"));
  if (ToString(tag) != kRecordTag) {
    return MakeError(ErrorCode::kInvalidArgument, "audit.canonical_bad_tag",
                     "not a kakunin-audit-record-v1 encoding");
  }
  Record r;
  KAKUNIN_ASSIGN_OR_RETURN(r.seq, in.U64("seq"));
  KAKUNIN_ASSIGN_OR_RETURN(r.at_us, in.I64("at_us"));
  KAKUNIN_ASSIGN_OR_RETURN(r.event, Utf8Field(in, "event"));
  KAKUNIN_ASSIGN_OR_RETURN(r.actor, Utf8Field(in, "actor"));
  KAKUNIN_ASSIGN_OR_RETURN(r.site_id, Utf8Field(in, "site_id"));
  KAKUNIN_ASSIGN_OR_RETURN(r.device_id, Utf8Field(in, "device_id"));
  KAKUNIN_ASSIGN_OR_RETURN(r.subject, Utf8Field(in, "subject"));
  KAKUNIN_ASSIGN_OR_RETURN(r.details, Utf8Field(in, "details"));
  KAKUNIN_ASSIGN_OR_RETURN(ByteView prev, in.Field("prev_hash"));
  if (prev.size() != kHashSize) {
    return MakeError(ErrorCode::kDataLoss, "audit.canonical_bad_hash_length",
                     "prev_hash has " + std::to_string(prev.size()) + " bytes, not 32");
  }
  if (in.remaining() != 0) {
    return MakeError(ErrorCode::kDataLoss, "audit.canonical_trailing_bytes",
                     std::to_string(in.remaining()) + " bytes after the last field");
  }
  r.prev_hash.assign(prev.begin(), prev.end());
  r.hash = RecordHash(r);
  return r;
}

std::string FormatUtcMicros(int64_t us) {
  constexpr int64_t kUsPerDay = 86'400'000'000;
  int64_t days = us / kUsPerDay;
  int64_t rest = us % kUsPerDay;
  if (rest < 0) {
    rest += kUsPerDay;
    --days;
  }
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, year, month, day);
  const int64_t secs = rest / 1'000'000;
  char buf[64];
  std::snprintf(buf, sizeof buf,
                year >= 0 && year <= 9999 ? "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%06dZ"
                                          : "%+05" PRId64 "-%02d-%02dT%02d:%02d:%02d.%06dZ",
                year, month, day, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60), static_cast<int>(rest % 1'000'000));
  return buf;
}

std::string ToJsonLine(const Record& r) {
  nlohmann::ordered_json j;
  j["seq"] = r.seq;
  j["at"] = FormatUtcMicros(r.at_us);
  j["at_us"] = r.at_us;
  j["event"] = r.event;
  j["actor"] = r.actor;
  j["site_id"] = r.site_id;
  j["device_id"] = r.device_id;
  j["subject"] = r.subject;
  j["details"] = r.details;
  j["prev_hash"] = ToHex(r.prev_hash);
  j["hash"] = ToHex(r.hash);
  return j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

Result<Record> FromJsonLine(std::string_view line) {
  KAKUNIN_ASSIGN_OR_RETURN(
      nlohmann::json j,
      internal::ParseStrictObject(line,
                                  {"seq", "at", "at_us", "event", "actor", "site_id", "device_id",
                                   "subject", "details", "prev_hash", "hash"},
                                  "audit record"));
  Record r;
  KAKUNIN_ASSIGN_OR_RETURN(r.seq, internal::GetUint64(j, "seq"));
  KAKUNIN_ASSIGN_OR_RETURN(r.at_us, internal::GetInt64(j, "at_us"));
  KAKUNIN_ASSIGN_OR_RETURN(std::string at, internal::GetString(j, "at"));
  if (at != FormatUtcMicros(r.at_us)) {
    return MakeError(ErrorCode::kInvalidArgument, "audit.json_time_mismatch",
                     "\"at\" " + at + " does not spell at_us " + std::to_string(r.at_us));
  }
  KAKUNIN_ASSIGN_OR_RETURN(r.event, internal::GetString(j, "event"));
  KAKUNIN_ASSIGN_OR_RETURN(r.actor, internal::GetString(j, "actor"));
  KAKUNIN_ASSIGN_OR_RETURN(r.site_id, internal::GetString(j, "site_id"));
  KAKUNIN_ASSIGN_OR_RETURN(r.device_id, internal::GetString(j, "device_id"));
  KAKUNIN_ASSIGN_OR_RETURN(r.subject, internal::GetString(j, "subject"));
  KAKUNIN_ASSIGN_OR_RETURN(r.details, internal::GetString(j, "details"));
  KAKUNIN_ASSIGN_OR_RETURN(r.prev_hash, internal::GetHex(j, "prev_hash", kHashSize));
  KAKUNIN_ASSIGN_OR_RETURN(r.hash, internal::GetHex(j, "hash", kHashSize));
  return r;
}

std::string ToCsvRow(const Record& r) {
  std::string out;
  const std::string fields[] = {std::to_string(r.seq),
                                FormatUtcMicros(r.at_us),
                                std::to_string(r.at_us),
                                r.event,
                                r.actor,
                                r.site_id,
                                r.device_id,
                                r.subject,
                                r.details,
                                ToHex(r.prev_hash),
                                ToHex(r.hash)};
  for (const auto& field : fields) {
    if (&field != &fields[0]) out += ',';
    out += text::CsvField(field);
  }
  return out;
}

}  // namespace kakunin::audit
