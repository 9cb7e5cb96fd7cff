#pragma once
// The bytes the ingest writer seals for a result's patient fields (issue 18: serialised once).
// Pure: no I/O, so the fuzz build takes it as it is.

#include <string>
#include <string_view>

#include "kakunin/v1/common.pb.h"

namespace kakunin::server::ingest_rows {

// What is sealed: a CheckResult holding only the patient fields, eligibility (8) and document
// (9), both present (empty when the result has none), and fields 12-18 where set (see
// ingest_rows.h, HasSealedExtras). They are lent to it and given back instead
// of copied: a deep copy of every name and address cost as much as sealing them.
void SerializePatientFields(v1::CheckResult& r, std::string* out);

// The same bytes, cut from `wire`, the serialisation of `r` (SerializeToString's): known fields
// are written in field-number order, so 8 and 9 sit next to each other there, and 12-18 after
// them, and need no second serialisation. False when `r` has unknown fields or `wire` does not look
// that way (malformed, or a field 8 or 9 that is not a message); then the caller serialises them as
// above.
bool PatientFieldsFromWire(const v1::CheckResult& r, std::string_view wire, std::string* out);

}  // namespace kakunin::server::ingest_rows
