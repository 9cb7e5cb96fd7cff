// The server heals: a kakunin-server on its embedded PostgreSQL (no --db), a terminal streaming
// results, and the postmaster killed with SIGKILL in the middle of it. The server notices, starts
// PostgreSQL again by itself (waiting for the old cluster's processes to go), the terminal
// reconnects and resends what was not acknowledged, and afterwards every acknowledged result is
// stored exactly once and the audit chain verifies. Also: a server started right after the
// previous one was killed does not attach to the cluster that is still shutting down.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/harness/process.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class PostgresKill : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-pgkill");
    ::chmod(dir_.c_str(), 0755);
    data_ = dir_ + "/server";
  }
  void TearDown() override {
    server_.reset();
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  void StartServer() {
    fs::remove(dir_ + "/port");
    ProcessOptions o;
    o.argv = {KAKUNIN_SERVER_BIN, "serve",       "--data-dir",   data_,
              "--listen",         "127.0.0.1:0", "--ready-file", dir_ + "/port"};
    o.log_path = dir_ + "/server.log";
    auto p = Process::Start(o);
    ASSERT_TRUE(p.ok());
    server_ = std::make_unique<Process>(std::move(*p));
    ASSERT_TRUE(WaitFor([&] { return fs::exists(dir_ + "/port") || !server_->running(); },
                        std::chrono::seconds(90)));
    ASSERT_TRUE(server_->running()) << hq::ReadFile(dir_ + "/server.log");
    address_ = "127.0.0.1:" + hq::Trim(hq::ReadFile(dir_ + "/port"));
  }

  // `kakunin-server WORDS --data-dir D OPTIONS` beside the running server (it attaches).
  std::string Cli(std::vector<std::string> words, const std::vector<std::string>& options) {
    std::vector<std::string> argv = {KAKUNIN_SERVER_BIN};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.insert(argv.end(), {"--data-dir", data_});
    argv.insert(argv.end(), options.begin(), options.end());
    auto r = RunCommand(argv);
    EXPECT_TRUE(r.ok() && r->exit_code == 0)
        << (r.ok() ? r->output + r->error_output : r.error().ToString());
    return r.ok() ? hq::Trim(r->output) : "";
  }

  pid_t PostmasterPid() {
    std::ifstream in(data_ + "/postgres/pgdata/postmaster.pid");
    std::string line;
    return std::getline(in, line) ? std::atoi(line.c_str()) : 0;
  }

  Result<std::string> Sql(const std::string& sql) {
    std::ifstream in(data_ + "/postgres/pgdata/postmaster.pid");
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    if (lines.size() < 4) return MakeError(ErrorCode::kUnavailable, "test.no_pg", "no postmaster");
    KAKUNIN_ASSIGN_OR_RETURN(
        auto out, RunCommand({"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h",
                              data_ + "/postgres/run", "-p", lines[3], "-U", "kakunin", "-d",
                              "kakunin", "-c", sql}));
    if (out.exit_code != 0 || hq::Trim(out.output).empty()) {
      return MakeError(ErrorCode::kInternal, "test.psql", out.error_output + out.output);
    }
    return hq::Trim(out.output);
  }

  std::string dir_, data_, address_;
  std::unique_ptr<Process> server_;
};

