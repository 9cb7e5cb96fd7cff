#pragma once
// The terminal's durable store (SQLite, WAL, synchronous=FULL):
//   outbox  — every result, written before staff are told "saved", deleted only once HQ has
//             acknowledged its sequence number; never dropped when large.
//   recent  — this terminal's checks, re-viewable until 翌月末 of the check date, then purged.
// Sequence numbers are assigned here, in the same transaction that stores the result. Patient
// data is sealed at rest (AES-256-GCM under store.key beside the database, made at the first
// open); first-visit keys are keyed hashes.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/domain/date.h"
#include "kakunin/v1/common.pb.h"

namespace kakunin::agent {

// HQ's words as this terminal keeps and shows them: printable ASCII, at most 160 bytes.
std::string RefusalText(const std::string& reason);

class LocalStore {
 public:
  // What Open does with a file SQLite finds damaged (SQLITE_CORRUPT, SQLITE_NOTADB: a power cut
  // on a cheap SSD, a disk error).
  enum class OnDamage {
    kFail,    // the error (outbox.damaged); every opener but the one below
    kRepair,  // a cheap check first (PRAGMA quick_check), then a repair (below). Only for the
              // process that holds the terminal's agent.lock (the daemon, or a command while the
              // daemon is not running): another opener would go on writing to the moved file.
  };
  // A repair: the damaged file (and its -wal, -shm) moved aside to `kept_at`, never deleted; a
  // new outbox.db under the same store.key; every row still readable copied in, table by table
  // and by ranges of row ids, skipping what errors. An unsent result whose own row is unreadable
  // is taken from its re-view copy (HQ absorbs one it holds already); one readable in neither is
  // noted in `damaged` (an empty payload: never sent, counted, closed at HQ like a row set
  // aside). Numbering goes on above the old counter and above every number seen in a readable
  // row. Kept in the new file's meta table (LastRepair).
  struct Repair {
    int64_t repaired_at = 0;        // Unix seconds
    std::string kept_at;            // the damaged file as moved aside
    uint64_t unsent_recovered = 0;  // unsent results in the new outbox
    uint64_t unsent_lost = 0;       // numbers of unsent results read from neither table (at most)
    uint64_t copies_recovered = 0;  // re-view copies (recent)
    uint64_t copies_lost = 0;       // re-view copies whose row did not read
    bool file_read = false;         // the damaged file opened at all (else nothing came across)
    bool counter_read = false;      // its numbering counter was readable
  };
  static Result<std::unique_ptr<LocalStore>> Open(const std::string& path,
                                                  OnDamage on_damage = OnDamage::kFail);
  ~LocalStore();
  // The repair this Open made, if any.
  const std::optional<Repair>& repair() const { return repair_; }
  // The newest repair of this outbox (by any opener), from its meta table; nullopt when none.
  Result<std::optional<Repair>> LastRepair();
  // Where a file damaged at `repaired_at` is kept (outbox.db.damaged-YYYYMMDDTHHMMSS, Japan's
  // time).
  static std::string KeptPath(const std::string& path, int64_t repaired_at);

