#include "agent/eligibility/xml_codec.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <pugixml.hpp>
#include <sstream>

#include "common/core/text_match.h"
#include "common/domain/check_digit.h"
#include "common/domain/copayment.h"
#include "common/domain/date.h"
#include "common/text/charset.h"
#include "common/text/text_fault.h"

namespace kakunin::eligibility::xml {
namespace {

Error Bad(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// The tables are common/text's (shared with the site import); the reason stays this codec's.
Result<std::string> WithXmlReason(Result<std::string> converted, const char* from) {
  if (converted.ok() || converted.error().reason() != "charset.invalid_bytes") return converted;
  return Bad("xml.wrong_encoding", std::string("bytes are not valid ") + from);
}

// The XML declaration's encoding, lower-cased; "" when there is no declaration or attribute.
std::string DeclaredEncoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 5) != "<?xml") return "";
  size_t end = bytes.find("?>");
  std::string_view decl = bytes.substr(0, end == std::string_view::npos ? 200 : end);
  size_t pos = decl.find("encoding");
  if (pos == std::string_view::npos) return "";
  pos = decl.find_first_of("\"'", pos);
  if (pos == std::string_view::npos) return "";
  size_t close = decl.find(decl[pos], pos + 1);
  if (close == std::string_view::npos) return "";
  std::string enc(decl.substr(pos + 1, close - pos - 1));
  for (char& c : enc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return enc;
}

// Decodes the file to UTF-8 following its declaration (XML's default is UTF-8).
Result<std::string> DecodeFile(std::string_view bytes, Encoding* encoding) {
  const std::string enc = DeclaredEncoding(bytes);
  if (enc.empty() || enc == "utf-8" || enc == "utf8") {
    if (!IsValidUtf8(bytes)) return Bad("xml.wrong_encoding", "declared UTF-8, bytes are not");
    *encoding = Encoding::kUtf8;
    return std::string(bytes);
  }
  if (enc == "shift_jis" || enc == "shift-jis" || enc == "sjis" || enc == "cp932" ||
      enc == "windows-31j" || enc == "ms932") {
    *encoding = Encoding::kShiftJis;
    return ShiftJisToUtf8(bytes);
  }
  return Bad("xml.wrong_encoding", "unsupported encoding declaration: " + enc);
}

Result<std::string> Serialize(pugi::xml_document& doc, Encoding encoding) {
  auto decl = doc.prepend_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = encoding == Encoding::kUtf8 ? "UTF-8" : "Shift_JIS";
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  if (encoding == Encoding::kUtf8) return out.str();
  return Utf8ToShiftJis(out.str());
}

// Every value in the file by HQ's text rule (text::FindTextFault): a control character in a
// name would be saved, sent, and refused by HQ, so the staff would learn of it days later, if
// ever. Text that is only white space is the file's layout (indentation may use tabs).
Status CheckTexts(pugi::xml_node root) {
  struct Walker : pugi::xml_tree_walker {
    std::optional<Error> fault;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() != pugi::node_pcdata && node.type() != pugi::node_cdata) return true;
      const std::string_view value = node.value();
      if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;
      if (text::FindTextFault(value, /*multi_line=*/false) == text::TextFault::kNone) return true;
      fault = Bad("xml.bad_value", std::string(node.parent().name()) +
                                       " holds a control character or a character that is "
                                       "not allowed");
      return false;
    }
  } walker;
  root.traverse(walker);
  if (walker.fault) return *walker.fault;
  return OkStatus();
}

Result<pugi::xml_node> ParseRoot(std::string_view bytes, pugi::xml_document* doc,
                                 Encoding* encoding) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string utf8, DecodeFile(bytes, encoding));
  pugi::xml_parse_result parsed =
      doc->load_buffer(utf8.data(), utf8.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Bad("xml.malformed",
               std::string(parsed.description()) + " at offset " + std::to_string(parsed.offset));
  }
  pugi::xml_node root = doc->child("XmlMsg");
  if (!root) return Bad("xml.missing_field", "no XmlMsg root element");
  KAKUNIN_RETURN_IF_ERROR(CheckTexts(root));
  return root;
}

void Put(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(value.c_str());
}

Result<pugi::xml_node> Child(pugi::xml_node parent, const char* name) {
  pugi::xml_node node = parent.child(name);
  if (!node) {
    return Bad("xml.missing_field", std::string("missing ") + parent.name() + "/" + name);
  }
  return node;
}

