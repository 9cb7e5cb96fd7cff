#pragma once
// One field of the console's CSV exports (terminals, claims, onboarding), for HQ's spreadsheet.
// Text in these files comes from terminals and branches, so a field must never open as a formula.

#include <QString>

namespace kakunin::console {

// text::CsvField (common/text/csv.h) on the QString: RFC 4180 quoting, and a leading apostrophe
// before a field a spreadsheet would read as a formula.
QString CsvField(const QString& value);

}  // namespace kakunin::console
