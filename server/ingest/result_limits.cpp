#include "server/ingest/result_limits.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <unordered_map>
#include <vector>

#include "common/domain/terminal_health.h"

namespace kakunin::server {
namespace {
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Byte limits of string fields that have one of their own (full proto names). Everything else
// gets kDefaultStringLimit. The sizes follow the data: a PC/SC reader name is at most 128 bytes
// in pcsc-lite; an ATR is at most 33 bytes (66 hex digits); names and addresses are generous
// multiples of what the national service returns, in UTF-8 bytes (3 per kanji).
const std::map<std::string_view, size_t>& StringLimits() {
  static const std::map<std::string_view, size_t> limits = {
      {"kakunin.v1.CheckResult.check_id", 36},
      {"kakunin.v1.CheckResult.answers_check_id", 36},
      {"kakunin.v1.CheckResult.error_reason", 64},
      {"kakunin.v1.CheckResult.error_message", 1024},
      {"kakunin.v1.CheckResult.certificate_digest", 32},
      {"kakunin.v1.CheckResult.certificate_not_after", 10},
      {"kakunin.v1.CheckResult.contract_insurer_number", 8},
      {"kakunin.v1.CheckResult.operator_name", 128},
      {"kakunin.v1.ReaderInfo.name", 128},
      {"kakunin.v1.ReaderInfo.atr_hex", 66},
      {"kakunin.v1.Eligibility.insurer_number", 8},
      {"kakunin.v1.Eligibility.insurer_name", 300},
      {"kakunin.v1.Eligibility.card_classification", 8},
      {"kakunin.v1.Eligibility.insured_symbol", 80},
      {"kakunin.v1.Eligibility.insured_number", 80},
      {"kakunin.v1.Eligibility.insured_branch_number", 8},
      {"kakunin.v1.Eligibility.name", 300},
      {"kakunin.v1.Eligibility.name_kana", 300},
      {"kakunin.v1.Eligibility.birth_date", 10},
      {"kakunin.v1.Eligibility.address", 600},
      {"kakunin.v1.Eligibility.post_number", 8},
      {"kakunin.v1.Eligibility.qualification_date", 10},
      {"kakunin.v1.Eligibility.disqualification_date", 10},
      {"kakunin.v1.Eligibility.valid_from", 10},
      {"kakunin.v1.Eligibility.valid_to", 10},
      {"kakunin.v1.Eligibility.loss_reason", 2},
      {"kakunin.v1.Eligibility.insurer_kind", 64},
      {"kakunin.v1.MedicalAid.public_expense_number", 8},
      {"kakunin.v1.MedicalAid.beneficiary_number", 8},
      {"kakunin.v1.MedicalAid.valid_from", 10},
      {"kakunin.v1.MedicalAid.valid_to", 10},
      {"kakunin.v1.MedicalAid.designated_institution", 300},
      {"kakunin.v1.FallbackDocument.issued_on", 10},
      {"kakunin.v1.FallbackDocument.expires_on", 10},
      {"kakunin.v1.FallbackDocument.insurer_number", 8},
      {"kakunin.v1.FallbackDocument.insured_symbol", 80},
      {"kakunin.v1.FallbackDocument.insured_number", 80},
      {"kakunin.v1.FallbackDocument.insured_branch_number", 8},
      {"kakunin.v1.FallbackDocument.note", 1024},
      {"kakunin.v1.TerminalFacts.hostname", 253},
      {"kakunin.v1.EnrollRequest.token", 64},
      {"kakunin.v1.Site.site_id", 64},
      {"kakunin.v1.Site.name", 300},
      {"kakunin.v1.Site.institution_code", 64},  // the code rule then says what is wrong
      {"kakunin.v1.Site.prefecture", 2},
      {"kakunin.v1.Site.facility_kind", 32},
      {"kakunin.v1.Site.transitional_event_date", 10},
      {"kakunin.v1.Site.code_override_reason", 1024},
      {"kakunin.v1.Site.phone", 32},
      {"kakunin.v1.Site.address", 600},  // 200 characters (site import limits)
      {"kakunin.v1.Site.email", 254},
      {"kakunin.v1.Site.opening_hours", 600},
      {"kakunin.v1.EnrollRequest.csr_pem", 8192},
      {"kakunin.v1.RenewRequest.csr_pem", 8192},
      {"kakunin.v1.TerminalFacts.reader_name", 128},
      {"kakunin.v1.TerminalFacts.terminal_name", 128},
      {"kakunin.v1.TerminalCertificateReport.path", 260},  // MAX_PATH
      {"kakunin.v1.TerminalCertificateReport.serial_hex", 64},
      {"kakunin.v1.TerminalCertificateReport.problem", 64},
  };
  return limits;
}

// Integer ranges of fields that have one of their own; other integers must fit 0..32767 (what
// a smallint column holds), and unsigned 64-bit counters (sequences, depths) 0..kMaxSequence.
struct Range {
  int64_t min, max;
};
const std::map<std::string_view, Range>& IntRanges() {
  static const std::map<std::string_view, Range> ranges = {
      {"kakunin.v1.CheckResult.sequence", {1, static_cast<int64_t>(kMaxSequence)}},
      {"kakunin.v1.CheckResult.apdu_count", {0, 1000000}},
      {"kakunin.v1.CheckResult.duration_ms", {0, 86400000}},  // a day
      {"kakunin.v1.Eligibility.personal_family", {0, 2}},
      {"kakunin.v1.Eligibility.copayment_percent", {0, 100}},
      {"google.protobuf.Timestamp.seconds", {-62135596800, 253402300799}},
      {"google.protobuf.Timestamp.nanos", {0, 999999999}},
  };
  return ranges;
}

// The two tables above keyed by descriptor, resolved once: a pointer lookup per field instead of
// comparing its full name through a map of strings (this runs on every field of every result).
struct FieldRules {
  std::unordered_map<const FieldDescriptor*, size_t> string_limits;
  std::unordered_map<const FieldDescriptor*, Range> int_ranges;
  const FieldDescriptor* config_version = nullptr;  // any uint64 (a hash)
  std::vector<std::string> unresolved;              // names of no field in this program
};
const FieldRules& Rules() {
  static const FieldRules rules = [] {
    FieldRules r;
    // Only the messages linked into this program are in the generated pool (a fuzz target links
    // fewer than the server); a message that is not there is never validated here either.
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    auto field = [&](std::string_view name) {
      const FieldDescriptor* f = pool->FindFieldByName(std::string(name));
      if (f == nullptr) r.unresolved.emplace_back(name);
      return f;
    };
    for (const auto& [name, limit] : StringLimits()) {
      if (const auto* f = field(name)) r.string_limits[f] = limit;
    }
    for (const auto& [name, range] : IntRanges()) {
      if (const auto* f = field(name)) r.int_ranges[f] = range;
    }
    r.config_version = field("kakunin.v1.Hello.config_version");
    return r;
  }();
  return rules;
}

bool IsDigitString(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// What the walk needs to know of one field, looked up once per message type instead of once per
// field of every result: the limit tables are hash maps, and the type, presence and name checks
// are calls into the descriptor (together a third of the walk's time; issue 18).
struct FieldPlan {
  const FieldDescriptor* f;
  FieldDescriptor::CppType cpp;
  bool repeated;
  bool tracked;     // explicit presence: set even when it holds its zero value
  bool bytes;       // opaque (a digest): only its length is bounded
  bool multi_line;  // PEM is the one multi-line text a terminal sends
  bool any_value;   // a hash (HQ's settings version, echoed back): never stored as a number
  size_t limit;     // strings, in bytes
  Range range;      // integers
};

const std::vector<FieldPlan>& PlanFor(const google::protobuf::Descriptor* type) {
  // Per thread, so the hot path takes no lock; a few dozen types, built on first sight.
  thread_local std::unordered_map<const google::protobuf::Descriptor*, std::vector<FieldPlan>>
      plans;
  auto [it, added] = plans.try_emplace(type);
  if (!added) return it->second;
  const FieldRules& rules = Rules();
  for (int k = 0; k < type->field_count(); ++k) {
    const FieldDescriptor* f = type->field(k);
    FieldPlan p{};
    p.f = f;
    p.cpp = f->cpp_type();
    p.repeated = f->is_repeated();
    p.tracked = f->has_presence();
    p.bytes = f->type() == FieldDescriptor::TYPE_BYTES;
    p.multi_line = f->name() == "csr_pem";
    p.any_value = f == rules.config_version;
    auto limit = rules.string_limits.find(f);
    p.limit = limit == rules.string_limits.end() ? kDefaultStringLimit : limit->second;
    auto range = rules.int_ranges.find(f);
    p.range = range != rules.int_ranges.end() ? range->second
              : p.cpp == FieldDescriptor::CPPTYPE_UINT64
                  ? Range{0, static_cast<int64_t>(kMaxSequence)}
                  : Range{0, 32767};
    it->second.push_back(p);
  }
  return it->second;
}

std::string FieldName(const FieldDescriptor* f) {
  return f->containing_type()->name() + "." + f->name();
}

std::optional<std::string> CheckString(const FieldPlan& p, const std::string& value) {
  // Named only when refused: every result has a few dozen strings, and this runs on each.
  if (value.size() > p.limit) {
    return FieldName(p.f) + " longer than " + std::to_string(p.limit) + " bytes";
  }
  if (p.bytes) return std::nullopt;
  switch (FindTextFault(value, p.multi_line)) {
    case TextFault::kNotUtf8:
      return FieldName(p.f) + " is not valid UTF-8";
    case TextFault::kControl:
      // NUL cannot be stored in a text column; other control characters break screens and CSV.
      return FieldName(p.f) + " contains a control character";
    case TextFault::kNone:
      break;
  }
  return std::nullopt;
}

std::optional<std::string> CheckInteger(const FieldPlan& p, int64_t value) {
  if (value < p.range.min || value > p.range.max) {
    return FieldName(p.f) + " out of range (" + std::to_string(p.range.min) + ".." +
           std::to_string(p.range.max) + ")";
  }
  return std::nullopt;
}

// `unknown`, when given, is set when any message of the walk carries fields this program does
// not know (a newer agent's, or padding no limit above bounds).
std::optional<std::string> Walk(const Message& m, int depth, bool* unknown = nullptr) {
  if (depth > 8) return "message nested too deeply";
  const auto* refl = m.GetReflection();
  if (unknown && !refl->GetUnknownFields(m).empty()) *unknown = true;
  // Strings are read in place; `scratch` is filled only for a representation that has no
  // std::string to refer to (GetString would copy every string of every result).
  std::string scratch;
  // Every field of the type, skipping what is not set as ListFields would: it tested each
  // field's value for presence and the walk then read it again (half of the walk's time). A
  // field without explicit presence is unset when it holds its zero value.
  for (const FieldPlan& p : PlanFor(m.GetDescriptor())) {
    const FieldDescriptor* f = p.f;
    if (p.repeated) {
      int n = refl->FieldSize(m, f);
      if (n > 64) return FieldName(f) + " has too many entries";
      for (int i = 0; i < n; ++i) {
        std::optional<std::string> why;
        switch (p.cpp) {
          case FieldDescriptor::CPPTYPE_STRING:
            why = CheckString(p, refl->GetRepeatedStringReference(m, f, i, &scratch));
            break;
          case FieldDescriptor::CPPTYPE_MESSAGE:
            why = Walk(refl->GetRepeatedMessage(m, f, i), depth + 1, unknown);
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            if (!f->enum_type()->FindValueByNumber(refl->GetRepeatedEnumValue(m, f, i))) {
              why = FieldName(f) + " has an unknown value";
            }
            break;
          default:
            break;
        }
        if (why) return why;
      }
      continue;
    }
    const bool tracked = p.tracked;
    if (tracked && !refl->HasField(m, f)) continue;
    std::optional<std::string> why;
    switch (p.cpp) {
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string& v = refl->GetStringReference(m, f, &scratch);
        if (!v.empty() || tracked) why = CheckString(p, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        why = Walk(refl->GetMessage(m, f), depth + 1, unknown);
        break;
      case FieldDescriptor::CPPTYPE_ENUM: {
        int v = refl->GetEnumValue(m, f);
        if ((v != 0 || tracked) && !f->enum_type()->FindValueByNumber(v)) {
          why = FieldName(f) + " has an unknown value " + std::to_string(v);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_INT32:
        if (int32_t v = refl->GetInt32(m, f); v != 0 || tracked) why = CheckInteger(p, v);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        if (int64_t v = refl->GetInt64(m, f); v != 0 || tracked) why = CheckInteger(p, v);
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        if (uint32_t v = refl->GetUInt32(m, f); v != 0 || tracked) why = CheckInteger(p, v);
        break;
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v = refl->GetUInt64(m, f);
        if ((v == 0 && !tracked) || p.any_value) break;
        why = v > kMaxSequence ? std::optional<std::string>(FieldName(f) + " out of range (0.." +
                                                            std::to_string(kMaxSequence) + ")")
                               : CheckInteger(p, static_cast<int64_t>(v));
        break;
      }
      default:
        break;
    }
    if (why) return why;
  }
  return std::nullopt;
}

bool IsIsoDateOrEmpty(std::string_view s) {
  if (s.empty()) return true;
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && IsDigitString(s.substr(0, 4)) &&
         IsDigitString(s.substr(5, 2)) && IsDigitString(s.substr(8, 2));
}

bool IsReasonId(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsUuidText(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

bool IsServerMadeId(std::string_view s) { return s.size() == 36 && s[14] == '8'; }

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond Unicode are not UTF-8.
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<std::string> ValidateFields(const google::protobuf::Message& m) { return Walk(m, 0); }

HeartbeatFacts BoundHeartbeat(const v1::Heartbeat& heartbeat) {
  HeartbeatFacts f;
  f.outbox_depth = std::min(heartbeat.outbox_depth(), kMaxOutboxDepth);
  f.reader_status = domain::ReaderStatusAtHq(heartbeat.reader_status());
  f.store_status = domain::StoreStatusAtHq(heartbeat.store_status());
  f.unsaved_results = std::min(heartbeat.unsaved_results(), kMaxOutboxDepth);
  return f;
}

std::optional<std::string> ValidateTerminalCertificateReport(
    const v1::TerminalCertificateReport& report) {
  if (auto why = ValidateFields(report)) return why;
  const std::string& serial = report.serial_hex();
  if (!std::all_of(serial.begin(), serial.end(),
                   [](unsigned char c) { return std::isxdigit(c) != 0; })) {
    return "serial_hex is not hex";
  }
  if (!IsReasonId(report.problem())) return "problem is not a reason id";
  return std::nullopt;
}

std::vector<std::string> UnresolvedFieldRules() { return Rules().unresolved; }

std::optional<std::string> ValidateCheckResult(const v1::CheckResult& r, int64_t now_seconds,
                                               bool* unknown_fields) {
  if (r.sequence() == 0) return "sequence 0";
  if (r.sequence() > kMaxSequence) return "sequence out of range";
  if (!IsUuidText(r.check_id())) return "check_id is not a UUID";
  if (IsServerMadeId(r.check_id())) return "check_id is of the server's own kind (UUID version 8)";
  if (!r.answers_check_id().empty() && !IsUuidText(r.answers_check_id())) {
    return "answers_check_id is not a UUID";
  }
  if (!r.visual_allowance_id().empty() && !IsUuidText(r.visual_allowance_id())) {
    return "visual_allowance_id is not a UUID";
  }
  // After 2000-01-01 and at most ten minutes ahead of HQ's clock (later ones were restamped): a
  // plausible terminal clock.
  if (!r.has_checked_at() || r.checked_at().seconds() < kEarliestCheck ||
      r.checked_at().seconds() > now_seconds + kMaxClockAhead || r.checked_at().nanos() < 0 ||
      r.checked_at().nanos() > 999999999) {
    return "checked_at missing or invalid";
  }
  // An answer's other records: one level, as many as a service answer can sensibly carry.
  const auto& others = r.eligibility().other_records();
  if (others.size() > 8) return "eligibility.other_records has more than 8 entries";
  for (const auto& other : others) {
    if (!other.other_records().empty()) return "eligibility.other_records has records of its own";
  }
  if (auto why = Walk(r, 0, unknown_fields)) return why;
  if (!IsReasonId(r.error_reason())) return "error_reason is not a reason id";
  if (!r.certificate_digest().empty() && r.certificate_digest().size() != 32) {
    return "certificate_digest is not a SHA-256";
  }
  if (!IsIsoDateOrEmpty(r.certificate_not_after())) return "certificate_not_after is not a date";
  for (char c : r.reader().atr_hex()) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ' ') return "reader.atr_hex is not hexadecimal";
  }
  return std::nullopt;
}

}  // namespace kakunin::server
