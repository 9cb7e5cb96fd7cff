// What Open does to a file that is not as this agent writes it: an older agent's clear rows
// sealed (once, for a file from before version 4), and a damaged file repaired — moved aside,
// never deleted, and what it still reads copied into a new one (local_store.h, OnDamage).
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "agent/store/local_store.h"
#include "agent/store/sealing.h"
#include "agent/store/store_sql.h"
#include "common/os/files.h"

namespace kakunin::agent {
namespace {
using store_sql::AnyRow;
using store_sql::SqlError;
using store_sql::Stmt;

// Rows are copied by ranges of this many row ids; a range that errors is halved down to single
// ids, at most kProbes statements a table, after which an erroring range is given up whole.
constexpr int64_t kChunk = 1024;
constexpr int64_t kProbes = 200000;
// Row ids searched in a table whose bounds could not be read (its first or last page damaged).
constexpr int64_t kBlindSpan = int64_t{1} << 20;
// The new file while it is made.
constexpr char kBuilding[] = ".repairing";
// The tables copied, those numbered by result first (their numbers bound the others' search).
constexpr const char* kSequenceTables[] = {"outbox", "recent", "damaged", "refusals"};
constexpr const char* kOtherTables[] = {"first_visits", "file_pickups", "late_requests"};

struct Range {
  int64_t first, last;
};

// One table of the attached damaged file copied into the new one by row-id ranges.
class TableCopy {
 public:
  TableCopy(sqlite3* db, const std::string& table) {
    // The columns both files have (an older agent's table may lack one).
    std::vector<std::string> old_cols, new_cols;
    for (auto [schema, cols] : {std::pair{"old", &old_cols}, std::pair{"main", &new_cols}}) {
      Stmt q;
      sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1, ?2)", -1, &q.s, nullptr);
      sqlite3_bind_text(q.s, 1, table.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(q.s, 2, schema, -1, SQLITE_STATIC);
      while (sqlite3_step(q.s) == SQLITE_ROW) {
        cols->emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)));
      }
    }
    std::string list;
    for (const auto& c : new_cols) {
      if (std::find(old_cols.begin(), old_cols.end(), c) == old_cols.end()) continue;
      list += (list.empty() ? "\"" : ", \"") + c + "\"";
    }
    if (list.empty()) return;  // not in the damaged file, or its schema does not read
    const std::string insert = "INSERT OR IGNORE INTO main." + table + "(" + list + ") SELECT " +
                               list + " FROM old." + table + " WHERE rowid ";
    sqlite3_prepare_v2(db, (insert + "BETWEEN ?1 AND ?2").c_str(), -1, &insert_.s, nullptr);
    // One row by its id: a range scan steps on past its last row, into the next page, and a
    // readable row just before a damaged page would be taken for unreadable.
    sqlite3_prepare_v2(db, (insert + "= ?1").c_str(), -1, &insert_one_.s, nullptr);
    sqlite3_prepare_v2(db, ("SELECT min(rowid), max(rowid) FROM old." + table).c_str(), -1,
                       &bounds_.s, nullptr);
  }
  bool present() const { return insert_.s != nullptr; }
  // The damaged table's first and last row ids, when its edges read.
  std::optional<Range> Bounds() {
    if (!bounds_.s || sqlite3_step(bounds_.s) != SQLITE_ROW) return std::nullopt;
    if (sqlite3_column_type(bounds_.s, 0) == SQLITE_NULL) return Range{1, 0};  // empty
    return Range{sqlite3_column_int64(bounds_.s, 0), sqlite3_column_int64(bounds_.s, 1)};
  }
  // Copies the rows in `ids` (each statement its own transaction); the ranges that did not read
  // go to `unread`.
  void Copy(Range ids, std::vector<Range>* unread) {
    for (int64_t lo = ids.first; lo <= ids.last; lo += kChunk) {
      Halve({lo, std::min(ids.last, lo + kChunk - 1)}, unread);
      if (lo > ids.last - kChunk) break;  // no overflow past the last id
    }
  }

 private:
  void Halve(Range r, std::vector<Range>* unread) {
    ++probes_;
    sqlite3_stmt* q = r.first == r.last ? insert_one_.s : insert_.s;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, r.first);
    if (q == insert_.s) sqlite3_bind_int64(q, 2, r.last);
    if (sqlite3_step(q) == SQLITE_DONE) return;
    if (r.first == r.last || probes_ >= kProbes) {
      if (!unread->empty() && unread->back().last + 1 == r.first) {
        unread->back().last = r.last;
      } else {
        unread->push_back(r);
      }
      return;
    }
    const int64_t mid = r.first + (r.last - r.first) / 2;
    Halve({r.first, mid}, unread);
    Halve({mid + 1, r.last}, unread);
  }

  Stmt insert_, insert_one_, bounds_;
  int64_t probes_ = 0;
};

