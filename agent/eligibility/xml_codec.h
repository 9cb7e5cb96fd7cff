#pragma once
// The 資格確認端末 XML file exchange, as bytes (domain.md "The 資格確認端末 XML file exchange").
// Pure: no I/O. Shared by the agent's adapter (xml_exchange.h) and the emulator's responder
// (sim/oqs/xml_responder.h), so both sides agree on one layout. Element names not listed in
// domain.md (the 医療扶助 sub-record's container and dates) are our assumption.
//
// Errors (kInvalidArgument): xml.malformed, xml.wrong_encoding, xml.missing_field, xml.bad_value.

#include <string>
#include <string_view>
#include <vector>

#include "agent/eligibility/eligibility_service.h"
#include "common/core/result.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::eligibility::xml {

// CharacterCodeIdentifier: 0 UTF-8, 1 Shift_JIS (written and read as CP932, its Windows form).
enum class Encoding { kUtf8 = 0, kShiftJis = 1 };

inline constexpr std::string_view kRequestPrefix = "OQSsiquc01req_";
inline constexpr std::string_view kAnswerPrefix = "OQSsiquc01res_";
// Answers of the on-site face-auth card reader: the receipt computer owns them.
inline constexpr std::string_view kFacePrefix = "OQSsiquc01res_face_";
std::string RequestFileName(std::string_view id);  // OQSsiquc01req_<id>.xml
std::string AnswerFileName(std::string_view id);   // OQSsiquc01res_<id>.xml
std::string ErrorFileName(std::string_view id);    // OQSsiquc01req_<id>.err
std::string FaceFileName(std::string_view id);     // OQSsiquc01res_face_<id>.xml
bool IsFaceFileName(std::string_view name);

// 個別照会 request. Dates as ISO; insurer number as bare 6 or 8 digits.
struct Request {
  std::string confirmation_date;         // QualificationConfirmationDate (ISO)
  std::string medical_institution_code;  // 10 digits
  std::string file_id;                   // ArbitraryFileIdentifier
  std::string insurer_number;
  std::string insured_symbol;
  std::string insured_number;
  std::string insured_branch_number;
  std::string birth_date;      // ISO
  bool limit_consent = false;  // LimitApplicationCertificateRelatedConsFlg
};

Result<std::string> WriteRequest(const Request& request, Encoding encoding = Encoding::kUtf8);
Result<Request> ParseRequest(std::string_view bytes);

// The answer as the file holds it (header + body), results already in the domain type.
struct FileAnswer {
  std::string process_execution_time;  // YYYYMMDDHHmmss
  int reference_classification = 2;    // 1 card, 2 insured number
  int segment_of_result = 1;           // 1 ok, 2 processing, 9 error
  std::string error_code;
  std::string error_message;
  Encoding encoding = Encoding::kUtf8;
  std::string file_id;
  int processing_result_status = 1;  // 1 ok, 2 error
  std::string processing_result_code;
  std::string processing_result_message;
  int qualification_validity = 0;  // 1–5; 0 = absent (only with an error)
  std::vector<v1::Eligibility> results;
};

Result<std::string> WriteAnswer(const FileAnswer& answer);
Result<FileAnswer> ParseAnswer(std::string_view bytes);

// Outcome from QualificationValidity; an error answer (segment 9 or status 2) becomes
// kUnavailable "xml.terminal_error", a still-processing one (segment 2) kUnavailable
// "xml.processing".
Result<Answer> ToAnswer(const FileAnswer& answer);

// A result Kakunin made, as a face-reader answer (the hand-off to the receipt computer).
// kInvalidArgument "xml.no_answer" for results that carry no service answer (errors, documents).
Result<FileAnswer> AnswerFromResult(const v1::CheckResult& result, const std::string& file_id,
                                    const std::string& execution_time, Encoding encoding);

// True when a name holds what stands for a character the system could not show (外字): ●, 〓,
// U+FFFD, or a private-use code point (CP932's user-defined area decodes there).
bool HasUnrepresentable(std::string_view utf8);

// Encoding helpers (iconv), exposed for tests and the responder.
Result<std::string> Utf8ToShiftJis(std::string_view utf8);
Result<std::string> ShiftJisToUtf8(std::string_view sjis);
bool IsValidUtf8(std::string_view text);

}  // namespace kakunin::eligibility::xml
