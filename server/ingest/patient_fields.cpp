#include "server/ingest/patient_fields.h"

#include <cstdint>

namespace kakunin::server::ingest_rows {

void SerializePatientFields(v1::CheckResult& r, std::string* out) {
  // The unsafe_arena_ calls move the pointers as they are, whether `r` lives on an arena (a
  // stream's message) or the heap; `patient` holds them only until they are given back.
  const bool has_eligibility = r.has_eligibility();
  const bool has_document = r.has_document();
  v1::CheckResult patient;
  if (has_eligibility) {
    patient.unsafe_arena_set_allocated_eligibility(r.unsafe_arena_release_eligibility());
  } else {
    patient.mutable_eligibility();
  }
  if (has_document) {
    patient.unsafe_arena_set_allocated_document(r.unsafe_arena_release_document());
  } else {
    patient.mutable_document();
  }
  // Small texts and flags: copied.
  patient.set_error_message(r.error_message());
  patient.set_certificate_digest(r.certificate_digest());
  patient.set_certificate_not_after(r.certificate_not_after());
  patient.set_certificate_in_grace(r.certificate_in_grace());
  patient.set_contract_insurer_number(r.contract_insurer_number());
  patient.set_contract_insurer_match(r.contract_insurer_match());
  patient.set_operator_name(r.operator_name());
  patient.SerializeToString(out);
  if (has_eligibility) {
    r.unsafe_arena_set_allocated_eligibility(patient.unsafe_arena_release_eligibility());
  }
  if (has_document) {
    r.unsafe_arena_set_allocated_document(patient.unsafe_arena_release_document());
  }
}

bool PatientFieldsFromWire(const v1::CheckResult& r, std::string_view wire, std::string* out) {
  // Unknown fields (a newer terminal's) are serialised after all known ones, in any order: such
  // a result is serialised the plain way.
  if (!r.GetReflection()->GetUnknownFields(r).empty()) return false;
  // An absent field is sealed as an empty message: its tag and a zero length.
  constexpr uint8_t kEligibilityTag = (8 << 3) | 2, kDocumentTag = (9 << 3) | 2;
  static constexpr char kNoEligibility[] = {static_cast<char>(kEligibilityTag), 0};
  static constexpr char kNoDocument[] = {static_cast<char>(kDocumentTag), 0};
  std::string_view eligibility(kNoEligibility, 2), document(kNoDocument, 2);
  size_t extras_begin = 0, extras_end = 0;  // fields 12-18: one run of the wire
  size_t pos = 0;
  auto varint = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64 && pos < wire.size(); shift += 7) {
      const auto byte = static_cast<uint8_t>(wire[pos++]);
      *v |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  };
  while (pos < wire.size()) {
    const size_t start = pos;
    uint64_t tag = 0, value = 0;
    if (!varint(&tag)) return false;
    const uint64_t field = tag >> 3;
    switch (tag & 7) {
      case 0:
        if (!varint(&value)) return false;
        break;
      case 1:
        pos += 8;
        break;
      case 2:
        if (!varint(&value) || value > wire.size() - pos) return false;
        pos += value;
        break;
      case 5:
        pos += 4;
        break;
      default:
        return false;  // groups: not in this message
    }
    if (pos > wire.size()) return false;
    if (field > 18) break;  // 8, 9 and 12-18, where present, were before it
    if (field == 8 || field == 9) {
      if ((tag & 7) != 2) return false;
      (field == 8 ? eligibility : document) = wire.substr(start, pos - start);
    } else if (field >= 12) {
      if (extras_end == 0) extras_begin = start;
      if (start != extras_end && extras_end != 0) return false;  // not one run: the plain way
      extras_end = pos;
    }
  }
  out->assign(eligibility);
  out->append(document);
  out->append(wire.substr(extras_begin, extras_end - extras_begin));
  return true;
}

}  // namespace kakunin::server::ingest_rows
