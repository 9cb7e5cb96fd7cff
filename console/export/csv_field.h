#pragma once
// One field of the console's CSV exports (terminals, claims, onboarding), for HQ's spreadsheet.
// Text in these files comes from terminals and branches, so a field must never open as a formula.

#include <QString>

namespace kakunin::console {

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field
// starting with =, +, -, @, a tab or a carriage return would be read by Excel (and LibreOffice)
// as a formula: a leading apostrophe keeps it text.
QString CsvField(const QString& value);

}  // namespace kakunin::console
