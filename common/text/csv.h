#pragma once
// RFC 4180 CSV as spreadsheets write it: fields separated by commas, records by CRLF, LF or a
// lone CR; a field in double quotes may hold commas, line breaks and doubled quotes ("").
// A quote inside an unquoted field, or text after a closing quote, is an error rather than a
// guess: the line is named so that the person can fix the file.

#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"

namespace kakunin::text {

struct CsvRecord {
  int record = 0;  // 1-based: the row number a spreadsheet shows
  int line = 0;    // 1-based line of the file where the record starts
  std::vector<std::string> fields;
};

struct CsvLimits {
  size_t max_records = 100000;
  size_t max_fields = 256;
};

// Records in order. Blank lines (nothing between two line breaks) are skipped but still count
// as spreadsheet rows. Fails with kInvalidArgument: "csv.unterminated_quote",
// "csv.bad_quote", "csv.too_many_records", "csv.too_many_fields" (the message names the line).
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, const CsvLimits& limits = {});

// The line a ParseCsv error names (1-based), or 0 when it names none: callers word the place
// in their users' language instead of showing the English message.
int CsvErrorLine(const Error& error);

// One field as CSV writes it: quoted only when it has to be. A field starting with =, +, -, @, a
// tab or a carriage return would be read by a spreadsheet as a formula (exports carry text that
// terminals, branches and strangers chose): a leading apostrophe keeps it text.
std::string CsvField(std::string_view value);

}  // namespace kakunin::text