int64_t ScalarOr(sqlite3* db, const std::string& sql, int64_t fallback) {
  Stmt q;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q.s, nullptr) != SQLITE_OK ||
      sqlite3_step(q.s) != SQLITE_ROW || sqlite3_column_type(q.s, 0) == SQLITE_NULL) {
    return fallback;
  }
  return sqlite3_column_int64(q.s, 0);
}

// Runs `sql` for every range clipped to [from, to], binding ?1, ?2; the rows it changed.
Result<uint64_t> ForRanges(sqlite3* db, const std::string& sql, const std::vector<Range>& ranges,
                           int64_t from, int64_t to) {
  uint64_t changed = 0;
  Stmt q;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &q.s, nullptr) != SQLITE_OK) {
    return SqlError(db, "repair");
  }
  for (const Range& r : ranges) {
    const int64_t a = std::max(r.first, from), b = std::min(r.last, to);
    if (a > b) continue;
    sqlite3_reset(q.s);
    sqlite3_bind_int64(q.s, 1, a);
    sqlite3_bind_int64(q.s, 2, b);
    if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db, "repair");
    changed += static_cast<uint64_t>(sqlite3_changes(db));
  }
  return changed;
}

// The numbers in ?1..?2 (a range of unread row ids), for the statements below.
constexpr char kNumbers[] =
    "WITH RECURSIVE n(x) AS (SELECT ?1 UNION ALL SELECT x + 1 FROM n WHERE x < ?2) ";

constexpr const char* kRepairKeys[] = {"repaired_at",        "repair_unsent_recovered",
                                       "repair_unsent_lost", "repair_copies_recovered",
                                       "repair_copies_lost", "repair_counter_read",
                                       "repair_file_read"};

}  // namespace

std::string LocalStore::KeptPath(const std::string& path, int64_t repaired_at) {
  const std::time_t t = static_cast<std::time_t>(repaired_at + 9 * 3600);  // Japan's time
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  return path + ".damaged-" + stamp;
}

