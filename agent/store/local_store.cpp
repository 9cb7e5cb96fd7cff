#include "agent/store/local_store.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "agent/store/sealing.h"
#include "agent/store/store_sql.h"
#include "common/core/bytes.h"
#include "common/domain/review_window.h"

namespace kakunin::agent {
namespace {

// Schema version 5 (PRAGMA user_version): later versions migrate forward from here, and an
// outbox from an older agent must always open. Version 2 added file_pickups and late_requests,
// version 3 refusals (created if missing, so an older outbox opens unchanged), version 4 sealed
// payloads, keyed first-visit keys and first_visits.last_seen (Open migrates the rows), version 5
// damaged. Every change of the tables raises it: an outbox of a newer agent is refused (after a
// rollback), since this one would set aside the rows it cannot read and HQ would then close
// their sequences, a silent gap.
constexpr int kSchemaVersion = 5;
constexpr char kSchema[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO meta VALUES ('last_sequence', 0);"
    "CREATE TABLE IF NOT EXISTS outbox (sequence INTEGER PRIMARY KEY, payload BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS recent (sequence INTEGER PRIMARY KEY, check_date TEXT NOT NULL,"
    " payload BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS first_visits (patient_key TEXT PRIMARY KEY,"
    " visit_date TEXT NOT NULL, consent_id TEXT NOT NULL, last_seen TEXT);"
    "CREATE TABLE IF NOT EXISTS file_pickups (key TEXT PRIMARY KEY, check_id TEXT NOT NULL,"
    " picked_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS late_requests (file_id TEXT PRIMARY KEY, check_id TEXT NOT NULL,"
    " route INTEGER NOT NULL, asked_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS refusals (sequence INTEGER PRIMARY KEY, check_id TEXT NOT NULL,"
    " reason TEXT NOT NULL, refused_at INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS damaged (sequence INTEGER PRIMARY KEY, payload BLOB NOT NULL,"
    " noted_at INTEGER NOT NULL);"
    "PRAGMA user_version = 5;";

// What staff and the operator are told differs by cause: a full disk, another program holding
// the file, a damaged file; anything else is the generic one.
const char* OutboxReason(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "outbox.full";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "outbox.busy";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "outbox.damaged";
    default:
      return "outbox.sqlite";
  }
}

using store_sql::Stmt;
}  // namespace

namespace store_sql {

Error SqlError(sqlite3* db, const std::string& what) {
  return MakeError(ErrorCode::kDataLoss, OutboxReason(sqlite3_errcode(db)),
                   what + ": " + sqlite3_errmsg(db));
}

bool AnyRow(sqlite3* db, const char* sql) {
  Stmt q;
  sqlite3_prepare_v2(db, sql, -1, &q.s, nullptr);
  return sqlite3_step(q.s) == SQLITE_ROW;
}

Result<int> ReadUserVersion(sqlite3* db) {
  Stmt q;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q.s, nullptr) != SQLITE_OK ||
      sqlite3_step(q.s) != SQLITE_ROW) {
    return SqlError(db, "schema version");
  }
  return sqlite3_column_int(q.s, 0);
}

Result<bool> HasRow(sqlite3* db, const char* sql) {
  Stmt q;
  if (sqlite3_prepare_v2(db, sql, -1, &q.s, nullptr) != SQLITE_OK) return SqlError(db, sql);
  const int rc = sqlite3_step(q.s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db, sql);
  return rc == SQLITE_ROW;
}

}  // namespace store_sql

using store_sql::AnyRow;
using store_sql::SqlError;