  // Assigns the next sequence to `result`, stores it in the outbox and in recent (check date =
  // `check_date`, Japan's civil date) atomically.
  Status Save(v1::CheckResult& result, const domain::Date& check_date);
  // Many results in one transaction (bulk loads: benchmarks, imports); same guarantees.
  Status SaveAll(std::vector<v1::CheckResult>& results, const domain::Date& check_date);
  // A file from the terminal's folder becomes at most one result: `key` is recorded in the same
  // transaction as the result. False (nothing saved) when the key was recorded before.
  Result<bool> SaveOnce(v1::CheckResult& result, const domain::Date& check_date,
                        const std::string& key);
  Result<bool> PickedUp(const std::string& key);
  // 再照会 through the folders that timed out: its answer may still come and is matched here.
  struct LateAsk {
    std::string check_id;  // the result that recorded the timeout
    v1::CheckRoute route = v1::CHECK_ROUTE_HOME_VISIT;
  };
  Status RememberLateRequest(const std::string& file_id, const LateAsk& ask);
  Result<std::optional<LateAsk>> LateRequest(const std::string& file_id);
  Status DropLateRequest(const std::string& file_id);
  // Forgets pickup keys and late requests older than these many seconds.
  Status ForgetFileRecords(int64_t pickups_older_than_s, int64_t late_older_than_s);
  // The oldest unacknowledged results with a sequence above `after`, in sequence order.
  Result<std::vector<v1::CheckResult>> Pending(size_t limit, uint64_t after = 0);
  // The highest sequence ever assigned (0 when none).
  Result<uint64_t> LastSequence();
  // Never hands out `sequence` or below from now on (HQ holds results up to it: an outbox
  // restored from an older copy would otherwise number new results again).
  Status RaiseLastSequence(uint64_t sequence);
  // Moves the unacknowledged result at `sequence` (and its re-view copy) to a new sequence at the
  // end, in one transaction: the new sequence, or 0 when no such result waits.
  Result<uint64_t> Renumber(uint64_t sequence);
  // The lowest sequence waiting to be sent, or 0 when the outbox is empty.
  Result<uint64_t> FirstPending();
  Status Acknowledge(uint64_t up_to_sequence);
  Result<uint64_t> Depth();
  // Results set aside because their row would not open (see ReadAfter): kept in the file's
  // `damaged` table, never sent, until PurgeRecent.
  Result<uint64_t> Damaged();
  // The sequences set aside since the last call, by any read (the uplink's, a heartbeat's, an
  // allowance's scan), and at the first call those in `damaged` when the store opened (set aside
  // by an earlier run, or lost in a repair): each leaves a gap HQ closes only at a hello that
  // names a lower held result, so the uplink reconnects once everything below it is
  // acknowledged.
  std::vector<uint64_t> TakeSetAside() { return std::exchange(set_aside_, {}); }
  // 居宅同意取得型: the first home visit checked the card (and the service recorded consent).
  // `patient_key` identifies the insured person (insurer|symbol|number|branch|birth), never the
  // individual number.
  struct FirstVisit {
    domain::Date visit_date;
    std::string consent_id;
  };
  Status RecordFirstVisit(const std::string& patient_key, const domain::Date& date,
                          const std::string& consent_id);
  Result<std::optional<FirstVisit>> FindFirstVisit(const std::string& patient_key);
  // A 再照会 on `date` keeps the continuing relationship (and its first visit) alive.
  Status SeeFirstVisit(const std::string& patient_key, const domain::Date& date);
  // First visits not seen for 13 months are forgotten (the relationship is over: the next visit
  // checks the card again); how many went. Patient keys are stored as keyed hashes (VisitKey).
  Result<size_t> ForgetFirstVisits(const domain::Date& today);
  // Purges what is past its re-view window, then lists the rest, newest first.
  // Checks still viewable on `today`. With `purge`, those past their window are deleted for
  // good — only ever with the real date: a "what if" date (`recent --date`) must not delete.
  Result<std::vector<v1::CheckResult>> Recent(const domain::Date& today, int months = 1,
                                              bool purge = true);
  // The re-view copies numbered above `after`, in order, at most `limit` (for a tool that follows
  // what the daemon saves: the face bench).
  Result<std::vector<v1::CheckResult>> RecentAfter(uint64_t after, size_t limit);
  // Deletes the re-view copies past their window on `today` (the real date only), and the
  // damaged rows past the window of the day they were set aside, in one transaction; how many
  // went.
  Result<size_t> PurgeRecent(const domain::Date& today, int months = 1);
  // Unsent results past their re-view window (a terminal offline or revoked for a month and
  // more) lose their patient fields: HQ would not keep them (it drops those of a check past its
  // window on arrival), and this PC should not either. The result itself still waits to be
  // sent. How many rows changed.
  Result<size_t> StripUnsentPastWindow(const domain::Date& today, int months = 1);