Result<std::unique_ptr<LocalStore>> LocalStore::OpenRepaired(const std::string& path,
                                                             const Error& damage) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // A name of its own: a second repair in the same second takes the next one.
  int64_t now = std::time(nullptr);
  while (fs::exists(os::PathFromUtf8(KeptPath(path, now)), ec)) ++now;
  const std::string kept = KeptPath(path, now), building = path + kBuilding;
  // The new file is made beside the damaged one and takes its place only once complete: a stop
  // on the way leaves the damaged file where it was, and the next open repairs it again.
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(os::PathFromUtf8(building + suffix), ec);
  Repair r;
  r.repaired_at = now;
  r.kept_at = kept;
  {
    bool damaged = false;
    KAKUNIN_ASSIGN_OR_RETURN(auto store, OpenFile(building, /*quick_check=*/false, &damaged));
    sqlite3* db = store->db_;
    // Nothing is written into the damaged file: its WAL is read, not checkpointed into it.
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    Stmt attach;
    sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS old", -1, &attach.s, nullptr);
    sqlite3_bind_text(attach.s, 1, path.c_str(), -1, SQLITE_TRANSIENT);
    const bool attached = sqlite3_step(attach.s) == SQLITE_DONE;
    sqlite3_reset(attach.s);
    r.file_read = attached && AnyRow(db, "SELECT 1 FROM old.sqlite_master WHERE name = 'outbox'");
    if (!r.file_read) {
      spdlog::warn("outbox repair: {} does not open at all ({}): nothing of it is copied", path,
                   sqlite3_errmsg(db));
    }
    Status salvaged = store->Salvage(r, attached);
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    KAKUNIN_RETURN_IF_ERROR(salvaged);
    // Rows of an older agent come across in the clear: sealed now, as at any open of its file.
    KAKUNIN_RETURN_IF_ERROR(store->Exec("BEGIN IMMEDIATE"));
    auto sealed = store->SealOlderRows();
    if (!sealed.ok()) {
      (void)store->Exec("ROLLBACK");
      return sealed.error();
    }
    KAKUNIN_RETURN_IF_ERROR(store->Exec("COMMIT"));
    // All of it in the file itself (synchronous=FULL), and the WAL emptied, before it is renamed.
    KAKUNIN_RETURN_IF_ERROR(store->Rewrite());
  }
  // The damaged file moves aside with its WAL (left behind, it would be read into the new file),
  // then the new one takes its name.
  std::vector<std::pair<fs::path, fs::path>> moved;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const fs::path from = os::PathFromUtf8(path + suffix), to = os::PathFromUtf8(kept + suffix);
    if (*suffix != '\0' && !fs::exists(from, ec)) continue;
    fs::rename(from, to, ec);
    if (ec) {
      const std::string why = ec.message();
      for (const auto& [f, t] : moved) fs::rename(t, f, ec);
      return MakeError(ErrorCode::kDataLoss, "outbox.damaged",
                       damage.message() + "; it could not be moved aside to " + kept + ": " + why);
    }
    moved.emplace_back(from, to);
  }
  fs::remove(os::PathFromUtf8(building + "-shm"), ec);
  fs::rename(os::PathFromUtf8(building), os::PathFromUtf8(path), ec);
  if (ec) {
    return MakeError(ErrorCode::kDataLoss, "outbox.damaged",
                     "the repaired outbox " + building + " could not take the name " + path + ": " +
                         ec.message());
  }
  bool damaged = false;
  KAKUNIN_ASSIGN_OR_RETURN(auto store, OpenFile(path, /*quick_check=*/false, &damaged));
  store->repair_ = r;
  return store;
}

void LocalStore::FinishInterruptedRepair(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Stopped between moving the damaged file aside and renaming the complete new one.
  if (fs::exists(os::PathFromUtf8(path), ec) ||
      !fs::exists(os::PathFromUtf8(path + kBuilding), ec)) {
    return;
  }
  // Stopped after the damaged file moved but before its WAL did: the WAL is the damaged file's
  // and goes to it (the newest kept copy), or SQLite would drop it at the next open, and with
  // it rows no repair has read yet.
  const fs::path wal = os::PathFromUtf8(path + "-wal");
  if (fs::exists(wal, ec)) {
    const fs::path file = os::PathFromUtf8(path);
    const std::string prefix = file.filename().string() + ".damaged-";
    std::string newest;
    for (const auto& e :
         fs::directory_iterator(file.parent_path().empty() ? "." : file.parent_path(), ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind(prefix, 0) != 0 || name.find('-', prefix.size()) != std::string::npos) {
        continue;  // another file, or a kept copy's own -wal/-shm
      }
      newest = std::max(newest, name);
    }
    if (newest.empty()) return;  // whose WAL it is cannot be told: left for the operator
    const fs::path kept = file.parent_path() / newest;
    for (const char* suffix : {"-wal", "-shm"}) {
      const fs::path from = os::PathFromUtf8(path + suffix);
      if (!fs::exists(from, ec)) continue;
      fs::rename(from, kept.string() + suffix, ec);
      if (ec) return;
    }
  }
  fs::rename(os::PathFromUtf8(path + kBuilding), os::PathFromUtf8(path), ec);
  if (!ec) spdlog::warn("outbox repair: {} finished (the last one stopped on the way)", path);
}