namespace {
// Run as root (`sudo kakunin-agent recent`, a first `check` before the service started), the
// CLI made outbox.db, its WAL files and store.key root's: the daemon, which runs as the state
// folder's owner, could not open them and held every answer unsaved. As root, the store's
// files are given to the folder's owner. Not through links: the folder is that user's.
void AdoptFolderOwner(const std::string& path) {
#ifndef _WIN32
  if (::geteuid() != 0) return;
  const std::string dir = std::filesystem::path(path).parent_path().string();
  struct stat st {};
  if (::stat(dir.empty() ? "." : dir.c_str(), &st) != 0 || st.st_uid == 0) return;
  for (const std::string& file : {path, path + "-wal", path + "-shm", sealing::KeyPath(path)}) {
    // Best effort: as root it does not fail but for a file already gone (the WAL files).
    if (::fchownat(AT_FDCWD, file.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0) {
      continue;
    }
  }
#else
  (void)path;
#endif
}
}  // namespace

Result<std::unique_ptr<LocalStore>> LocalStore::Open(const std::string& path, OnDamage on_damage) {
  if (on_damage == OnDamage::kRepair) FinishInterruptedRepair(path);
  bool damaged = false;
  auto opened = OpenFile(path, on_damage == OnDamage::kRepair, &damaged);
  if (opened.ok() || !damaged || on_damage != OnDamage::kRepair) return opened;
  return OpenRepaired(path, opened.error());
}

Result<std::unique_ptr<LocalStore>> LocalStore::OpenFile(const std::string& path, bool quick_check,
                                                         bool* damaged) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    Error e = SqlError(db, "cannot open " + path);
    sqlite3_close(db);
    *damaged = e.reason() == "outbox.damaged";
    return e;
  }
  std::unique_ptr<LocalStore> store(new LocalStore(db));
  // Every step below but the key's fails with outbox.damaged only when SQLite found the file
  // damaged.
  auto sql_step = [&](Status s) {
    *damaged = !s.ok() && s.error().reason() == "outbox.damaged";
    return s;
  };
  sqlite3_busy_timeout(db, 5000);  // a second front-end waits instead of failing
  // Switching a new file to WAL needs it alone, and SQLite answers "locked" at once rather than
  // waiting when another opener is at the same step (the daemon's connections and a CLI on a
  // new terminal): tried again for up to 5 s, like every other wait here.
  // Deleted and replaced rows are zeroed on disk: a purged re-view copy or a row sealed over an
  // older agent's clear one leaves no readable trace in free pages.
  KAKUNIN_RETURN_IF_ERROR(sql_step(store->Exec("PRAGMA secure_delete = ON;")));
  Status wal = store->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  for (int i = 0; i < 100 && !wal.ok() && wal.error().reason() == "outbox.busy"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    wal = store->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  }
  KAKUNIN_RETURN_IF_ERROR(sql_step(wal));
  // Every page read once, structure only (no index against its table): a damaged page is found
  // here, at the daemon's start, rather than by the first read that meets it (about 4 ms for
  // 10,000 results and their re-view copies, a 3 MB file: docs/decisions.md).
  if (quick_check) KAKUNIN_RETURN_IF_ERROR(sql_step(store->QuickCheck()));
  KAKUNIN_RETURN_IF_ERROR(sql_step(store->Exec("BEGIN IMMEDIATE;")));
  // The file as it was before this open: its version, and whether it had tables at all (a new
  // file needs no migration).
  auto found_version = store_sql::ReadUserVersion(db);
  auto had_tables = store_sql::HasRow(db, "SELECT 1 FROM sqlite_master WHERE name = 'outbox'");
  if (!found_version.ok() || !had_tables.ok()) {
    Error e = found_version.ok() ? had_tables.error() : found_version.error();
    (void)store->Exec("ROLLBACK");
    return sql_step(e).error();
  }
  const int found = *found_version;
  if (found > kSchemaVersion) {
    (void)store->Exec("ROLLBACK");
    return MakeError(ErrorCode::kFailedPrecondition, "outbox.too_new",
                     path + " was written by a newer kakunin-agent (outbox schema " +
                         std::to_string(found) + ", this one knows " +
                         std::to_string(kSchemaVersion) + "): install that version again");
  }
  KAKUNIN_RETURN_IF_ERROR(sql_step(store->Exec(kSchema)));
  const bool sealed_rows = AnyRow(
      db, (std::string("SELECT 1 FROM outbox WHERE substr(payload, 1, 4) = ") + sealing::kMagicSql +
           " UNION ALL SELECT 1 FROM recent WHERE substr(payload, 1, 4) = " + sealing::kMagicSql +
           " LIMIT 1")
              .c_str());
  auto key = sealing::LoadOrCreateKey(path, sealed_rows);
  if (!key.ok()) {
    *damaged = false;  // the key file's fault, not the outbox's: a repair would not help
    (void)store->Exec("ROLLBACK");
    return key.error();
  }
  store->key_ = std::move(*key);
  // Sealing came with version 4: a file an older agent wrote is migrated once, here; a newer
  // one is not read through (a damaged page in it stopped every open).
  size_t sealed = 0;
  if (*had_tables && found < 4) {
    auto migrated = store->SealOlderRows();
    if (!migrated.ok()) {
      (void)store->Exec("ROLLBACK");
      return sql_step(migrated.error()).error();
    }
    sealed = *migrated;
  }
  KAKUNIN_RETURN_IF_ERROR(sql_step(store->Exec("COMMIT")));
  AdoptFolderOwner(path);
  // The older agent's clear pages are still in the file (and the new ones in the WAL): the
  // file is rewritten once, so that nothing of them is left on disk.
  if (sealed > 0) KAKUNIN_RETURN_IF_ERROR(sql_step(store->Rewrite()));
  // What earlier runs set aside, for the uplink's first look (TakeSetAside).
  auto aside = store->DamagedSequences();
  if (!aside.ok()) return sql_step(aside.error()).error();
  store->set_aside_ = std::move(*aside);
  return store;
}

