#pragma once
// The audit trail as the server sends it, in the formats of common/audit/FORMAT.md: CSV rows
// for spreadsheets (ISO 8601 UTC times) and signed heads as JSON lines, which an auditor keeps
// as witnesses and checks later with `kakunin-server audit verify`.

#include <string>
#include <vector>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

audit::Record RecordFromProto(const v1::AuditRecord& r);
audit::SignedHead HeadFromProto(const v1::SignedAuditHead& h);

// The CSV header line with CRLF (FORMAT.md §6), then AuditCsvRows for each page.
std::string AuditCsvHeader();
std::string AuditCsvRows(const v1::QueryAuditResponse& page);
// One audit::ToJsonLine line (LF-terminated) per record: `kakunin-server audit export
// --format json`'s format, hashes included.
std::string AuditJsonLines(const v1::QueryAuditResponse& page);
// One audit::HeadToJson line (LF-terminated) per head.
std::string HeadsJsonLines(const v1::ListSignedHeadsResponse& heads);

}  // namespace kakunin::console