Status LocalStore::Salvage(Repair& r, bool attached) {
  // Copied statement by statement, outside a transaction: once SQLite has met a damaged page
  // of the attached file inside one, every later write of that transaction fails as well.
  // The new file is not in use yet (it takes the outbox's name once complete).
  KAKUNIN_RETURN_IF_ERROR(Exec("PRAGMA synchronous = NORMAL"));
  // The highest number this terminal may have given: the old counter, and every number seen.
  int64_t known_max = 0;
  std::vector<Range> unread_outbox, unread_copies;
  if (r.file_read) {
    const int64_t counter =
        ScalarOr(db_, "SELECT value FROM old.meta WHERE key = 'last_sequence'", -1);
    r.counter_read = counter >= 0;
    known_max = std::max<int64_t>(counter, 0);
    std::vector<std::pair<std::string, std::optional<Range>>> tables;
    for (const char* t : kSequenceTables) {
      TableCopy copy(db_, t);
      auto bounds = copy.present() ? copy.Bounds() : std::nullopt;
      if (bounds) known_max = std::max(known_max, bounds->last);
      tables.emplace_back(t, bounds);
    }
    for (const char* t : kOtherTables) tables.emplace_back(t, std::nullopt);
    for (const auto& [table, bounds] : tables) {
      TableCopy copy(db_, table);
      if (!copy.present()) continue;
      const bool numbered = std::find(std::begin(kOtherTables), std::end(kOtherTables), table) ==
                            std::end(kOtherTables);
      Range ids = bounds     ? *bounds
                  : numbered ? Range{1, known_max > 0 ? known_max : kBlindSpan}
                             : Range{1, kBlindSpan};
      if (!numbered && !bounds) {
        if (auto b = copy.Bounds()) ids = *b;
      }
      std::vector<Range> unread;
      copy.Copy(ids, &unread);
      if (!unread.empty()) {
        spdlog::warn("outbox repair: {} row-id ranges of {} did not read", unread.size(), table);
      }
      if (table == "outbox") unread_outbox = std::move(unread);
      if (table == "recent") unread_copies = std::move(unread);
    }
  }
  if (attached) KAKUNIN_RETURN_IF_ERROR(Exec("DETACH DATABASE old"));
  KAKUNIN_RETURN_IF_ERROR(Exec("PRAGMA synchronous = FULL"));
  known_max = std::max(known_max,
                       ScalarOr(db_,
                                "SELECT max(x) FROM (SELECT max(sequence) x FROM outbox UNION ALL "
                                "SELECT max(sequence) FROM recent UNION ALL SELECT max(sequence) "
                                "FROM damaged UNION ALL SELECT max(sequence) FROM refusals)",
                                0));
  // The rest in one transaction, in the new file alone.
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto fail = [&](const std::string& what) {
    Error e = SqlError(db_, what);
    (void)Exec("ROLLBACK");
    return e;
  };
  const std::string now = std::to_string(r.repaired_at);
  // An unsent result whose own row did not read comes back from its re-view copy (the same
  // sealed payload). One HQ holds already is absorbed there; one set aside earlier stays aside.
  auto restored = ForRanges(db_,
                            "INSERT OR IGNORE INTO outbox(sequence, payload) SELECT sequence, "
                            "payload FROM recent WHERE sequence BETWEEN ?1 AND ?2 AND sequence "
                            "NOT IN (SELECT sequence FROM damaged)",
                            unread_outbox, 1, known_max);
  if (!restored.ok()) return fail("repair: re-view copies");
  // Unread numbers above the lowest unsent result (below it, HQ's acknowledgement may have
  // taken them) and up to the counter, in neither table: noted as lost, like a row set aside.
  const int64_t lowest = ScalarOr(db_, "SELECT min(sequence) FROM outbox", known_max);
  auto lost = ForRanges(db_,
                        std::string(kNumbers) +
                            "INSERT OR IGNORE INTO damaged(sequence, payload, noted_at) SELECT x, "
                            "X'', " +
                            now + " FROM n WHERE x NOT IN (SELECT sequence FROM outbox)",
                        unread_outbox, lowest + 1, known_max);
  if (!lost.ok()) return fail("repair: lost results");
  const int64_t first_copy = ScalarOr(db_, "SELECT min(sequence) FROM recent", known_max);
  // Re-view copies that did not read, counted the same way (none is noted: they are not sent).
  {
    Stmt q;
    sqlite3_prepare_v2(db_,
                       (std::string(kNumbers) +
                        "SELECT count(*) FROM n WHERE x NOT IN (SELECT sequence FROM recent)")
                           .c_str(),
                       -1, &q.s, nullptr);
    for (const Range& u : unread_copies) {
      const int64_t a = std::max(u.first, first_copy + 1), b = std::min(u.last, known_max);
      if (a > b) continue;
      sqlite3_reset(q.s);
      sqlite3_bind_int64(q.s, 1, a);
      sqlite3_bind_int64(q.s, 2, b);
      if (sqlite3_step(q.s) != SQLITE_ROW) return fail("repair: re-view copies");
      r.copies_lost += static_cast<uint64_t>(sqlite3_column_int64(q.s, 0));
    }
  }
  r.unsent_lost = *lost;
  r.unsent_recovered = static_cast<uint64_t>(ScalarOr(db_, "SELECT count(*) FROM outbox", 0));
  r.copies_recovered = static_cast<uint64_t>(ScalarOr(db_, "SELECT count(*) FROM recent", 0));
  // First visits from an older agent's file never noted when they were last seen: from today,
  // as the migration does (SealOlderRows), or the first purge would end them.
  KAKUNIN_RETURN_IF_ERROR(
      Exec("UPDATE first_visits SET last_seen = date('now', '+9 hours') WHERE last_seen IS NULL"));
  // Numbering goes on above everything this terminal may have given (HQ's acknowledgement
  // raises it again at the next welcome, and a number HQ holds is moved past it).
  KAKUNIN_RETURN_IF_ERROR(Exec("UPDATE meta SET value = max(value, " + std::to_string(known_max) +
                               ") WHERE key = 'last_sequence'"));
  KAKUNIN_RETURN_IF_ERROR(NoteRepair(r));
  return Exec("COMMIT");
}