LocalStore::~LocalStore() {
  OPENSSL_cleanse(key_.data(), key_.size());
  sqlite3_close(db_);
}

Result<std::string> LocalStore::Seal(const std::string& plain) const {
  return sealing::Seal(key_, plain);
}

bool LocalStore::Unseal(const void* data, int size, v1::CheckResult* out) const {
  std::string plain;
  if (!sealing::Open(key_, data, size, &plain)) return false;
  const bool parsed = out->ParseFromString(plain);
  OPENSSL_cleanse(plain.data(), plain.size());
  return parsed;
}

std::string LocalStore::VisitKey(const std::string& patient_key) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(patient_key.data()), patient_key.size(), mac, &len);
  return "h1:" + ToHex(ByteView(mac, len));
}

Status LocalStore::SetPayload(const char* table, int64_t sequence, const std::string& sealed) {
  Stmt u;
  sqlite3_prepare_v2(
      db_, (std::string("UPDATE ") + table + " SET payload = ?1 WHERE sequence = ?2").c_str(), -1,
      &u.s, nullptr);
  sqlite3_bind_blob(u.s, 1, sealed.data(), static_cast<int>(sealed.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(u.s, 2, sequence);
  if (sqlite3_step(u.s) != SQLITE_DONE) {
    return SqlError(db_, std::string("rewriting a row of ") + table);
  }
  return OkStatus();
}

Status LocalStore::Exec(const std::string& sql) {
  char* err = nullptr;
  if (int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return MakeError(ErrorCode::kDataLoss, OutboxReason(rc), msg);
  }
  return OkStatus();
}

// Inside an open transaction: assigns the next sequence and stores the result twice.
Status LocalStore::Insert(v1::CheckResult& result, const std::string& date) {
  KAKUNIN_RETURN_IF_ERROR(Exec("UPDATE meta SET value = value + 1 WHERE key = 'last_sequence'"));
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'last_sequence'", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "sequence");
  result.set_sequence(static_cast<uint64_t>(sqlite3_column_int64(q.s, 0)));
  std::string clear = result.SerializeAsString();
  auto sealed = Seal(clear);
  OPENSSL_cleanse(clear.data(), clear.size());
  if (!sealed.ok()) return sealed.error();
  const std::string& payload = *sealed;
  for (const char* sql :
       {"INSERT INTO outbox(sequence, payload) VALUES (?1, ?2)",
        "INSERT INTO recent(sequence, payload, check_date) VALUES (?1, ?2, ?3)"}) {
    Stmt ins;
    sqlite3_prepare_v2(db_, sql, -1, &ins.s, nullptr);
    sqlite3_bind_int64(ins.s, 1, static_cast<sqlite3_int64>(result.sequence()));
    sqlite3_bind_blob(ins.s, 2, payload.data(), static_cast<int>(payload.size()), SQLITE_TRANSIENT);
    if (sqlite3_bind_parameter_count(ins.s) == 3) {
      sqlite3_bind_text(ins.s, 3, date.c_str(), -1, SQLITE_TRANSIENT);
    }
    if (sqlite3_step(ins.s) != SQLITE_DONE) return SqlError(db_, "save");
  }
  return OkStatus();
}

Status LocalStore::Save(v1::CheckResult& result, const domain::Date& check_date) {
  std::vector<v1::CheckResult> one(1);
  one[0].Swap(&result);
  Status s = SaveAll(one, check_date);
  result.Swap(&one[0]);
  return s;
}

Status LocalStore::SaveAll(std::vector<v1::CheckResult>& results, const domain::Date& check_date) {
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  std::string date = domain::FormatIso(check_date);
  for (auto& r : results) {
    if (auto s = Insert(r, date); !s.ok()) {
      (void)Exec("ROLLBACK");
      return s;
    }
  }
  return Exec("COMMIT");  // synchronous=FULL: on disk when this returns
}

Result<bool> LocalStore::SaveOnce(v1::CheckResult& result, const domain::Date& check_date,
                                  const std::string& key) {
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Stmt q;
  sqlite3_prepare_v2(db_,
                     "INSERT INTO file_pickups(key, check_id, picked_at) VALUES (?1, ?2, "
                     "strftime('%s','now')) ON CONFLICT(key) DO NOTHING",
                     -1, &q.s, nullptr);
  sqlite3_bind_text(q.s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.s, 2, result.check_id().c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_DONE) {
    Error e = SqlError(db_, "pickup");
    (void)Exec("ROLLBACK");
    return e;
  }
  if (sqlite3_changes(db_) == 0) {  // this file already became a result
    KAKUNIN_RETURN_IF_ERROR(Exec("ROLLBACK"));
    return false;
  }
  if (auto s = Insert(result, domain::FormatIso(check_date)); !s.ok()) {
    (void)Exec("ROLLBACK");
    return s.error();
  }
  KAKUNIN_RETURN_IF_ERROR(Exec("COMMIT"));
  return true;
}

Result<std::vector<v1::CheckResult>> LocalStore::Pending(size_t limit, uint64_t after) {
  return ReadAfter("outbox", after, limit);
}

Status LocalStore::Acknowledge(uint64_t up_to) {
  return Exec("DELETE FROM outbox WHERE sequence <= " + std::to_string(up_to));
}

Result<uint64_t> LocalStore::LastSequence() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'last_sequence'", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "last sequence");
  return static_cast<uint64_t>(sqlite3_column_int64(q.s, 0));
}

Status LocalStore::RaiseLastSequence(uint64_t sequence) {
  return Exec("UPDATE meta SET value = max(value, " + std::to_string(sequence) +
              ") WHERE key = 'last_sequence'");
}

Result<uint64_t> LocalStore::FirstPending() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT coalesce(min(sequence), 0) FROM outbox", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "first pending");
  return static_cast<uint64_t>(sqlite3_column_int64(q.s, 0));
}

