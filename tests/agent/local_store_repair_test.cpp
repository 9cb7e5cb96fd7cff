// A damaged outbox.db (a power cut on a cheap SSD, a disk error) no longer stops the terminal:
// opened to repair, it is moved aside untouched, a new outbox is made under the same store key,
// and every row that still reads is copied in — an unsent result whose own row is gone comes
// back from its re-view copy; one readable in neither is counted and noted as lost. Numbering
// goes on above every number given before. And a file from this agent's own version is no longer
// read through at every open (the migration of older agents' rows runs only for their files).
// Real files: pages overwritten with garbage at their offsets, found through SQLite's dbstat.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "agent/store/local_store.h"
#include "common/domain/date.h"
#include "common/os/process.h"
#include "tests/agent/outbox_pages.h"

namespace kakunin::agent {
namespace {
namespace outbox_pages = testing::outbox_pages;
using outbox_pages::Slurp;

constexpr domain::Date kDay{2025, 12, 6};

v1::CheckResult Patient(int n) {
  v1::CheckResult r;
  r.set_check_id("check-" + std::to_string(n));
  r.mutable_checked_at()->set_seconds(1764979200);
  r.mutable_eligibility()->set_name("山田 太郎");
  r.mutable_eligibility()->set_insured_number("12345678");
  return r;
}

class DamagedOutbox : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = os::MakeTempDir("kakunin-repair");
    path_ = dir_ + "/outbox.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `count` results saved, those up to `acked` acknowledged by HQ, a few first visits; then
  // closed with its WAL written into the file, so that the pages below are the file's.
  void Build(int count, int acked) {
    {
      auto store = LocalStore::Open(path_);
      ASSERT_TRUE(store.ok()) << store.error().ToString();
      std::vector<v1::CheckResult> results;
      for (int i = 1; i <= count; ++i) results.push_back(Patient(i));
      ASSERT_TRUE((*store)->SaveAll(results, kDay).ok());
      ASSERT_TRUE((*store)->Acknowledge(static_cast<uint64_t>(acked)).ok());
      for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE((*store)->RecordFirstVisit("patient-" + std::to_string(i), kDay, "c").ok());
      }
    }
    page_size_ = outbox_pages::Checkpoint(path_);
    ASSERT_GT(page_size_, 0);
    ASSERT_FALSE(std::filesystem::exists(path_ + "-wal") &&
                 std::filesystem::file_size(path_ + "-wal") > 0);
  }

  std::vector<int> Leaves(const std::string& table) { return outbox_pages::Leaves(path_, table); }
  std::set<uint64_t> RowIds(int page) { return outbox_pages::RowIds(path_, page, page_size_); }
  void Wreck(int page) { outbox_pages::Wreck(path_, page, page_size_); }

  std::string dir_, path_;
  int page_size_ = 0;
};

// Pages in the middle of both tables lost: one outbox page whose results still have their
// re-view copies (they come back from them), and an outbox page and a recent page holding the
// same results (read from neither: counted, noted, and their numbers never given again).
TEST_F(DamagedOutbox, ReadableRowsAreCopiedIntoANewOutboxAndTheDamagedFileIsKept) {
  Build(3000, 1000);  // unsent: 1001..3000; re-view copies: 1..3000
  const std::vector<int> unsent = Leaves("outbox");
  ASSERT_GT(unsent.size(), 20u);
  // An outbox page far from the others, whose results keep their copies: they come back.
  const int lone_page = unsent[unsent.size() / 4];
  const std::set<uint64_t> lone_ids = RowIds(lone_page);
  std::set<uint64_t> copy_ids;
  const std::set<uint64_t> both = outbox_pages::WreckBothCopiesOfSome(path_, page_size_, &copy_ids);
  for (uint64_t id : lone_ids) ASSERT_FALSE(copy_ids.count(id));
  Wreck(lone_page);
  ASSERT_FALSE(both.empty());
  ASSERT_GE(*both.begin(), 1001u);

  // Opened as every opener but the daemon opens it: the damage is an error, nothing moves.
  {
    auto plain = LocalStore::Open(path_);
    ASSERT_TRUE(plain.ok()) << plain.error().ToString();
    auto read = (*plain)->Pending(5000);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().reason(), "outbox.corrupt");
    EXPECT_FALSE((*plain)->repair().has_value());
  }
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(std::count_if(names.begin(), names.end(),
                          [](const std::string& n) { return n.find("damaged") != n.npos; }),
            0);
  const std::string damaged_bytes = Slurp(path_);

  auto opened = LocalStore::Open(path_, LocalStore::OnDamage::kRepair);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  LocalStore& store = **opened;
  ASSERT_TRUE(store.repair().has_value());
  const LocalStore::Repair r = *store.repair();  // a copy: the store is closed below
  // Kept as it was, beside the new file, for support.
  EXPECT_EQ(r.kept_at.rfind(path_ + ".damaged-", 0), 0u) << r.kept_at;
  EXPECT_EQ(Slurp(r.kept_at), damaged_bytes);
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/store.key"));
  EXPECT_TRUE(r.file_read);
  EXPECT_TRUE(r.counter_read);
  EXPECT_EQ(r.unsent_lost, both.size());
  EXPECT_EQ(r.unsent_recovered, 2000 - both.size());
  EXPECT_EQ(r.copies_lost, copy_ids.size());
  EXPECT_EQ(r.copies_recovered, 3000 - copy_ids.size());

  // Every unsent result but those read from neither table waits, in order, and opens.
  auto pending = store.Pending(5000);
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  ASSERT_EQ(pending->size(), 2000 - both.size());
  uint64_t expected = 1001;
  for (const auto& result : *pending) {
    while (both.count(expected)) ++expected;
    ASSERT_EQ(result.sequence(), expected);
    EXPECT_EQ(result.check_id(), "check-" + std::to_string(expected));
    EXPECT_EQ(result.eligibility().name(), "山田 太郎");
    ++expected;
  }
  // The lost ones are noted as set aside: counted for the status, never sent, and closed at HQ
  // through the uplink's first look.
  EXPECT_EQ(*store.Damaged(), both.size());
  const std::vector<uint64_t> gaps = store.TakeSetAside();
  EXPECT_EQ(std::set<uint64_t>(gaps.begin(), gaps.end()), both);
  auto recent = store.Recent(kDay, 1, /*purge=*/false);
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->size(), 3000 - copy_ids.size());
  auto first = store.FindFirstVisit("patient-7");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->has_value());

  // Numbering goes on above every number given before.
  v1::CheckResult next = Patient(3001);
  ASSERT_TRUE(store.Save(next, kDay).ok());
  EXPECT_EQ(next.sequence(), 3001u);

  // Any later opener sees the repair (the daemon's status, after a repair by a command).
  opened->reset();
  auto again = LocalStore::Open(path_);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_FALSE((*again)->repair().has_value());
  auto last = (*again)->LastRepair();
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->kept_at, r.kept_at);
  EXPECT_EQ((*last)->unsent_recovered, r.unsent_recovered);
  EXPECT_EQ((*last)->unsent_lost, r.unsent_lost);
}

