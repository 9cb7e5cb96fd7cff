// What the store keeps beside the results themselves: the face-recognition reader's files
// already picked up and the late requests for them, first visits (keyed, forgotten after 13
// months without a 再照会), the results HQ refused, and the outbox rows set aside because they
// would not open (local_store.h); and what of them leaves with the re-view window (PurgeRecent).
#include <openssl/crypto.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "agent/store/local_store.h"
#include "agent/store/store_sql.h"
#include "common/domain/date.h"
#include "common/domain/review_window.h"

namespace kakunin::agent {
namespace {
using store_sql::SqlError;
using store_sql::Stmt;

// A first visit not seen again (a 再照会) for this long: the continuing relationship is over,
// and the next visit starts again with the card.
constexpr int kFirstVisitMonths = 13;

// Deleted only once its window is over by this clock. A copy dated after today (the clock was
// fast when the check was made, or is slow now) is not shown, but kept: a clock put right must
// not delete it early, nor one set back a year delete everything.
bool PastItsWindow(const Result<domain::Date>& date, const domain::Date& today, int months) {
  return !date.ok() || (*date <= today && domain::ReviewDeadline(*date, months) < today);
}

// The sequences (column 0) of `sql`'s rows whose date (read from the row by `date_of`) is past
// its window.
template <typename DateOf>
std::vector<uint64_t> PastTheirWindow(sqlite3* db, const char* sql, DateOf date_of,
                                      const domain::Date& today, int months) {
  std::vector<uint64_t> out;
  Stmt q;
  sqlite3_prepare_v2(db, sql, -1, &q.s, nullptr);
  while (sqlite3_step(q.s) == SQLITE_ROW) {
    if (PastItsWindow(date_of(q.s), today, months)) {
      out.push_back(static_cast<uint64_t>(sqlite3_column_int64(q.s, 0)));
    }
  }
  return out;
}

}  // namespace

Result<bool> LocalStore::PickedUp(const std::string& key) {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT 1 FROM file_pickups WHERE key = ?1", -1, &q.s, nullptr);
  sqlite3_bind_text(q.s, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(q.s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db_, "pickup lookup");
  return rc == SQLITE_ROW;
}

Status LocalStore::RememberLateRequest(const std::string& file_id, const LateAsk& ask) {
  Stmt q;
  sqlite3_prepare_v2(db_,
                     "INSERT OR REPLACE INTO late_requests(file_id, check_id, route, asked_at) "
                     "VALUES (?1, ?2, ?3, strftime('%s','now'))",
                     -1, &q.s, nullptr);
  sqlite3_bind_text(q.s, 1, file_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.s, 2, ask.check_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(q.s, 3, static_cast<int>(ask.route));
  if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db_, "late request");
  return OkStatus();
}

Result<std::optional<LocalStore::LateAsk>> LocalStore::LateRequest(const std::string& file_id) {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT check_id, route FROM late_requests WHERE file_id = ?1", -1, &q.s,
                     nullptr);
  sqlite3_bind_text(q.s, 1, file_id.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(q.s);
  if (rc == SQLITE_DONE) return std::optional<LateAsk>();
  if (rc != SQLITE_ROW) return SqlError(db_, "late request lookup");
  return std::optional<LateAsk>(LateAsk{reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0)),
                                        static_cast<v1::CheckRoute>(sqlite3_column_int(q.s, 1))});
}

Status LocalStore::ForgetFileRecords(int64_t pickups_older_than_s, int64_t late_older_than_s) {
  return Exec("DELETE FROM file_pickups WHERE picked_at < strftime('%s','now') - " +
              std::to_string(pickups_older_than_s) +
              "; DELETE FROM late_requests WHERE asked_at < strftime('%s','now') - " +
              std::to_string(late_older_than_s) + ";");
}

Status LocalStore::DropLateRequest(const std::string& file_id) {
  Stmt q;
  sqlite3_prepare_v2(db_, "DELETE FROM late_requests WHERE file_id = ?1", -1, &q.s, nullptr);
  sqlite3_bind_text(q.s, 1, file_id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db_, "late request");
  return OkStatus();
}

Status LocalStore::SeeFirstVisit(const std::string& patient_key, const domain::Date& date) {
  Stmt q;
  sqlite3_prepare_v2(db_, "UPDATE first_visits SET last_seen = ?1 WHERE patient_key = ?2", -1, &q.s,
                     nullptr);
  const std::string d = domain::FormatIso(date), key = VisitKey(patient_key);
  sqlite3_bind_text(q.s, 1, d.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q.s, 2, key.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db_, "first visit");
  return OkStatus();
}

