#pragma once
// Subsidy programmes (補助金) as data: the JSON file HQ edits (server/subsidy/programmes.json)
// to and from domain::Programme. Programmes change every year, so they are never code constants
// (domain.md "Subsidies"). Pure: the caller reads and writes the file.
//
// The loader is strict because a typo in this file silently changes what branches are told they
// will be paid: unknown keys, duplicate keys, unknown facility kinds or categories, bad dates,
// non-integer or negative amounts, rates above 1 and official wording far from the computed
// maximum are all refused with kInvalidArgument, naming the programme id and the field.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "common/domain/subsidy.h"

namespace kakunin::subsidy {

inline constexpr std::string_view kProgrammeFileFormat = "kakunin.subsidy_programmes";
inline constexpr int kProgrammeFileVersion = 1;

// `"opens": null` in the file: the source gives no opening date, so the programme counts as open
// from the start of time until its deadline. Kept as the earliest valid Date so that the domain
// deadline rules need no special case; written back as null.
inline constexpr domain::Date kOpeningNotStated{1, 1, 1};

// Upper bounds that keep rate × amount inside int64 (ApplyRate multiplies before dividing).
inline constexpr int64_t kMaxAmountYen = 1'000'000'000'000;  // 1 trillion yen
inline constexpr int64_t kMaxRateDenominator = 1'000'000;
// A programme file is a few kilobytes; anything near this is not one.
inline constexpr size_t kMaxProgrammeFileBytes = 4 * 1024 * 1024;

// A cost category every programme may refer to (the file declares them once, so a misspelt
// category id in a programme is an error instead of an item that is silently never paid).
struct CategoryInfo {
  std::string id;       // e.g. "receipt_computer_change"
  std::string name_ja;  // as on the leaflet, e.g. レセプトコンピュータの改修等
  std::string name_en;
};

// One programme plus where its numbers come from.
struct ProgrammeRecord {
  domain::Programme programme;
  std::string source;  // the document (and section) every number was taken from
  std::string note;    // optional: assumptions, disagreements between sources
};

struct ProgrammeFile {
  std::vector<CategoryInfo> categories;
  std::vector<ProgrammeRecord> programmes;
};

// Failures: kInvalidArgument, "subsidy.bad_programme_file" (not JSON, wrong format or version,
// bad category list) or "subsidy.bad_programme" (a programme's field; the message names the
// programme id and the field path, e.g. "programme 'x': terms[1].rate: ...").
Result<ProgrammeFile> ParseProgrammeFile(std::string_view json);

// Whether `text` may be parsed as one programme object sent from the console: at most
// kMaxProgrammeFileBytes, nested at most as deep as a programme file may be. Checked before any
// JSON parser sees it: writing a deeply nested document back out is recursive, and an
// administrator's (or a stolen session's) "[[[[…" of megabytes overflowed the server's stack.
Status CheckProgrammeObjectText(std::string_view text);
// The programmes alone, for computing claims (ComputeSubsidy) and deadlines.
Result<std::vector<domain::Programme>> ParseProgrammes(std::string_view json);

// Canonical form (fixed key order, two-space indent, UTF-8, trailing newline), so that an HQ edit
// made through a tool changes only the lines it means to. ParseProgrammeFile(ProgrammesToJson(f))
// gives back f for any f that ParseProgrammeFile produced.
std::string ProgrammesToJson(const ProgrammeFile& file);

// "3.1万円" → 31,000 and the unit of its last digit (1,000); "39万円" → 390,000 and 10,000.
// Fails with "subsidy.bad_wording" on anything else.
struct OfficialFigure {
  int64_t yen = 0;
  int64_t unit_yen = 0;
};
Result<OfficialFigure> ParseOfficialWording(std::string_view wording);

// Field-by-field equality (the domain structs have no operator==), for round-trip checks.
bool SameProgramme(const domain::Programme& a, const domain::Programme& b);
bool SameProgrammeFile(const ProgrammeFile& a, const ProgrammeFile& b);

}  // namespace kakunin::subsidy