// The page of the numbering counter lost, and every unsent result acknowledged: the next number
// is still above every number seen in a row that reads.
TEST_F(DamagedOutbox, ALostCounterGoesOnAboveTheHighestNumberSeen) {
  Build(200, 200);
  const std::vector<int> meta = Leaves("meta");
  ASSERT_EQ(meta.size(), 1u);
  Wreck(meta.front());
  auto opened = LocalStore::Open(path_, LocalStore::OnDamage::kRepair);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  ASSERT_TRUE((*opened)->repair().has_value());
  EXPECT_FALSE((*opened)->repair()->counter_read);
  EXPECT_EQ((*opened)->repair()->copies_recovered, 200u);
  v1::CheckResult next = Patient(201);
  ASSERT_TRUE((*opened)->Save(next, kDay).ok());
  EXPECT_EQ(next.sequence(), 201u);
}

// A file that is not a database any more (its first page lost): a working, empty outbox all the
// same, the file kept. Its numbering cannot be known here: HQ's acknowledgement, at the next
// welcome, lifts it (UplinkLoop::Greet), and a number HQ holds is moved past it.
TEST_F(DamagedOutbox, AFileBeyondReadingStillGivesAWorkingOutbox) {
  Build(50, 10);
  Wreck(1);
  const std::string damaged_bytes = Slurp(path_);
  auto opened = LocalStore::Open(path_, LocalStore::OnDamage::kRepair);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  LocalStore& store = **opened;
  ASSERT_TRUE(store.repair().has_value());
  EXPECT_FALSE(store.repair()->file_read);
  EXPECT_EQ(store.repair()->unsent_recovered, 0u);
  EXPECT_EQ(Slurp(store.repair()->kept_at), damaged_bytes);
  EXPECT_EQ(*store.Depth(), 0u);
  ASSERT_TRUE(store.RaiseLastSequence(50).ok());  // as the welcome does with HQ's number
  v1::CheckResult next = Patient(51);
  ASSERT_TRUE(store.Save(next, kDay).ok());
  EXPECT_EQ(next.sequence(), 51u);
  auto pending = store.Pending(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().eligibility().name(), "山田 太郎");
}

// A page of re-view copies lost in a file of this version: opening it as any opener does (no
// repair) works, since nothing reads through every row at open any more; the rows still read.
TEST_F(DamagedOutbox, AFileOfThisVersionIsNotReadThroughAtOpen) {
  Build(2000, 0);
  const std::vector<int> copies = Leaves("recent");
  ASSERT_GT(copies.size(), 10u);
  Wreck(copies[copies.size() / 2]);
  auto opened = LocalStore::Open(path_);
  ASSERT_TRUE(opened.ok()) << opened.error().ToString();
  EXPECT_FALSE((*opened)->repair().has_value());
  auto pending = (*opened)->Pending(10);
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  EXPECT_EQ(pending->size(), 10u);
  opened->reset();
  // The daemon's open finds it (the quick check) and repairs it.
  auto repaired = LocalStore::Open(path_, LocalStore::OnDamage::kRepair);
  ASSERT_TRUE(repaired.ok()) << repaired.error().ToString();
  ASSERT_TRUE((*repaired)->repair().has_value());
  EXPECT_EQ((*repaired)->repair()->unsent_recovered, 2000u);
  EXPECT_EQ((*repaired)->repair()->unsent_lost, 0u);
  EXPECT_GT((*repaired)->repair()->copies_lost, 0u);
}

}  // namespace
}  // namespace kakunin::agent