Result<size_t> LocalStore::ForgetFirstVisits(const domain::Date& today) {
  // Months back by the calendar: the same day kFirstVisitMonths months ago (clamped).
  int y = today.year, m = today.month - kFirstVisitMonths;
  while (m < 1) {
    m += 12;
    --y;
  }
  const int last_day = domain::DaysInMonth(y, m);
  const std::string before = domain::FormatIso(domain::Date{y, m, std::min(today.day, last_day)});
  Stmt q;
  sqlite3_prepare_v2(db_, "DELETE FROM first_visits WHERE coalesce(last_seen, visit_date) < ?1", -1,
                     &q.s, nullptr);
  sqlite3_bind_text(q.s, 1, before.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(q.s) != SQLITE_DONE) return SqlError(db_, "first visits");
  return static_cast<size_t>(sqlite3_changes(db_));
}

// HQ's reason is another program's text on this terminal's screens: printable ASCII, bounded.
std::string RefusalText(const std::string& reason) {
  std::string text = reason.substr(0, 160);
  for (char& c : text) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return text.empty() ? "refused" : text;
}

Status LocalStore::NoteRefusal(uint64_t sequence, const std::string& reason, int64_t now) {
  std::string check_id;
  {
    Stmt q;
    sqlite3_prepare_v2(db_, "SELECT payload FROM outbox WHERE sequence = ?1", -1, &q.s, nullptr);
    sqlite3_bind_int64(q.s, 1, static_cast<sqlite3_int64>(sequence));
    const int rc = sqlite3_step(q.s);
    if (rc == SQLITE_ROW) {
      v1::CheckResult r;
      if (Unseal(sqlite3_column_blob(q.s, 0), sqlite3_column_bytes(q.s, 0), &r)) {
        check_id = r.check_id();
      }
    } else if (rc != SQLITE_DONE) {
      return SqlError(db_, "refused result");
    }
  }
  Stmt ins;
  sqlite3_prepare_v2(db_,
                     "INSERT OR REPLACE INTO refusals(sequence, check_id, reason, refused_at) "
                     "VALUES (?1, ?2, ?3, ?4)",
                     -1, &ins.s, nullptr);
  sqlite3_bind_int64(ins.s, 1, static_cast<sqlite3_int64>(sequence));
  sqlite3_bind_text(ins.s, 2, check_id.c_str(), -1, SQLITE_TRANSIENT);
  const std::string id = RefusalText(reason);
  sqlite3_bind_text(ins.s, 3, id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(ins.s, 4, now);
  if (sqlite3_step(ins.s) != SQLITE_DONE) return SqlError(db_, "refusal");
  return OkStatus();
}

Result<std::vector<LocalStore::Refusal>> LocalStore::Refusals(int64_t since) {
  std::vector<Refusal> out;
  Stmt q;
  sqlite3_prepare_v2(db_,
                     "SELECT sequence, check_id, reason, refused_at FROM refusals WHERE "
                     "refused_at >= ?1 ORDER BY refused_at DESC, sequence DESC",
                     -1, &q.s, nullptr);
  sqlite3_bind_int64(q.s, 1, since);
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    out.push_back({static_cast<uint64_t>(sqlite3_column_int64(q.s, 0)),
                   reinterpret_cast<const char*>(sqlite3_column_text(q.s, 1)),
                   reinterpret_cast<const char*>(sqlite3_column_text(q.s, 2)),
                   sqlite3_column_int64(q.s, 3)});
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "refusals");
  return out;
}

Status LocalStore::ForgetRefusals(int64_t before) {
  return Exec("DELETE FROM refusals WHERE refused_at < " + std::to_string(before));
}

Result<int64_t> LocalStore::TimeFloor() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT value FROM meta WHERE key = 'time_floor'", -1, &q.s, nullptr);
  const int rc = sqlite3_step(q.s);
  if (rc == SQLITE_ROW) return static_cast<int64_t>(sqlite3_column_int64(q.s, 0));
  if (rc == SQLITE_DONE) return int64_t{0};
  return SqlError(db_, "reading the time floor");
}

Status LocalStore::SaveTimeFloor(int64_t floor) {
  return Exec("INSERT OR REPLACE INTO meta VALUES ('time_floor', " + std::to_string(floor) + ")");
}