Result<uint64_t> LocalStore::Renumber(uint64_t sequence) {
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto fail = [&](const std::string& what) {
    Error e = SqlError(db_, what);
    (void)Exec("ROLLBACK");
    return e;
  };
  // The payload of `table`'s row at `sequence`, or nullopt.
  auto payload_of = [&](const char* table) -> Result<std::optional<std::string>> {
    Stmt q;
    sqlite3_prepare_v2(
        db_, (std::string("SELECT payload FROM ") + table + " WHERE sequence = ?1").c_str(), -1,
        &q.s, nullptr);
    sqlite3_bind_int64(q.s, 1, static_cast<sqlite3_int64>(sequence));
    const int rc = sqlite3_step(q.s);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return SqlError(db_, "renumber");
    return std::optional<std::string>(std::string(
        static_cast<const char*>(sqlite3_column_blob(q.s, 0)), sqlite3_column_bytes(q.s, 0)));
  };
  auto waiting = payload_of("outbox");
  if (!waiting.ok()) {
    (void)Exec("ROLLBACK");
    return waiting.error();
  }
  if (!*waiting) {
    KAKUNIN_RETURN_IF_ERROR(Exec("COMMIT"));
    return uint64_t{0};
  }
  if (auto s = Exec("UPDATE meta SET value = value + 1 WHERE key = 'last_sequence'"); !s.ok()) {
    return s.error();  // Exec rolled back
  }
  auto last = LastSequence();
  if (!last.ok()) return fail("renumber");
  const uint64_t moved_to = *last;
  for (const char* table : {"outbox", "recent"}) {
    auto payload = payload_of(table);
    if (!payload.ok()) return fail("renumber");
    if (!*payload) continue;  // the re-view copy may be gone (purged)
    v1::CheckResult r;
    if (!Unseal((*payload)->data(), static_cast<int>((*payload)->size()), &r)) {
      return fail("renumber: unreadable payload");
    }
    r.set_sequence(moved_to);
    std::string clear = r.SerializeAsString();
    auto sealed = Seal(clear);
    OPENSSL_cleanse(clear.data(), clear.size());
    if (!sealed.ok()) return fail("renumber: sealing");
    const std::string& bytes = *sealed;
    Stmt u;
    sqlite3_prepare_v2(
        db_,
        (std::string("UPDATE ") + table + " SET sequence = ?1, payload = ?2 WHERE sequence = ?3")
            .c_str(),
        -1, &u.s, nullptr);
    sqlite3_bind_int64(u.s, 1, static_cast<sqlite3_int64>(moved_to));
    sqlite3_bind_blob(u.s, 2, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(u.s, 3, static_cast<sqlite3_int64>(sequence));
    if (sqlite3_step(u.s) != SQLITE_DONE) return fail("renumber");
  }
  KAKUNIN_RETURN_IF_ERROR(Exec("COMMIT"));  // synchronous=FULL: on disk when this returns
  return moved_to;
}

Result<uint64_t> LocalStore::Depth() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT count(*) FROM outbox", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "depth");
  return static_cast<uint64_t>(sqlite3_column_int64(q.s, 0));
}