std::string Text(pugi::xml_node parent, const char* name) {
  return parent.child(name).text().as_string();
}

// How a refused field's value looked, without the value: these files carry patients' birth dates
// and insurer numbers, and the error goes to the log (on Windows, the Event Log every user can
// read) and to HQ as the result's reason.
std::string Refused(const char* name, std::string_view value) {
  return std::string(name) + " (" + std::to_string(value.size()) + " bytes) is not valid";
}

Result<std::string> Required(pugi::xml_node parent, const char* name) {
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node node, Child(parent, name));
  std::string value = node.text().as_string();
  if (value.empty()) return Bad("xml.missing_field", std::string("empty ") + name);
  return value;
}

// A one-digit code among `allowed`; "" → `fallback` when the field may be absent.
Result<int> Code(pugi::xml_node parent, const char* name, std::string_view allowed, int fallback) {
  std::string value = Text(parent, name);
  if (value.empty() && fallback >= 0) return fallback;
  if (value.size() != 1 || allowed.find(value[0]) == std::string_view::npos) {
    return Bad("xml.bad_value", std::string(name) + " = '" + Excerpt(value, 8) + "'");
  }
  return value[0] - '0';
}

// YYYYMMDD → ISO; "" stays "" unless required.
Result<std::string> CompactToIso(const std::string& value, const char* name, bool required) {
  if (value.empty()) {
    if (required) return Bad("xml.missing_field", std::string("empty ") + name);
    return std::string();
  }
  auto date = domain::ParseCompactDate(value);
  if (!date.ok()) return Bad("xml.bad_value", Refused(name, value));
  return domain::FormatIso(*date);
}

