#pragma once
// Bulk onboarding of stores (issue 19): a CSV file exported by a spreadsheet — UTF-8 with or
// without a BOM, or Shift_JIS (CP932) — turned into site records, every row checked with the
// site form's rules (site_rules.h) and every problem placed on its row and cell with a plain
// Japanese message. Pure: the caller reads the file and decides what to save; the server adds
// the checks that need the database (a code already registered to another site).
//
// The header row names the columns in Japanese (医療機関等名, 医療機関等コード, 施設種別, …) or
// English (name, institution_code, facility_kind, …), in any order. 医療機関等名, 医療機関等コード
// and 施設種別 are required; without a 店舗ID column each site's id is "site-" + its code.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"
#include "common/site/site_rules.h"
#include "common/text/charset.h"

namespace kakunin::site {

enum class ImportColumn {
  kSiteId,
  kName,
  kInstitutionCode,
  kFacilityKind,
  kMeasure,      // 経過措置: empty or 1–6
  kMeasureDate,  // the measure's event date (fibre available, works end, …)
  kOverrideReason,
  kAddress,
  kPhone,
  kEmail,
  kOpeningHours,
};
inline constexpr int kImportColumnCount = 11;

std::string_view ImportColumnId(ImportColumn c);       // "institution_code"
std::string_view ImportColumnTitleJa(ImportColumn c);  // "医療機関等コード"

struct ImportLimits {
  size_t max_file_bytes = 2 * 1024 * 1024;
  int max_rows = 2000;
  // Characters, not bytes; within what the server stores (result_limits.cpp: 300 bytes of a
  // name, 600 of an address).
  size_t max_cell_chars = 100;
  size_t max_long_cell_chars = 200;  // 住所, 営業時間, コード確認理由
};

struct ImportCellError {
  std::optional<ImportColumn> column;  // nullopt: the row as a whole
  std::string reason;                  // stable id, e.g. "institution_code.check_digit_mismatch"
  std::string message;                 // plain Japanese, for the person fixing the file
};

// One store as the import will save it.
struct ImportedSite {
  SiteFields fields;
  std::string prefecture;  // 2 digits, from the code
  std::string address;
  std::string opening_hours;
};

struct ImportRow {
  int row = 0;                     // the spreadsheet's row number (the header is row 1)
  std::vector<std::string> cells;  // by ImportColumn, as read (trimmed); "" when absent
  ImportedSite site;
  std::vector<ImportCellError> errors;
  bool ok() const { return errors.empty(); }
  const std::string& cell(ImportColumn c) const { return cells[static_cast<size_t>(c)]; }
};

struct ImportPlan {
  text::SourceEncoding encoding = text::SourceEncoding::kUtf8;
  std::vector<ImportColumn> columns;  // as the header has them
  std::vector<ImportRow> rows;
  int error_rows() const;
  int clean_rows() const { return static_cast<int>(rows.size()) - error_rows(); }
};

// Fails (kInvalidArgument, plain Japanese message) only when the file as a whole cannot be read
// row by row: "import.too_large", "import.empty", "import.no_rows", "import.too_many_rows",
// "import.unknown_column", "import.duplicate_column", "import.missing_column", and the CSV
// parser's "csv.*". Everything else is an error on its row.
Result<ImportPlan> ParseSiteImport(std::string_view bytes, const ImportLimits& limits = {});

// The plain Japanese text for a row problem's reason. `number` is the expected check digit or
// the other row's number; `detail` another site's id (server-side "import.code_in_use").
std::string ImportProblemMessage(std::string_view reason, int number = -1,
                                 std::string_view detail = {});

}  // namespace kakunin::site
