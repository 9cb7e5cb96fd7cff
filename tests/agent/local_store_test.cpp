// The outbox's numbering when HQ holds numbers this outbox gave out again (an outbox restored
// from an older copy): a waiting result moves to a new number at the end, with its re-view copy,
// in one transaction; numbering never goes back below what HQ acknowledged. Also HQ's refusals
// and how a write that cannot happen is named; patient data at rest: payloads sealed under the
// store's key, an older agent's clear rows sealed at open, first-visit keys hashed and forgotten
// after 13 months unseen. On a real SQLite file.

#include "agent/store/local_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include "common/domain/date.h"
#include "common/domain/review_window.h"
#include "common/os/process.h"

namespace kakunin::agent {
namespace {

class OutboxNumbering : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = os::MakeTempDir("kakunin-outbox");
    auto store = LocalStore::Open(dir_ + "/outbox.db");
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Save(const std::string& id) {
    v1::CheckResult r;
    r.set_check_id(id);
    r.mutable_checked_at()->set_seconds(1764979200);  // 2025-12-06 in Japan
    EXPECT_TRUE(store_->Save(r, domain::Date{2025, 12, 6}).ok());
    return id;
  }
  std::vector<std::pair<uint64_t, std::string>> Waiting() {
    std::vector<std::pair<uint64_t, std::string>> out;
    auto pending = store_->Pending(100);
    EXPECT_TRUE(pending.ok());
    if (pending.ok()) {
      for (const auto& r : *pending) out.emplace_back(r.sequence(), r.check_id());
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<LocalStore> store_;
};

TEST_F(OutboxNumbering, AResultMovesToTheEndWithItsReViewCopy) {
  Save("a");
  Save("b");
  Save("c");
  auto moved = store_->Renumber(2);
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(*moved, 4u);
  using Row = std::pair<uint64_t, std::string>;
  EXPECT_EQ(Waiting(), (std::vector<Row>{{1, "a"}, {3, "c"}, {4, "b"}}));
  EXPECT_EQ(*store_->LastSequence(), 4u);
  // The re-view list shows the result once, under its new number.
  auto recent = store_->Recent(domain::Date{2025, 12, 6}, 1, /*purge=*/false);
  ASSERT_TRUE(recent.ok());
  int b = 0;
  for (const auto& r : *recent) {
    if (r.check_id() == "b") {
      ++b;
      EXPECT_EQ(r.sequence(), 4u);
    }
  }
  EXPECT_EQ(b, 1);
  // Nothing waits at 99: nothing moves, no number is used up.
  EXPECT_EQ(*store_->Renumber(99), 0u);
  EXPECT_EQ(*store_->LastSequence(), 4u);
}

TEST_F(OutboxNumbering, NumberingNeverGoesBackBelowHqsAcknowledgement) {
  Save("a");
  ASSERT_TRUE(store_->RaiseLastSequence(10).ok());
  ASSERT_TRUE(store_->RaiseLastSequence(5).ok());  // lower: no effect
  Save("b");
  using Row = std::pair<uint64_t, std::string>;
  EXPECT_EQ(Waiting(), (std::vector<Row>{{1, "a"}, {11, "b"}}));
  EXPECT_EQ(*store_->FirstPending(), 1u);
  ASSERT_TRUE(store_->Acknowledge(1).ok());
  EXPECT_EQ(*store_->FirstPending(), 11u);
  ASSERT_TRUE(store_->Acknowledge(11).ok());
  EXPECT_EQ(*store_->FirstPending(), 0u);
}

// A terminal offline (or revoked) for over a month keeps its unsent results, but not their
// patient fields past the re-view window: HQ would drop them on arrival anyway.
TEST_F(OutboxNumbering, UnsentResultsPastTheirWindowLosePatientFieldsOnly) {
  v1::CheckResult r;
  r.set_check_id("october");
  r.mutable_checked_at()->set_seconds(1761868800);  // 2025-10-31 09:00 JST
  r.mutable_eligibility()->set_name("山田 太郎");
  r.mutable_document()->set_insured_number("1001");
  ASSERT_TRUE(store_->Save(r, domain::Date{2025, 10, 31}).ok());
  r.set_check_id("december");
  r.mutable_checked_at()->set_seconds(1764547200);  // 2025-12-01 09:00 JST
  ASSERT_TRUE(store_->Save(r, domain::Date{2025, 12, 1}).ok());
  EXPECT_EQ(*store_->StripUnsentPastWindow(domain::Date{2025, 11, 30}), 0u);  // October's last day
  EXPECT_EQ(*store_->StripUnsentPastWindow(domain::Date{2025, 12, 1}), 1u);
  EXPECT_EQ(*store_->StripUnsentPastWindow(domain::Date{2025, 12, 1}), 0u);
  auto pending = store_->Pending(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);  // both still wait to be sent, in their places
  EXPECT_EQ((*pending)[0].check_id(), "october");
  EXPECT_FALSE((*pending)[0].has_eligibility());
  EXPECT_FALSE((*pending)[0].has_document());
  EXPECT_EQ((*pending)[0].checked_at().seconds(), 1761868800);
  EXPECT_EQ((*pending)[1].check_id(), "december");
  EXPECT_EQ((*pending)[1].eligibility().name(), "山田 太郎");
}

// The re-view copies past their window go by the date alone, without a list being shown (the
// daemon calls this at start and hourly): a check of October is viewable through November.
TEST_F(OutboxNumbering, PurgeRecentDeletesOnlyWhatIsPastItsWindow) {
  v1::CheckResult r;
  r.set_check_id("october");
  ASSERT_TRUE(store_->Save(r, domain::Date{2025, 10, 31}).ok());
  r.set_check_id("december");
  ASSERT_TRUE(store_->Save(r, domain::Date{2025, 12, 1}).ok());
  r.set_check_id("clock-fast");  // made while the terminal's clock was a year ahead
  ASSERT_TRUE(store_->Save(r, domain::Date{2026, 12, 1}).ok());
  EXPECT_EQ(*store_->PurgeRecent(domain::Date{2025, 11, 30}), 0u);  // both still viewable
  EXPECT_EQ(*store_->PurgeRecent(domain::Date{2025, 12, 1}), 1u);
  EXPECT_EQ(*store_->PurgeRecent(domain::Date{2025, 12, 1}), 0u);
  auto left = store_->Recent(domain::Date{2025, 12, 1}, 3, /*purge=*/false);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().check_id(), "december");
  // The copy dated after today is not shown, and not deleted either (a clock put right must
  // not take it early); listing with purging does not delete it either.
  ASSERT_TRUE(store_->Recent(domain::Date{2025, 12, 1}).ok());
  auto later = store_->Recent(domain::Date{2026, 12, 1}, 1, /*purge=*/false);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ(later->front().check_id(), "clock-fast");
  // The outbox keeps all three: sending to HQ does not depend on the re-view copy.
  EXPECT_EQ(Waiting().size(), 3u);
}

// HQ's refusals: which check and why, no patient data, read back newest first, forgotten by age.
// HQ's words are another program's text on the terminal's screens: printable ASCII, bounded.
TEST_F(OutboxNumbering, RefusalsAreNotedBeforeTheAcknowledgementAndForgottenByAge) {
  Save("a");
  Save("b");
  ASSERT_TRUE(store_->NoteRefusal(1, "checked_at missing or invalid", 1000).ok());
  ASSERT_TRUE(store_
                  ->NoteRefusal(
                      2, std::string("bad\n\x1b[31mred\xe3\x81\x82") + std::string(300, 'x'), 2000)
                  .ok());
  ASSERT_TRUE(store_->Acknowledge(2).ok());  // HQ acknowledges what it refused
  auto all = store_->Refusals(0);
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).check_id, "b");
  EXPECT_EQ(all->at(0).reason.substr(0, 16), "bad??[31mred???x");
  EXPECT_EQ(all->at(0).reason.size(), 160u);
  EXPECT_EQ(all->at(1).check_id, "a");
  EXPECT_EQ(all->at(1).reason, "checked_at missing or invalid");
  EXPECT_EQ(all->at(1).refused_at, 1000);
  auto recent = store_->Refusals(1500);
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->size(), 1u);
  ASSERT_TRUE(store_->ForgetRefusals(1500).ok());
  all = store_->Refusals(0);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().sequence, 2u);
  // A refusal of a number no longer waiting still says which number.
  ASSERT_TRUE(store_->NoteRefusal(9, "", 3000).ok());
  all = store_->Refusals(2500);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().check_id, "");
  EXPECT_EQ(all->front().reason, "refused");
}