Status LocalStore::NoteRepair(const Repair& r) {
  const int64_t values[] = {r.repaired_at,
                            static_cast<int64_t>(r.unsent_recovered),
                            static_cast<int64_t>(r.unsent_lost),
                            static_cast<int64_t>(r.copies_recovered),
                            static_cast<int64_t>(r.copies_lost),
                            r.counter_read ? 1 : 0,
                            r.file_read ? 1 : 0};
  for (size_t i = 0; i < std::size(kRepairKeys); ++i) {
    KAKUNIN_RETURN_IF_ERROR(Exec(std::string("INSERT OR REPLACE INTO meta VALUES ('") +
                                 kRepairKeys[i] + "', " + std::to_string(values[i]) + ")"));
  }
  return OkStatus();
}

Result<std::optional<LocalStore::Repair>> LocalStore::LastRepair() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT key, value FROM meta WHERE key LIKE 'repair%'", -1, &q.s,
                     nullptr);
  int64_t values[std::size(kRepairKeys)] = {};
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    const std::string key = reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0));
    for (size_t i = 0; i < std::size(kRepairKeys); ++i) {
      if (key == kRepairKeys[i]) values[i] = sqlite3_column_int64(q.s, 1);
    }
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "last repair");
  if (values[0] == 0) return std::optional<Repair>();
  Repair r;
  r.repaired_at = values[0];
  r.kept_at = KeptPath(sqlite3_db_filename(db_, "main"), values[0]);
  r.unsent_recovered = static_cast<uint64_t>(values[1]);
  r.unsent_lost = static_cast<uint64_t>(values[2]);
  r.copies_recovered = static_cast<uint64_t>(values[3]);
  r.copies_lost = static_cast<uint64_t>(values[4]);
  r.counter_read = values[5] != 0;
  r.file_read = values[6] != 0;
  return std::optional<Repair>(r);
}