Status LocalStore::RecordFirstVisit(const std::string& patient_key, const domain::Date& date,
                                    const std::string& consent_id) {
  Stmt q;
  // The first visit stays the first: a later card check does not move it, nor change a consent
  // once given, but counts as seen (the relationship goes on).
  sqlite3_prepare_v2(
      db_,
      "INSERT INTO first_visits(patient_key, visit_date, consent_id, last_seen) VALUES (?1, ?2, "
      "?3, ?2) ON CONFLICT(patient_key) DO UPDATE SET consent_id = CASE WHEN "
      "first_visits.consent_id = '' THEN excluded.consent_id ELSE first_visits.consent_id END, "
      "last_seen = max(coalesce(first_visits.last_seen, ''), excluded.last_seen)",
      -1, &q.s, nullptr);
  std::string d = domain::FormatIso(date);
  const std::string key = VisitKey(patient_key);
  sqlite3_bind_text(q.s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.s, 2, d.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.s, 3, consent_id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db_, "first visit");
  return OkStatus();
}

Result<std::optional<LocalStore::FirstVisit>> LocalStore::FindFirstVisit(
    const std::string& patient_key) {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT visit_date, consent_id FROM first_visits WHERE patient_key = ?1",
                     -1, &q.s, nullptr);
  const std::string key = VisitKey(patient_key);
  sqlite3_bind_text(q.s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_ROW) return std::optional<FirstVisit>();
  auto date = domain::ParseIsoDate(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)));
  if (!date.ok()) return MakeError(ErrorCode::kDataLoss, "outbox.corrupt", "bad first-visit date");
  return std::optional<FirstVisit>(
      FirstVisit{*date, reinterpret_cast<const char*>(sqlite3_column_text(q.s, 1))});
}