// What the outbox says when it cannot write tells the cause apart: here another program holds
// its write lock (the store waits 5 s for it first).
TEST_F(OutboxNumbering, AWriteLockHeldElsewhereIsNamedAsSuch) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/outbox.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  v1::CheckResult r;
  r.set_check_id("locked");
  auto s = store_->Save(r, domain::Date{2025, 12, 6});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "outbox.busy") << s.error().ToString();
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_TRUE(store_->Save(r, domain::Date{2025, 12, 6}).ok());
}

// An outbox written by a newer agent (after a rollback of the program) is refused, untouched:
// opened, this agent would set aside the rows it cannot read and HQ would close their sequences
// for good (an upgrade review). An older one opens, and is marked as this version's.
TEST_F(OutboxNumbering, AnOutboxOfANewerAgentIsRefusedAndLeftAsItIs) {
  Save("waiting");
  store_.reset();
  const std::string path = dir_ + "/outbox.db";
  auto set_version = [&](int v) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(v)).c_str(), nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  };
  auto version = [&] {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, nullptr);
    const int v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
  };
  set_version(6);
  auto refused = LocalStore::Open(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason(), "outbox.too_new") << refused.error().ToString();
  EXPECT_EQ(version(), 6);
  set_version(4);
  auto opened = LocalStore::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store_ = std::move(*opened);
  EXPECT_EQ(version(), 5);
  ASSERT_EQ(Waiting().size(), 1u);
  EXPECT_EQ(Waiting().front().second, "waiting");
}

