#pragma once
// Scripted answers for the XML responder (`--xml-cases FILE`): a request whose
// InsuredIdentificationNumber is listed gets a misbehaving answer instead of the normal one, so
// clients can be tested against the terminal's failure modes. JSON:
//   {"<insured_number>": {"kind": "late", "delay_ms": 5000}, ...}
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::sim {

enum class XmlCaseKind {
  kError,       // SegmentOfResult 9, ErrorCode EQ0001, ProcessingResultStatus 2
  kErrFile,     // the request copied into res with a same-named .err
  kTruncated,   // the normal answer cut in half, written in place, never completed
  kLate,        // the normal answer after delay (default 5000 ms)
  kTooLarge,    // the normal answer padded past 1 MiB with an XML comment
  kProcessing,  // SegmentOfResult 2 first, the normal answer after delay (default 500 ms)
};

struct XmlCase {
  XmlCaseKind kind = XmlCaseKind::kLate;
  std::optional<std::chrono::milliseconds> delay;  // unset: the kind's default
};

// Keyed by the request's InsuredIdentificationNumber.
using XmlCases = std::map<std::string, XmlCase>;

// "late" → kLate …; nullopt for an unknown name.
std::optional<XmlCaseKind> ParseXmlCaseKind(std::string_view name);
std::string_view XmlCaseKindName(XmlCaseKind kind);
// The delay before the (final) answer: delay_ms when given, else 5000 for late, 500 for
// processing and 0 for the others.
std::chrono::milliseconds EffectiveDelay(const XmlCase& c);

// Errors: kInvalidArgument "oqs.bad_xml_cases" naming the entry (unknown kind, unknown key,
// negative delay…); LoadXmlCases also kNotFound "oqs.io".
Result<XmlCases> ParseXmlCases(const std::string& json);
Result<XmlCases> LoadXmlCases(const std::string& path);

}  // namespace kakunin::sim