Result<std::vector<v1::CheckResult>> LocalStore::RecentAfter(uint64_t after, size_t limit) {
  return ReadAfter("recent", after, limit);
}

Result<std::vector<v1::CheckResult>> LocalStore::ReadAfter(const char* table, uint64_t after,
                                                           size_t limit) {
  std::vector<uint64_t> unopened;
  auto read = ReadAfterOnce(table, after, limit, &unopened);
  if (unopened.empty()) return read;
  // A row that does not open while others do (the key is right) is damaged, or holds what this
  // program cannot parse: it would hold every later result for good. Outbox rows are set aside
  // whole (kept, counted, logged; HQ closes their numbers at the next hello, since they are no
  // longer held); a re-view copy is skipped. When no row opens at all, the key is wrong: that
  // is an error, and nothing moves.
  if (!KeyOpensSomeRow()) {
    return MakeError(
        ErrorCode::kDataLoss, "outbox.corrupt",
        std::string("a record of ") + table + " does not open (damaged, or another store key)");
  }
  if (std::string_view(table) != "outbox") return read;  // without the copies that did not open
  for (uint64_t seq : unopened) {
    KAKUNIN_RETURN_IF_ERROR(SetAside(seq));
    set_aside_.push_back(seq);
    spdlog::error(
        "outbox: the result numbered {} does not open (damaged); set aside in outbox.db's "
        "damaged table, and not sent",
        seq);
  }
  unopened.clear();
  return ReadAfterOnce(table, after, limit, &unopened);  // the rows past them, up to the limit
}

Result<std::vector<v1::CheckResult>> LocalStore::ReadAfterOnce(const char* table, uint64_t after,
                                                               size_t limit,
                                                               std::vector<uint64_t>* unopened) {
  Stmt q;
  sqlite3_prepare_v2(db_,
                     (std::string("SELECT sequence, payload FROM ") + table +
                      " WHERE sequence > ?1 ORDER BY sequence LIMIT ?2")
                         .c_str(),
                     -1, &q.s, nullptr);
  sqlite3_bind_int64(q.s, 1, static_cast<sqlite3_int64>(after));
  sqlite3_bind_int64(q.s, 2, static_cast<sqlite3_int64>(limit));
  std::vector<v1::CheckResult> out;
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    v1::CheckResult r;
    if (!Unseal(sqlite3_column_blob(q.s, 1), sqlite3_column_bytes(q.s, 1), &r)) {
      unopened->push_back(static_cast<uint64_t>(sqlite3_column_int64(q.s, 0)));
      continue;
    }
    out.push_back(std::move(r));
  }
  // A read that stopped on an error (a damaged page, an I/O error) is not "no more results".
  if (rc != SQLITE_DONE) {
    return MakeError(ErrorCode::kDataLoss, "outbox.corrupt",
                     std::string("the ") + table + " could not be read: " + sqlite3_errmsg(db_));
  }
  return out;
}

Result<std::vector<v1::CheckResult>> LocalStore::Recent(const domain::Date& today, int months,
                                                        bool purge) {
  // Purge first: nothing past its re-view window is ever shown.
  if (purge) {
    if (auto gone = PurgeRecent(today, months); !gone.ok()) return gone.error();
  }
  std::vector<v1::CheckResult> out;
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT check_date, payload FROM recent ORDER BY sequence DESC", -1, &q.s,
                     nullptr);
  while (sqlite3_step(q.s) == SQLITE_ROW) {
    auto date = domain::ParseIsoDate(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)));
    if (!date.ok() || !domain::IsViewable(*date, today, months)) continue;
    v1::CheckResult r;
    if (Unseal(sqlite3_column_blob(q.s, 1), sqlite3_column_bytes(q.s, 1), &r)) {
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace kakunin::agent