Status LocalStore::QuickCheck() {
  Stmt q;
  sqlite3_prepare_v2(db_, "PRAGMA quick_check(1)", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "quick_check");
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0));
  const std::string said = text ? text : "";
  if (said == "ok") return OkStatus();
  return MakeError(ErrorCode::kDataLoss, "outbox.damaged", "quick_check: " + said);
}

Status LocalStore::Rewrite() {
  KAKUNIN_RETURN_IF_ERROR(Exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"));
  return Exec("PRAGMA wal_checkpoint(TRUNCATE);");
}

Result<std::vector<uint64_t>> LocalStore::DamagedSequences() {
  std::vector<uint64_t> out;
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT sequence FROM damaged ORDER BY sequence", -1, &q.s, nullptr);
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    out.push_back(static_cast<uint64_t>(sqlite3_column_int64(q.s, 0)));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "damaged");
  return out;
}

// Inside Open's transaction: rows an older agent wrote in the clear are sealed, its first-visit
// keys (insurer, number, date of birth in the clear) replaced by keyed hashes, and first visits
// get the column their purge reads.
Result<size_t> LocalStore::SealOlderRows() {
  size_t changed = 0;
  for (const char* table : {"outbox", "recent"}) {
    std::vector<std::pair<int64_t, std::string>> plain;
    {
      Stmt q;
      sqlite3_prepare_v2(db_, (std::string("SELECT sequence, payload FROM ") + table).c_str(), -1,
                         &q.s, nullptr);
      int rc;
      while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
        const void* blob = sqlite3_column_blob(q.s, 1);
        const int n = sqlite3_column_bytes(q.s, 1);
        if (!sealing::IsSealed(blob, n)) {
          plain.emplace_back(sqlite3_column_int64(q.s, 0),
                             std::string(static_cast<const char*>(blob), static_cast<size_t>(n)));
        }
      }
      if (rc != SQLITE_DONE) return SqlError(db_, "sealing older rows");
    }
    for (auto& [sequence, bytes] : plain) {
      KAKUNIN_ASSIGN_OR_RETURN(std::string sealed, Seal(bytes));
      OPENSSL_cleanse(bytes.data(), bytes.size());
      KAKUNIN_RETURN_IF_ERROR(SetPayload(table, sequence, sealed));
      ++changed;
    }
  }
  if (!AnyRow(db_, "SELECT 1 FROM pragma_table_info('first_visits') WHERE name = 'last_seen'")) {
    // An older agent never noted when a relationship was last seen: its first visits count
    // from today, or the first purge would end every one older than 13 months.
    KAKUNIN_RETURN_IF_ERROR(
        Exec("ALTER TABLE first_visits ADD COLUMN last_seen TEXT; "
             "UPDATE first_visits SET last_seen = date('now', '+9 hours')"));
  }
  std::vector<std::string> clear_keys;
  {
    Stmt q;
    sqlite3_prepare_v2(db_,
                       "SELECT patient_key FROM first_visits WHERE patient_key NOT LIKE 'h1:%'", -1,
                       &q.s, nullptr);
    while (sqlite3_step(q.s) == SQLITE_ROW) {
      clear_keys.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)));
    }
  }
  for (const auto& k : clear_keys) {
    Stmt u;
    sqlite3_prepare_v2(db_,
                       "UPDATE OR REPLACE first_visits SET patient_key = ?1 WHERE "
                       "patient_key = ?2",
                       -1, &u.s, nullptr);
    const std::string hashed = VisitKey(k);
    sqlite3_bind_text(u.s, 1, hashed.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(u.s, 2, k.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(u.s) != SQLITE_DONE) return SqlError(db_, "first visits");
    ++changed;
  }
  return changed;
}

}  // namespace kakunin::agent