// Everything a raw reader of outbox.db finds, as text (blobs included).
std::string RawDump(const std::string& path) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return out;
  for (const char* sql : {"SELECT payload FROM outbox", "SELECT payload FROM recent",
                          "SELECT patient_key FROM first_visits"}) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
    while (q && sqlite3_step(q) == SQLITE_ROW) {
      out.append(static_cast<const char*>(sqlite3_column_blob(q, 0)),
                 static_cast<size_t>(sqlite3_column_bytes(q, 0)));
      out += "\n";
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return out;
}

v1::CheckResult Patient(const std::string& id) {
  v1::CheckResult r;
  r.set_check_id(id);
  r.mutable_checked_at()->set_seconds(1764979200);
  r.mutable_eligibility()->set_name("山田 太郎");
  r.mutable_eligibility()->set_insured_number("12345678");
  r.mutable_eligibility()->set_birth_date("1980-04-01");
  return r;
}

// A copy of outbox.db alone holds no names, numbers or dates of birth; the key is beside it,
// the owner's only.
TEST_F(OutboxNumbering, PatientDataIsSealedAtRest) {
  auto r = Patient("sealed");
  ASSERT_TRUE(store_->Save(r, domain::Date{2025, 12, 6}).ok());
  ASSERT_TRUE(store_
                  ->RecordFirstVisit("06139998|記号|12345678|00|1980-04-01",
                                     domain::Date{2025, 12, 6}, "consent-1")
                  .ok());
  const std::string raw = RawDump(dir_ + "/outbox.db");
  ASSERT_FALSE(raw.empty());
  for (const char* secret : {"山田", "12345678", "1980-04-01", "06139998"}) {
    EXPECT_EQ(raw.find(secret), std::string::npos) << secret;
  }
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/store.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  // Read back through the store: the same result, and the first visit by its clear key.
  auto pending = store_->Pending(10);
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().eligibility().name(), "山田 太郎");
  auto recent = store_->Recent(domain::Date{2025, 12, 6});
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ(recent->front().eligibility().insured_number(), "12345678");
  auto first = store_->FindFirstVisit("06139998|記号|12345678|00|1980-04-01");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->consent_id, "consent-1");

  // Under another key the rows do not open: an error, never another patient's data.
  store_.reset();
  std::ofstream(dir_ + "/store.key", std::ios::trunc) << std::string(64, 'a');
  auto other = LocalStore::Open(dir_ + "/outbox.db");
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  auto unreadable = (*other)->Pending(10);
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().reason(), "outbox.corrupt");
  other->reset();

  // Without its key, an outbox of sealed rows is refused: a new key would open none of them.
  std::filesystem::remove(dir_ + "/store.key");
  auto keyless = LocalStore::Open(dir_ + "/outbox.db");
  ASSERT_FALSE(keyless.ok());
  EXPECT_EQ(keyless.error().reason(), "outbox.key_missing");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/store.key"));
}