Result<std::string> IsoToCompact(const std::string& value, const char* name) {
  if (value.empty()) return std::string();
  auto date = domain::ParseIsoDate(value);
  if (!date.ok()) return Bad("xml.bad_value", Refused(name, value));
  return domain::FormatCompact(*date);
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

Result<v1::Eligibility> ParseResult(pugi::xml_node r) {
  v1::Eligibility e;
  KAKUNIN_ASSIGN_OR_RETURN(std::string insurer, Required(r, "InsurerNumber"));
  auto bare = domain::NormalizeXmlInsurerNumber(insurer);
  if (!bare.ok()) return Bad("xml.bad_value", Refused("InsurerNumber", insurer));
  e.set_insurer_number(*bare);
  e.set_insurer_name(Text(r, "InsurerName"));
  e.set_card_classification(Text(r, "InsuredCardClassification"));
  e.set_insured_symbol(Text(r, "InsuredCardSymbol"));
  e.set_insured_number(Text(r, "InsuredIdentificationNumber"));
  e.set_insured_branch_number(Text(r, "InsuredBranchNumber"));
  KAKUNIN_ASSIGN_OR_RETURN(int family, Code(r, "PersonalFamilyClassification", "12", 0));
  e.set_personal_family(family);
  e.set_name(Text(r, "Name"));
  e.set_name_kana(Text(r, "NameKana"));
  // 外字 the service cannot represent arrive as ● or 〓: staff must check the name by hand.
  e.set_name_has_unrepresentable(HasUnrepresentable(e.name()) || HasUnrepresentable(e.name_kana()));
  KAKUNIN_ASSIGN_OR_RETURN(int sex, Code(r, "Sex1", "123", 0));
  e.set_sex(static_cast<v1::Sex>(sex));
  KAKUNIN_ASSIGN_OR_RETURN(auto birth, CompactToIso(Text(r, "Birthdate"), "Birthdate", true));
  e.set_birth_date(birth);
  e.set_address(Text(r, "Address"));
  e.set_post_number(Text(r, "PostNumber"));
  struct DateField {
    const char* name;
    void (v1::Eligibility::*set)(const std::string&);
  };
  for (auto [name, set] :
       {DateField{"QualificationDate", &v1::Eligibility::set_qualification_date},
        DateField{"DisqualificationDate", &v1::Eligibility::set_disqualification_date},
        DateField{"InsuredCardValidDate", &v1::Eligibility::set_valid_from},
        DateField{"InsuredCardExpirationDate", &v1::Eligibility::set_valid_to}}) {
    KAKUNIN_ASSIGN_OR_RETURN(auto iso, CompactToIso(Text(r, name), name, false));
    (e.*set)(iso);
  }
  std::string ratio = Text(r, "InsuredPartialContributionRatio");
  if (!ratio.empty()) {
    auto percent = domain::ParseCopaymentRatio(ratio);
    if (!percent.ok())
      return Bad("xml.bad_value", "InsuredPartialContributionRatio = " + Excerpt(ratio, 8));
    e.set_copayment_percent(*percent);
  }
  std::string loss = Text(r, "ReasonOfLoss");
  if (!loss.empty() && loss != "01" && loss != "02" && loss != "03" && loss != "99") {
    return Bad("xml.bad_value", "ReasonOfLoss = '" + Excerpt(loss, 8) + "'");
  }
  e.set_loss_reason(loss);
  // 医療扶助: the container's real name is not public; take the record wherever it sits.
  pugi::xml_node pen = r.find_node(
      [](pugi::xml_node n) { return std::strcmp(n.name(), "PublicExpenseNumber") == 0; });
  if (pen) {
    pugi::xml_node aid = pen.parent();
    auto* m = e.mutable_medical_aid();
    m->set_public_expense_number(pen.text().as_string());
    m->set_beneficiary_number(Text(aid, "BeneficiaryNumber"));
    KAKUNIN_ASSIGN_OR_RETURN(auto from, CompactToIso(Text(aid, "MedicalTicketValidDate"),
                                                     "MedicalTicketValidDate", false));
    KAKUNIN_ASSIGN_OR_RETURN(auto to, CompactToIso(Text(aid, "MedicalTicketExpirationDate"),
                                                   "MedicalTicketExpirationDate", false));
    m->set_valid_from(from);
    m->set_valid_to(to);
    m->set_designated_institution(Text(aid, "DesignatedMedicalInstitutionName"));
  }
  return e;
}

Status WriteResult(pugi::xml_node list, const v1::Eligibility& e) {
  pugi::xml_node r = list.append_child("ResultOfQualificationConfirmation");
  KAKUNIN_ASSIGN_OR_RETURN(auto insurer, domain::PadInsurerNumberForXml(e.insurer_number()));
  Put(r, "InsuredCardClassification", e.card_classification());
  Put(r, "InsurerNumber", insurer);
  Put(r, "InsuredCardSymbol", e.insured_symbol());
  Put(r, "InsuredIdentificationNumber", e.insured_number());
  Put(r, "InsuredBranchNumber", e.insured_branch_number());
  Put(r, "PersonalFamilyClassification",
      e.personal_family() == 0 ? "" : std::to_string(e.personal_family()));
  Put(r, "Name", e.name());
  Put(r, "NameKana", e.name_kana());
  Put(r, "Sex1", e.sex() == v1::SEX_UNSPECIFIED ? "" : std::to_string(e.sex()));
  KAKUNIN_ASSIGN_OR_RETURN(auto birth, IsoToCompact(e.birth_date(), "birth_date"));
  Put(r, "Birthdate", birth);
  Put(r, "Address", e.address());
  Put(r, "PostNumber", e.post_number());
  KAKUNIN_ASSIGN_OR_RETURN(auto qd, IsoToCompact(e.qualification_date(), "qualification_date"));
  KAKUNIN_ASSIGN_OR_RETURN(auto dd, IsoToCompact(e.disqualification_date(), "disq_date"));
  KAKUNIN_ASSIGN_OR_RETURN(auto vf, IsoToCompact(e.valid_from(), "valid_from"));
  KAKUNIN_ASSIGN_OR_RETURN(auto vt, IsoToCompact(e.valid_to(), "valid_to"));
  Put(r, "QualificationDate", qd);
  Put(r, "DisqualificationDate", dd);
  Put(r, "InsuredCardValidDate", vf);
  Put(r, "InsuredCardExpirationDate", vt);
  // None given is written as none: "000" told the receipt computer 0割 (a domain review).
  char ratio[16] = "";
  if (e.copayment_percent() > 0) {
    std::snprintf(ratio, sizeof ratio, "%03d", e.copayment_percent());
  }
  Put(r, "InsuredPartialContributionRatio", ratio);
  Put(r, "ReasonOfLoss", e.loss_reason());
  Put(r, "InsurerName", e.insurer_name());
  if (e.has_medical_aid()) {
    const auto& m = e.medical_aid();
    pugi::xml_node aid = r.append_child("MedicalTreatmentAidInfo");  // assumed name
    Put(aid, "PublicExpenseNumber", m.public_expense_number());
    Put(aid, "BeneficiaryNumber", m.beneficiary_number());
    KAKUNIN_ASSIGN_OR_RETURN(auto from, IsoToCompact(m.valid_from(), "aid valid_from"));
    KAKUNIN_ASSIGN_OR_RETURN(auto to, IsoToCompact(m.valid_to(), "aid valid_to"));
    Put(aid, "MedicalTicketValidDate", from);
    Put(aid, "MedicalTicketExpirationDate", to);
    Put(aid, "DesignatedMedicalInstitutionName", m.designated_institution());
  }
  return OkStatus();
}

}  // namespace