TEST_F(PostgresKill, ThePostmasterKilledUnderIngestComesBackAndNothingAcknowledgedIsLost) {
  StartServer();
  Cli({"site", "add"}, {"--id", "honcho", "--name", "本町薬局", "--auto-approve"});
  std::string token = Cli({"token", "issue"}, {"--site", "honcho"});
  auto terminal = TestTerminal::Enroll(address_, hq::ReadFile(data_ + "/pki/ca.pem"), token);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();

  // The terminal as an agent behaves: send the next batch; on a broken stream reconnect and
  // resend everything after what the welcome says is acknowledged.
  constexpr uint64_t kTotal = 400;
  uint64_t acked = 0, next = 1, reconnects = 0;
  std::unique_ptr<TerminalStream> stream;
  bool killed = false;
  pid_t old_postmaster = 0;
  Clock::time_point killed_at{}, recovered_at{};
  auto deadline = Clock::now() + std::chrono::minutes(3);
  while (acked < kTotal && Clock::now() < deadline) {
    if (!stream) {
      // A refused stream (database still down) is tried again until one is welcomed.
      ASSERT_TRUE(WaitFor(
          [&] {
            stream = terminal->Connect(address_);
            if (stream->Open()) return true;
            stream.reset();
            ++reconnects;
            return false;
          },
          std::chrono::minutes(2)))
          << "no stream welcomed\n"
          << hq::ReadFile(dir_ + "/server.log");
      acked = std::max(acked, stream->welcome_acked());
      next = stream->welcome_acked() + 1;
    }
    std::vector<v1::CheckResult> batch;
    for (int k = 0; k < 10 && next <= kTotal; ++k) {
      // Check ids derived from the sequence: a resend is the same result.
      char id[40];
      std::snprintf(id, sizeof id, "%08x-0000-4000-8000-%012llx", static_cast<unsigned>(::getpid()),
                    static_cast<unsigned long long>(next));
      batch.push_back(TestTerminal::MakeResult(next++, id));
    }
    uint64_t last = next - 1;
    bool sent = stream->Send(batch);
    if (sent && !killed && acked >= kTotal / 4) {
      // The batch just sent is in flight: kill the postmaster under it.
      old_postmaster = PostmasterPid();
      ASSERT_GT(old_postmaster, 0);
      ASSERT_EQ(::kill(old_postmaster, SIGKILL), 0);
      killed = true;
      killed_at = Clock::now();
    }
    auto ack = sent ? stream->WaitAck(last)
                    : Result<uint64_t>(MakeError(ErrorCode::kUnavailable, "send", "broken"));
    if (!ack.ok()) {
      stream.reset();
      continue;
    }
    acked = *ack;
    if (killed && recovered_at == Clock::time_point{}) recovered_at = Clock::now();
  }
  ASSERT_TRUE(killed);
  ASSERT_EQ(acked, kTotal) << "ingest did not resume by itself\n"
                           << hq::ReadFile(dir_ + "/server.log");
  EXPECT_TRUE(server_->running()) << "the server died with its database";
  // Backends outlive a killed postmaster briefly: when the rest of the batches were committed
  // in that moment, the server has yet to notice and start PostgreSQL again. It must, by itself.
  EXPECT_TRUE(WaitFor([&] { return PostmasterPid() != old_postmaster && Sql("SELECT 1").ok(); },
                      std::chrono::minutes(2)))
      << "PostgreSQL was not started again\n"
      << hq::ReadFile(dir_ + "/server.log");
  EXPECT_NE(PostmasterPid(), old_postmaster);
  std::printf("recovery: first ack %.1f s after the kill, %llu reconnects\n",
              std::chrono::duration<double>(recovered_at - killed_at).count(),
              static_cast<unsigned long long>(reconnects));

  // Every acknowledged result is there, exactly once, and the chain is intact.
  auto rows =
      Sql("SELECT count(*) || '|' || count(DISTINCT sequence) || '|' || max(sequence) FROM "
          "check_results WHERE device_id = '" +
          terminal->device_id() + "'");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  EXPECT_EQ(*rows, "400|400|400");
  auto verify = RunCommand({KAKUNIN_SERVER_BIN, "audit", "verify", "--data-dir", data_});
  ASSERT_TRUE(verify.ok());
  EXPECT_EQ(verify->exit_code, 0) << verify->output << verify->error_output;
  EXPECT_NE(hq::ReadFile(dir_ + "/server.log").find("embedded PostgreSQL running again"),
            std::string::npos);
}

TEST_F(PostgresKill, AServerRestartedRightAfterAKillStartsItsOwnCluster) {
  // Several rounds: kill -9 the server (its PostgreSQL then shuts down, being orphaned) and
  // start it again at once. Each start must come up on a cluster of its own.
  StartServer();
  for (int round = 0; round < 5; ++round) {
    pid_t before = PostmasterPid();
    ASSERT_GT(before, 0);
    server_->Kill();
    StartServer();
    EXPECT_NE(PostmasterPid(), before) << "round " << round << ": attached to the dying cluster";
    auto one = Sql("SELECT 1");
    ASSERT_TRUE(one.ok()) << one.error().ToString();
    EXPECT_EQ(*one, "1");
  }
}

}  // namespace
}  // namespace kakunin::testing
