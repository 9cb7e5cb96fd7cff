#pragma once
// Subsidy programmes in PostgreSQL. programmes.json (server/subsidy/README.md) is the seed: the
// server applies it at start, once per distinct content (its SHA-256), adding programmes that are
// new and updating those that still come from a file. Programmes HQ edited in the console are
// never overwritten by a file, and no programme is ever deleted, because claims and the audit
// trail refer to it. Every change is audited in its own transaction.
//
// Each programme is stored as its object in the file's canonical form and read back through the
// same strict parser (ParseProgrammeFile), so a row can never hold what the file could not.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/core/result.h"
#include "common/subsidy/programme_data.h"
#include "server/storage/pool.h"

namespace pqxx {
class transaction_base;
}

namespace kakunin::server {

struct StoredProgramme {
  kakunin::subsidy::ProgrammeRecord record;
  std::string data_json;  // the programme object as in programmes.json
  std::string origin;     // "file" or "console"
  std::string updated_by;
  int64_t updated_at_us = 0;
};

struct ProgrammeCatalogue {
  std::vector<kakunin::subsidy::CategoryInfo> categories;
  std::vector<StoredProgramme> programmes;  // by deadline, then id

  const StoredProgramme* Find(std::string_view programme_id) const;
};

// The catalogue as seen by `tx` (claims are computed against it in their own transaction).
Result<ProgrammeCatalogue> ReadProgrammeCatalogue(pqxx::transaction_base& tx);

struct ProgrammeFileReport {
  std::string sha256;
  bool already_applied = false;  // this content was applied before: nothing done
  std::vector<std::string> added, updated, unchanged;
  std::vector<std::string> kept_console_edits;  // in the file, but HQ's edit stays
};

class ProgrammeStore {
 public:
  explicit ProgrammeStore(ConnectionPool* pool) : pool_(pool) {}

  // Parses `content` strictly (the whole file is refused on any error) and applies it as
  // described above. Replicas starting together apply it once (advisory lock).
  Result<ProgrammeFileReport> ApplyFile(const std::string& path, std::string_view content);

  Result<ProgrammeCatalogue> Catalogue();

  // An HQ edit or addition: `data_json` is one programme object in the file's format, checked
  // by the file's parser against the declared categories; `programme_id`, when given, must be
  // its id. Audited as "subsidy.programme_saved" by `actor`; the programme is "console" from now.
  Result<StoredProgramme> Upsert(const std::string& programme_id, const std::string& data_json,
                                 const std::string& actor);

 private:
  ConnectionPool* pool_;
};

// At server start: reads `path` and applies it (logging what changed). A missing file is an
// error when `required` (given with --programmes), else a warning: the database keeps what was
// applied before. A file that does not parse is always an error, so a typo stops the start
// instead of silently keeping old figures.
Status ApplyProgrammeFileAtStart(ProgrammeStore& store, const std::string& path, bool required);

// Where the server looks when --programmes is not given: share/kakunin/programmes.json beside the
// binary's bin/ directory (<prefix>/bin/kakunin-server → <prefix>/share/kakunin/programmes.json),
// which is also where the build copies the file. Empty when the binary's path is unknown.
std::string DefaultProgrammeFilePath();

}  // namespace kakunin::server