std::string RequestFileName(std::string_view id) {
  return std::string(kRequestPrefix) + std::string(id) + ".xml";
}
std::string AnswerFileName(std::string_view id) {
  return std::string(kAnswerPrefix) + std::string(id) + ".xml";
}
std::string ErrorFileName(std::string_view id) {
  return std::string(kRequestPrefix) + std::string(id) + ".err";
}

// The strict rule (no overlongs, surrogates or code points above U+10FFFF): a name that only
// looked like UTF-8 saved into the outbox would not parse back, and its row would hold the queue.
bool IsValidUtf8(std::string_view s) { return text::IsValidUtf8(s); }

Result<std::string> Utf8ToShiftJis(std::string_view utf8) {
  return WithXmlReason(text::Utf8ToCp932(utf8), "UTF-8");
}
Result<std::string> ShiftJisToUtf8(std::string_view sjis) {
  return WithXmlReason(text::Cp932ToUtf8(sjis), "CP932");
}

Result<std::string> WriteRequest(const Request& q, Encoding encoding) {
  if (q.medical_institution_code.size() != 10 || !AllDigits(q.medical_institution_code)) {
    return Bad("xml.bad_value", "MedicalInstitutionCode must be 10 digits");
  }
  if (q.file_id.empty()) return Bad("xml.missing_field", "ArbitraryFileIdentifier is empty");
  KAKUNIN_ASSIGN_OR_RETURN(auto date, IsoToCompact(q.confirmation_date, "confirmation_date"));
  KAKUNIN_ASSIGN_OR_RETURN(auto birth, IsoToCompact(q.birth_date, "birth_date"));
  if (date.empty() || birth.empty()) return Bad("xml.missing_field", "dates are required");
  auto insurer = domain::PadInsurerNumberForXml(q.insurer_number);
  if (!insurer.ok()) return Bad("xml.bad_value", Refused("InsurerNumber", q.insurer_number));
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("XmlMsg");
  pugi::xml_node header = root.append_child("MessageHeader");
  Put(header, "QualificationConfirmationDate", date);
  Put(header, "MedicalInstitutionCode", q.medical_institution_code);
  Put(header, "ArbitraryFileIdentifier", q.file_id);
  pugi::xml_node info =
      root.append_child("MessageBody").append_child("QualificationConfirmSearchInfo");
  Put(info, "InsurerNumber", *insurer);
  Put(info, "InsuredCardSymbol", q.insured_symbol);
  Put(info, "InsuredIdentificationNumber", q.insured_number);
  Put(info, "InsuredBranchNumber", q.insured_branch_number);
  Put(info, "Birthdate", birth);
  Put(info, "LimitApplicationCertificateRelatedConsFlg", q.limit_consent ? "1" : "0");
  return Serialize(doc, encoding);
}

Result<Request> ParseRequest(std::string_view bytes) {
  pugi::xml_document doc;
  Encoding encoding;
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node root, ParseRoot(bytes, &doc, &encoding));
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node header, Child(root, "MessageHeader"));
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node body, Child(root, "MessageBody"));
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node info, Child(body, "QualificationConfirmSearchInfo"));
  Request q;
  KAKUNIN_ASSIGN_OR_RETURN(auto date, Required(header, "QualificationConfirmationDate"));
  KAKUNIN_ASSIGN_OR_RETURN(q.confirmation_date,
                           CompactToIso(date, "QualificationConfirmationDate", true));
  KAKUNIN_ASSIGN_OR_RETURN(q.medical_institution_code, Required(header, "MedicalInstitutionCode"));
  if (q.medical_institution_code.size() != 10 || !AllDigits(q.medical_institution_code)) {
    return Bad("xml.bad_value", "MedicalInstitutionCode must be 10 digits");
  }
  KAKUNIN_ASSIGN_OR_RETURN(q.file_id, Required(header, "ArbitraryFileIdentifier"));
  KAKUNIN_ASSIGN_OR_RETURN(auto insurer, Required(info, "InsurerNumber"));
  auto bare = domain::NormalizeXmlInsurerNumber(insurer);
  if (!bare.ok()) return Bad("xml.bad_value", Refused("InsurerNumber", insurer));
  q.insurer_number = *bare;
  q.insured_symbol = Text(info, "InsuredCardSymbol");
  // 医療扶助 recipients have no insured number: the field may be empty, never absent.
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node number, Child(info, "InsuredIdentificationNumber"));
  q.insured_number = number.text().as_string();
  q.insured_branch_number = Text(info, "InsuredBranchNumber");
  KAKUNIN_ASSIGN_OR_RETURN(q.birth_date, CompactToIso(Text(info, "Birthdate"), "Birthdate", true));
  KAKUNIN_ASSIGN_OR_RETURN(int flag,
                           Code(info, "LimitApplicationCertificateRelatedConsFlg", "01", 0));
  q.limit_consent = flag == 1;
  return q;
}