  // Results HQ refused for good (a Reject other than a taken sequence). HQ keeps a refusal in
  // the result's place; the terminal keeps which check it was and why, so that the staff and
  // the operator hear of it (the result itself stays in `recent` for its re-view window). No
  // patient data: the check id, HQ's words (RefusalText), when (Unix seconds).
  struct Refusal {
    uint64_t sequence;
    std::string check_id;
    std::string reason;
    int64_t refused_at;
  };
  // Before HQ's acknowledgement removes the result from the outbox.
  Status NoteRefusal(uint64_t sequence, const std::string& reason, int64_t now);
  // Those at or after `since`, newest first.
  Result<std::vector<Refusal>> Refusals(int64_t since);
  Status ForgetRefusals(int64_t before);

  // The time floor the purge goes by (common/domain/time_floor.h), kept in `meta`: Unix
  // seconds, 0 when none was saved.
  Result<int64_t> TimeFloor();
  Status SaveTimeFloor(int64_t floor);

 private:
  explicit LocalStore(sqlite3* db) : db_(db) {}
  // One open of the file as it is; `*damaged` says whether SQLite found it damaged (else the
  // error has another cause: a lock, a key, a newer agent's file).
  static Result<std::unique_ptr<LocalStore>> OpenFile(const std::string& path, bool quick_check,
                                                      bool* damaged);
  // Moves the damaged file at `path` aside and opens a new one with what it still reads.
  static Result<std::unique_ptr<LocalStore>> OpenRepaired(const std::string& path,
                                                          const Error& damage);
  // Renames a complete repaired file into place when a stop came between the two renames.
  static void FinishInterruptedRepair(const std::string& path);
  // Copies the readable rows of the file attached as `old` (when `attached`; detached here) into
  // this new one, and notes the repair in meta; fills `r`'s counts.
  Status Salvage(Repair& r, bool attached);
  Status NoteRepair(const Repair& r);
  Status Exec(const std::string& sql);
  Status Insert(v1::CheckResult& result, const std::string& date);
  // Payloads at rest (see local_store.cpp): sealed under key_, opened (or read as an older
  // agent's clear row) for use.
  Result<std::string> Seal(const std::string& plain) const;
  bool Unseal(const void* data, int size, v1::CheckResult* out) const;
  // Replaces the sealed payload of `table`'s row at `sequence` (the caller's transaction).
  Status SetPayload(const char* table, int64_t sequence, const std::string& sealed);
  // A first visit's patient key as stored: HMAC-SHA256 under key_, never the numbers.
  std::string VisitKey(const std::string& patient_key) const;
  // How many rows it changed.
  Result<size_t> SealOlderRows();
  // PRAGMA quick_check: outbox.damaged unless it says "ok".
  Status QuickCheck();
  // Rewrites the file (VACUUM between two checkpoints): nothing of the rows replaced stays on
  // disk.
  Status Rewrite();
  Result<std::vector<uint64_t>> DamagedSequences();
  // `table`'s rows numbered above `after`, in order, opened.
  Result<std::vector<v1::CheckResult>> ReadAfter(const char* table, uint64_t after, size_t limit);
  // One read; the sequences of rows that did not open go to `unopened`.
  Result<std::vector<v1::CheckResult>> ReadAfterOnce(const char* table, uint64_t after,
                                                     size_t limit, std::vector<uint64_t>* unopened);
  bool KeyOpensSomeRow();
  Status SetAside(uint64_t sequence);
  sqlite3* db_;
  Bytes key_;  // the store's AES-256 key (store.key)
  std::vector<uint64_t> set_aside_;
  std::optional<Repair> repair_;
};

}  // namespace kakunin::agent