bool LocalStore::KeyOpensSomeRow() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT payload FROM outbox UNION ALL SELECT payload FROM recent", -1,
                     &q.s, nullptr);
  while (sqlite3_step(q.s) == SQLITE_ROW) {
    v1::CheckResult r;
    if (Unseal(sqlite3_column_blob(q.s, 0), sqlite3_column_bytes(q.s, 0), &r)) return true;
  }
  return false;
}

Status LocalStore::SetAside(uint64_t sequence) {
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  const std::string seq = std::to_string(sequence);
  KAKUNIN_RETURN_IF_ERROR(
      Exec("INSERT OR REPLACE INTO damaged SELECT sequence, payload, strftime('%s', 'now') FROM "
           "outbox WHERE sequence = " +
           seq + "; DELETE FROM outbox WHERE sequence = " + seq + "; COMMIT"));
  return OkStatus();
}

Result<uint64_t> LocalStore::Damaged() {
  Stmt q;
  sqlite3_prepare_v2(db_, "SELECT count(*) FROM damaged", -1, &q.s, nullptr);
  if (sqlite3_step(q.s) != SQLITE_ROW) return SqlError(db_, "damaged");
  return static_cast<uint64_t>(sqlite3_column_int64(q.s, 0));
}

Result<size_t> LocalStore::PurgeRecent(const domain::Date& today, int months) {
  const std::vector<uint64_t> expired = PastTheirWindow(
      db_, "SELECT sequence, check_date FROM recent",
      [](sqlite3_stmt* s) {
        return domain::ParseIsoDate(reinterpret_cast<const char*>(sqlite3_column_text(s, 1)));
      },
      today, months);
  // A damaged row's own check date cannot be read: the day it was set aside stands in (no
  // earlier than the check), so it leaves no sooner than the check's own window would let it.
  const std::vector<uint64_t> damaged = PastTheirWindow(
      db_, "SELECT sequence, noted_at FROM damaged",
      [](sqlite3_stmt* s) {
        return Result<domain::Date>(domain::JapanDateOf(sqlite3_column_int64(s, 1)));
      },
      today, months);
  if (expired.empty() && damaged.empty()) return size_t{0};
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  for (const auto& [table, rows] :
       {std::pair{"recent", &expired}, std::pair{"damaged", &damaged}}) {
    for (uint64_t seq : *rows) {
      if (auto s = Exec(std::string("DELETE FROM ") + table +
                        " WHERE sequence = " + std::to_string(seq));
          !s.ok()) {
        (void)Exec("ROLLBACK");
        return s.error();
      }
    }
  }
  KAKUNIN_RETURN_IF_ERROR(Exec("COMMIT"));
  return expired.size() + damaged.size();
}

Result<size_t> LocalStore::StripUnsentPastWindow(const domain::Date& today, int months) {
  std::vector<std::pair<int64_t, std::string>> stripped;
  {
    Stmt q;
    sqlite3_prepare_v2(db_, "SELECT sequence, payload FROM outbox", -1, &q.s, nullptr);
    int rc;
    while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
      v1::CheckResult r;
      // A row that does not open is ReadAfter's to set aside (and PurgeRecent's to purge).
      if (!Unseal(sqlite3_column_blob(q.s, 1), sqlite3_column_bytes(q.s, 1), &r)) continue;
      if (!r.has_eligibility() && !r.has_document()) continue;
      const domain::Date checked = domain::JapanDateOf(r.checked_at().seconds());
      if (!PastItsWindow(checked, today, months)) continue;
      r.clear_eligibility();
      r.clear_document();
      std::string plain = r.SerializeAsString();
      auto sealed = Seal(plain);
      OPENSSL_cleanse(plain.data(), plain.size());
      if (!sealed.ok()) return sealed.error();
      stripped.emplace_back(sqlite3_column_int64(q.s, 0), std::move(*sealed));
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "outbox past its window");
  }
  if (stripped.empty()) return size_t{0};
  KAKUNIN_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  for (const auto& [sequence, sealed] : stripped) {
    if (auto s = SetPayload("outbox", sequence, sealed); !s.ok()) {
      (void)Exec("ROLLBACK");
      return s.error();
    }
  }
  KAKUNIN_RETURN_IF_ERROR(Exec("COMMIT"));
  return stripped.size();
}

}  // namespace kakunin::agent