// A row that does not open while the others do (here a name that only looked like UTF-8, as an
// older agent saved it: protobuf writes it, and refuses to read it back) held every later
// result for good. It is set aside, kept and counted; the results after it are read and sent.
// When no row opens (another key), nothing moves and the read fails, as above.
TEST_F(OutboxNumbering, ARowThatDoesNotOpenIsSetAsideAndTheQueueGoesOn) {
  Save("11111111-1111-4111-8111-111111111111");
  v1::CheckResult poisoned;
  poisoned.set_check_id("22222222-2222-4222-8222-222222222222");
  poisoned.mutable_eligibility()->set_name("山田\xED\xA0\x80");  // a surrogate
  ASSERT_TRUE(store_->Save(poisoned, domain::Date{2025, 12, 6}).ok());
  Save("33333333-3333-4333-8333-333333333333");
  ASSERT_EQ(*store_->Depth(), 3u);

  EXPECT_EQ(Waiting(), (std::vector<std::pair<uint64_t, std::string>>{
                           {1, "11111111-1111-4111-8111-111111111111"},
                           {3, "33333333-3333-4333-8333-333333333333"}}));
  EXPECT_EQ(*store_->Depth(), 2u);
  EXPECT_EQ(*store_->Damaged(), 1u);
  EXPECT_EQ(*store_->FirstPending(), 1u);
  ASSERT_TRUE(store_->Acknowledge(1).ok());
  EXPECT_EQ(*store_->FirstPending(), 3u);  // the hello's lowest held: HQ closes number 2
  // Kept whole in the file, for whoever repairs it.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ + "/outbox.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT sequence, length(payload) > 0 FROM damaged", -1, &q, nullptr);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(q, 0), 2);
  EXPECT_EQ(sqlite3_column_int(q, 1), 1);
  sqlite3_finalize(q);
  sqlite3_close(db);
  // It may hold a patient's fields: it leaves with the re-view window of the day it was set
  // aside (翌月末), like the copies staff can see (privacy review: it stayed for good).
  const domain::Date noted = domain::JapanDateOf(std::time(nullptr));
  const domain::Date last_day = domain::ReviewDeadline(noted);
  ASSERT_TRUE(store_->PurgeRecent(last_day).ok());
  EXPECT_EQ(*store_->Damaged(), 1u);
  ASSERT_TRUE(store_->PurgeRecent(domain::AddDays(last_day, 1)).ok());
  EXPECT_EQ(*store_->Damaged(), 0u);
}