Result<std::string> WriteAnswer(const FileAnswer& a) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("XmlMsg");
  pugi::xml_node h = root.append_child("MessageHeader");
  Put(h, "ProcessExecutionTime", a.process_execution_time);
  Put(h, "QualificationConfirmationDate", a.process_execution_time.substr(0, 8));
  Put(h, "ArbitraryFileIdentifier", a.file_id);
  Put(h, "ReferenceClassification", std::to_string(a.reference_classification));
  Put(h, "SegmentOfResult", std::to_string(a.segment_of_result));
  Put(h, "ErrorCode", a.error_code);
  Put(h, "ErrorMessage", a.error_message);
  Put(h, "CharacterCodeIdentifier", std::to_string(static_cast<int>(a.encoding)));
  pugi::xml_node b = root.append_child("MessageBody");
  Put(b, "ProcessingResultStatus", std::to_string(a.processing_result_status));
  Put(b, "ProcessingResultCode", a.processing_result_code);
  Put(b, "ProcessingResultMessage", a.processing_result_message);
  Put(b, "QualificationValidity",
      a.qualification_validity == 0 ? "" : std::to_string(a.qualification_validity));
  pugi::xml_node list = b.append_child("ResultList");
  for (const auto& e : a.results) KAKUNIN_RETURN_IF_ERROR(WriteResult(list, e));
  return Serialize(doc, a.encoding);
}

Result<FileAnswer> ParseAnswer(std::string_view bytes) {
  pugi::xml_document doc;
  FileAnswer a;
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node root, ParseRoot(bytes, &doc, &a.encoding));
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node h, Child(root, "MessageHeader"));
  KAKUNIN_ASSIGN_OR_RETURN(pugi::xml_node b, Child(root, "MessageBody"));
  KAKUNIN_ASSIGN_OR_RETURN(a.file_id, Required(h, "ArbitraryFileIdentifier"));
  a.process_execution_time = Text(h, "ProcessExecutionTime");
  if (!a.process_execution_time.empty() &&
      (a.process_execution_time.size() != 14 || !AllDigits(a.process_execution_time))) {
    return Bad("xml.bad_value",
               "ProcessExecutionTime = '" + Excerpt(a.process_execution_time, 20) + "'");
  }
  KAKUNIN_ASSIGN_OR_RETURN(a.reference_classification, Code(h, "ReferenceClassification", "12", 0));
  KAKUNIN_ASSIGN_OR_RETURN(a.segment_of_result, Code(h, "SegmentOfResult", "129", -1));
  a.error_code = Text(h, "ErrorCode");
  a.error_message = Text(h, "ErrorMessage");
  // The identifier must agree with the declaration the bytes were decoded by.
  KAKUNIN_ASSIGN_OR_RETURN(int cci, Code(h, "CharacterCodeIdentifier", "01", -1));
  if (cci != static_cast<int>(a.encoding)) {
    return Bad("xml.wrong_encoding", "CharacterCodeIdentifier disagrees with the declaration");
  }
  if (a.segment_of_result != 1) return a;  // error/processing answers carry no body to trust
  KAKUNIN_ASSIGN_OR_RETURN(a.processing_result_status, Code(b, "ProcessingResultStatus", "12", -1));
  a.processing_result_code = Text(b, "ProcessingResultCode");
  a.processing_result_message = Text(b, "ProcessingResultMessage");
  if (a.processing_result_status != 1) return a;
  KAKUNIN_ASSIGN_OR_RETURN(a.qualification_validity, Code(b, "QualificationValidity", "12345", -1));
  for (pugi::xml_node r : b.child("ResultList").children("ResultOfQualificationConfirmation")) {
    KAKUNIN_ASSIGN_OR_RETURN(auto e, ParseResult(r));
    a.results.push_back(std::move(e));
  }
  const int v = a.qualification_validity;
  if ((v == 4 && !a.results.empty()) || (v != 4 && a.results.empty())) {
    return Bad("xml.bad_value", "QualificationValidity " + std::to_string(v) + " with " +
                                    std::to_string(a.results.size()) + " results");
  }
  return a;
}

