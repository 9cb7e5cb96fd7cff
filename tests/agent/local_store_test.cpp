// The outbox's numbering when HQ holds numbers this outbox gave out again (an outbox restored
// from an older copy): a waiting result moves to a new number at the end, with its re-view copy,
// in one transaction; numbering never goes back below what HQ acknowledged. Also HQ's refusals
// and how a write that cannot happen is named. On a real SQLite file.

#include "agent/store/local_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

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

}  // namespace
}  // namespace kakunin::agent