// The bytes of the database's files as they lie on disk.
std::string RawFiles(const std::string& path) {
  std::string out;
  for (const std::string& f : {path, path + "-wal"}) {
    std::ifstream in(f, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

// An outbox an older agent wrote (schema 3, payloads and first-visit keys in the clear) is
// sealed when this agent opens it, and reads the same.
TEST_F(OutboxNumbering, AnOlderAgentsClearRowsAreSealedAtOpen) {
  store_.reset();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  const std::string path = dir_ + "/outbox.db";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const std::string clear = Patient("old").SerializeAsString();
    ASSERT_EQ(
        sqlite3_exec(db,
                     "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
                     "INSERT INTO meta VALUES ('last_sequence', 1);"
                     "CREATE TABLE outbox (sequence INTEGER PRIMARY KEY, payload BLOB NOT "
                     "NULL);"
                     "CREATE TABLE recent (sequence INTEGER PRIMARY KEY, check_date TEXT NOT "
                     "NULL, payload BLOB NOT NULL);"
                     "CREATE TABLE first_visits (patient_key TEXT PRIMARY KEY, visit_date "
                     "TEXT NOT NULL, consent_id TEXT NOT NULL);"
                     "INSERT INTO first_visits VALUES ('06139998|記号|12345678|00|1980-04-01',"
                     " '2025-12-01', 'consent-old');"
                     "PRAGMA user_version = 3;",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
    for (const char* sql :
         {"INSERT INTO outbox VALUES (1, ?1)", "INSERT INTO recent VALUES (1, '2025-12-06', ?1)"}) {
      sqlite3_stmt* q = nullptr;
      sqlite3_prepare_v2(db, sql, -1, &q, nullptr);
      sqlite3_bind_blob(q, 1, clear.data(), static_cast<int>(clear.size()), SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(q), SQLITE_DONE);
      sqlite3_finalize(q);
    }
    sqlite3_close(db);
  }
  ASSERT_NE(RawDump(path).find("山田"), std::string::npos);  // as the older agent left it
  ASSERT_NE(RawFiles(path).find("山田"), std::string::npos);
  auto opened = LocalStore::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  store_ = std::move(*opened);
  // Not in the rows, and not left in the files' pages either (free pages, the WAL).
  for (const std::string& raw : {RawDump(path), RawFiles(path)}) {
    for (const char* secret : {"山田", "12345678", "06139998"}) {
      EXPECT_EQ(raw.find(secret), std::string::npos) << secret;
    }
  }
  // The older agent never noted when a first visit was last seen: it counts from today, so the
  // first purge does not end a relationship that went on.
  const std::time_t now = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  auto kept = store_->ForgetFirstVisits(domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday});
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 0u);
  auto pending = store_->Pending(10);
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().eligibility().name(), "山田 太郎");
  auto first = store_->FindFirstVisit("06139998|記号|12345678|00|1980-04-01");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->consent_id, "consent-old");
}

// The daemon and the uplink open the store at the same moment on a new terminal: one key is
// made, and each reads what the other wrote.
TEST_F(OutboxNumbering, TwoOpenersOfANewStoreShareOneKey) {
  store_.reset();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  const std::string path = dir_ + "/outbox.db";
  auto open_and_save = [&](const std::string& id) {
    auto s = LocalStore::Open(path);
    if (!s.ok()) return s.error().ToString();
    auto r = Patient(id);
    auto saved = (*s)->Save(r, domain::Date{2025, 12, 6});
    return saved.ok() ? std::string() : saved.error().ToString();
  };
  auto a = std::async(std::launch::async, open_and_save, "a");
  auto b = std::async(std::launch::async, open_and_save, "b");
  EXPECT_EQ(a.get(), "");
  EXPECT_EQ(b.get(), "");
  auto s = LocalStore::Open(path);
  ASSERT_TRUE(s.ok());
  auto pending = (*s)->Pending(10);
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  EXPECT_EQ(pending->size(), 2u);
}

// A first visit is kept while 再照会 go on, and forgotten 13 months after it was last seen.
TEST_F(OutboxNumbering, FirstVisitsUnseenFor13MonthsAreForgotten) {
  const std::string key = "06139998|記号|12345678|00|1980-04-01";
  ASSERT_TRUE(store_->RecordFirstVisit(key, domain::Date{2025, 1, 10}, "c").ok());
  auto gone = store_->ForgetFirstVisits(domain::Date{2026, 2, 10});  // 13 months to the day
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 0u);
  ASSERT_TRUE(store_->SeeFirstVisit(key, domain::Date{2026, 1, 20}).ok());  // a 再照会
  gone = store_->ForgetFirstVisits(domain::Date{2026, 3, 1});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 0u);
  auto first = store_->FindFirstVisit(key);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->has_value());
  gone = store_->ForgetFirstVisits(domain::Date{2027, 2, 21});
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 1u);
  first = store_->FindFirstVisit(key);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

}  // namespace
}  // namespace kakunin::agent
