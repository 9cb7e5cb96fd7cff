// The sealed dump stream through a real FIFO, with an in-process "tool" on the other end: what
// pg_dump writes comes back whole for pg_restore; a changed, moved, cut-off or foreign record
// stops the feed (the reader sees a cut-off dump) and says why; a tool that fails before it
// opens the FIFO ends the call with its own error instead of leaving a thread waiting.
#include "server/app/sealed_dump.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "common/os/process.h"

namespace kakunin::server {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Sealer MakeSealer(char fill) {
  Sealer s;
  EXPECT_TRUE(s.AddKey("backup", std::string(64, fill)).ok());
  return s;
}

class SealedDumpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = os::MakeTempDir("kakunin-sealed-dump");
    std::mt19937 rng(7);
    dump_.resize(3 * (1 << 20) + 12345);  // three whole records and a part
    for (auto& c : dump_) c = static_cast<char>(rng());
    dump_.replace(1000, 5, "PGDMP");
  }
  void TearDown() override { os::RemoveTree(dir_); }

  // pg_dump's part: writes `bytes` into the path it is given, in pieces of `piece` bytes (pg_dump
  // writes whatever its buffers hold: the reads on our side end anywhere).
  static DumpTool Writer(const std::string& bytes, size_t piece = 1 << 20) {
    return [bytes, piece](const std::string& path) -> Status {
      std::ofstream out(path, std::ios::binary);
      for (size_t at = 0; at < bytes.size() && out; at += piece) {
        const size_t n = std::min(piece, bytes.size() - at);
        out.write(bytes.data() + at, static_cast<std::streamsize>(n));
        out.flush();
      }
      out.close();
      if (!out) return MakeError(ErrorCode::kUnavailable, "test.write", "write failed");
      return OkStatus();
    };
  }
  // pg_restore's part: reads the path to its end.
  static DumpTool Reader(std::string* got) {
    return [got](const std::string& path) -> Status {
      *got = ReadAll(path);
      return OkStatus();
    };
  }

  std::string Sealed() {
    const std::string path = dir_ + "/dump.sealed";
    Status s = DumpSealed(Writer(dump_), MakeSealer('a'), path);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return path;
  }

  std::string dir_, dump_;
};

TEST_F(SealedDumpTest, WhatTheDumpWroteIsWhatTheRestoreReads) {
  const std::string path = Sealed();
  EXPECT_TRUE(CheckSealed(MakeSealer('a'), path).ok());
  const std::string sealed = ReadAll(path);
  EXPECT_EQ(sealed.find("PGDMP"), std::string::npos);
  EXPECT_EQ(sealed.find(dump_.substr(5000, 64)), std::string::npos);
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::string got;
  Status s = RestoreSealed(Reader(&got), MakeSealer('a'), path);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(got, dump_);
  // An empty dump is one empty last record, and comes back empty.
  const std::string empty = dir_ + "/empty.sealed";
  ASSERT_TRUE(DumpSealed(Writer(""), MakeSealer('a'), empty).ok());
  got = "x";
  ASSERT_TRUE(RestoreSealed(Reader(&got), MakeSealer('a'), empty).ok());
  EXPECT_EQ(got, "");
}

// The first version sealed whatever a read brought beyond the record's megabyte, and its own
// restore refused such records: every real backup (pg_dump writes in odd sizes) was
// unrestorable. Records now hold exactly one MiB, and the backup checks its file.
TEST_F(SealedDumpTest, WritesOfAnySizeComeBackWhole) {
  for (size_t piece : {size_t{7919}, size_t{65537}, size_t{300001}}) {
    const std::string path = dir_ + "/odd-" + std::to_string(piece) + ".sealed";
    Status s = DumpSealed(Writer(dump_, piece), MakeSealer('a'), path);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    Status checked = CheckSealed(MakeSealer('a'), path);
    EXPECT_TRUE(checked.ok()) << piece << ": " << checked.error().ToString();
    std::string got;
    Status restored = RestoreSealed(Reader(&got), MakeSealer('a'), path);
    ASSERT_TRUE(restored.ok()) << piece << ": " << restored.error().ToString();
    EXPECT_EQ(got, dump_) << piece;
  }
}

// A full disk under the backup is the backup's failure, named as such, not "pg_dump failed"
// (pg_dump dies of the pipe the backup closed).
TEST_F(SealedDumpTest, OurOwnFilesFailureIsTheOneReported) {
  ::signal(SIGPIPE, SIG_IGN);  // the in-process "pg_dump" writes into a closed pipe
  ::signal(SIGXFSZ, SIG_IGN);  // past the limit, write() fails with EFBIG instead
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  rlimit small = before;
  small.rlim_cur = 256 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Status s = DumpSealed(Writer(dump_, 65536), MakeSealer('a'), dir_ + "/full.sealed");
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &before), 0);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().reason(), "backup.io") << s.error().ToString();
}

TEST_F(SealedDumpTest, ADamagedStreamStopsTheFeedAndSaysWhy) {
  const std::string sealed = ReadAll(Sealed());
  const size_t header = std::string("KAKUNIN-SEALED-DUMP-1\n").size();
  const size_t record = 5 + (1 << 20) + 28;  // flag, length, nonce, a whole chunk, tag
  auto restore = [&](const std::string& bytes, const Sealer& sealer, std::string* got) {
    const std::string path = dir_ + "/bad.sealed";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return RestoreSealed(Reader(got), sealer, path);
  };
  std::string flipped = sealed;
  flipped[header + record + 500] ^= 1;  // inside the second record
  std::string swapped = sealed.substr(0, header) + sealed.substr(header + record, record) +
                        sealed.substr(header, record) + sealed.substr(header + 2 * record);
  std::string cut = sealed.substr(0, header + 3 * record);  // the last record gone
  const std::vector<std::pair<std::string, std::string>> cases = {
      {flipped, "record 1 does not open"},
      {swapped, "record 0 does not open"},
      {cut, "is cut off"},
      {sealed.substr(0, sealed.size() - 10), "ends in the middle of a record"},
  };
  for (const auto& [bytes, why] : cases) {
    std::string got;
    Status s = restore(bytes, MakeSealer('a'), &got);
    ASSERT_FALSE(s.ok()) << why;
    EXPECT_EQ(s.error().reason(), "restore.damaged") << s.error().ToString();
    EXPECT_NE(s.error().message().find(why), std::string::npos) << s.error().ToString();
    EXPECT_LT(got.size(), dump_.size()) << why;  // the reader saw a cut-off dump
  }
  std::string got;
  Status other = restore(sealed, MakeSealer('b'), &got);  // another backup's key
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().reason(), "restore.damaged");
  EXPECT_TRUE(got.empty());
  Status clear = restore(dump_, MakeSealer('a'), &got);
  ASSERT_FALSE(clear.ok());
  EXPECT_EQ(clear.error().reason(), "restore.sealed_dump_unreadable");
}

TEST_F(SealedDumpTest, AToolThatNeverOpensTheFifoEndsTheCallWithItsError) {
  auto fails = [](const std::string&) -> Status {
    return MakeError(ErrorCode::kUnavailable, "backup.pg_dump_failed", "connection refused");
  };
  Status dumped = DumpSealed(fails, MakeSealer('a'), dir_ + "/never.sealed");
  ASSERT_FALSE(dumped.ok());
  EXPECT_EQ(dumped.error().reason(), "backup.pg_dump_failed");
  Status restored = RestoreSealed(fails, MakeSealer('a'), Sealed());
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().reason(), "backup.pg_dump_failed");
}

}  // namespace
}  // namespace kakunin::server