bool HasUnrepresentable(std::string_view utf8) {
  if (utf8.find("●") != std::string_view::npos || utf8.find("〓") != std::string_view::npos ||
      utf8.find("\xEF\xBF\xBD") != std::string_view::npos) {  // U+FFFD
    return true;
  }
  // U+E000..U+F8FF (EE 80 80 .. EF A3 BF): CP932's user-defined area decodes here.
  for (size_t i = 0; i + 2 < utf8.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    const auto b1 = static_cast<unsigned char>(utf8[i + 1]);
    if (b0 == 0xEE || (b0 == 0xEF && b1 <= 0xA3)) return true;
  }
  return false;
}

bool IsFaceFileName(std::string_view name) {
  return name.size() > kFacePrefix.size() + 4 &&
         name.substr(0, kFacePrefix.size()) == kFacePrefix &&
         name.substr(name.size() - 4) == ".xml";
}

std::string FaceFileName(std::string_view id) {
  return std::string(kFacePrefix) + std::string(id) + ".xml";
}

Result<FileAnswer> AnswerFromResult(const v1::CheckResult& result, const std::string& file_id,
                                    const std::string& execution_time, Encoding encoding) {
  FileAnswer a;
  a.process_execution_time = execution_time;
  a.reference_classification = result.source() == v1::CHECK_SOURCE_RECHECK ? 2 : 1;
  a.encoding = encoding;
  a.file_id = file_id;
  switch (result.outcome()) {
    case v1::OUTCOME_ELIGIBLE:
      a.qualification_validity = 1;
      break;
    case v1::OUTCOME_INELIGIBLE:
      // 3: this one is invalid and the answer named the new qualification.
      a.qualification_validity = result.eligibility().other_records().empty() ? 2 : 3;
      break;
    case v1::OUTCOME_NOT_FOUND:
    case v1::OUTCOME_NOT_REGISTERED:
      a.qualification_validity = 4;
      break;
    case v1::OUTCOME_MULTIPLE:
      a.qualification_validity = 5;
      break;
    default:
      return Bad("xml.no_answer", "the result carries no eligibility answer to hand off");
  }
  if (a.qualification_validity != 4) {
    if (!result.has_eligibility()) return Bad("xml.no_answer", "the result has no eligibility");
    a.results.push_back(result.eligibility());
    a.results.back().clear_other_records();
    for (const auto& other : result.eligibility().other_records()) a.results.push_back(other);
  }
  return a;
}

Result<Answer> ToAnswer(const FileAnswer& a) {
  if (a.segment_of_result == 2) {
    return MakeError(ErrorCode::kUnavailable, "xml.processing", "the terminal is still processing");
  }
  if (a.segment_of_result == 9) {
    return MakeError(ErrorCode::kUnavailable, "xml.terminal_error",
                     "terminal error " + a.error_code + ": " + a.error_message);
  }
  if (a.processing_result_status != 1) {
    return MakeError(
        ErrorCode::kUnavailable, "xml.terminal_error",
        "processing error " + a.processing_result_code + ": " + a.processing_result_message);
  }
  Answer answer;
  switch (a.qualification_validity) {
    case 1:
      answer.outcome = v1::OUTCOME_ELIGIBLE;
      break;
    case 2:
    case 3:
      answer.outcome = v1::OUTCOME_INELIGIBLE;
      break;  // 3: a newer one is in results
    case 4:
      answer.outcome = v1::OUTCOME_NOT_FOUND;
      break;
    case 5:
      answer.outcome = v1::OUTCOME_MULTIPLE;
      break;
    default:
      return Bad("xml.bad_value",
                 "QualificationValidity " + std::to_string(a.qualification_validity));
  }
  answer.results = a.results;
  answer.processed_at = a.process_execution_time;
  return answer;
}

}  // namespace kakunin::eligibility::xml
