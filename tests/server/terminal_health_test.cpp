// What a terminal's heartbeats say of its card reader and its outbox, through a real
// kakunin-server on its own PostgreSQL: terminals speak over mutual TLS (tests/server/
// hq_fixture.h), the console API and /metrics are read as the console and Prometheus read them.
// - A heartbeat saying "no_reader" and "cannot_save" shows on the console's device row (with 3
//   checks held unsaved, and since when) and in the gauges; a later "ready"/"ok" clears both.
// - A heartbeat whose states are 10 KB, or a newer agent's id, is kept as "unknown" (never raw),
//   counted nowhere; the stream goes on (its results are still acknowledged) and the other
//   terminal's row is untouched. One that is not UTF-8 does not parse: the server ends that
//   stream alone, the row keeps what it had, and the terminal connects again.
// Every wait is on a condition with a bound (the flush is coalesced, about once a second).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <functional>
#include <map>
#include <thread>

#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

constexpr char kSite[] = "honcho";
constexpr auto kWait = std::chrono::seconds(30);

class TerminalHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("kakunin-health");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局",
                                {"--metrics-listen", "127.0.0.1:" + std::to_string(FreeTcpPort())});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_));
    auto token = ConsoleLogin(*console_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    token_ = *token;
  }
  void TearDown() override {
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static Status Beat(TerminalStream& s, const std::string& reader, const std::string& store,
                     uint64_t unsaved = 0) {
    v1::AgentMessage m;
    auto* hb = m.mutable_heartbeat();
    hb->set_outbox_depth(unsaved > 0 ? 0 : 1);
    hb->set_reader_status(reader);
    hb->set_store_status(store);
    hb->set_unsaved_results(unsaved);
    hb->set_agent_version("0.2.0");
    return s.Write(m);
  }
  std::map<std::string, v1::Device> Devices() {
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    v1::ListDevicesResponse resp;
    auto status = console_->ListDevices(&ctx, v1::ListDevicesRequest(), &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::map<std::string, v1::Device> out;
    for (const auto& d : resp.devices()) out[d.device_id()] = d;
    return out;
  }
  // Waits until `device`'s row satisfies `wanted`; the row as last read.
  v1::Device WaitRow(const std::string& device, const std::function<bool(const v1::Device&)>& ok) {
    v1::Device last;
    WaitFor(
        [&] {
          last = Devices()[device];
          return ok(last);
        },
        kWait);
    return last;
  }
  std::string Scrape() {
    auto r = HttpGet(rig_->metrics_port(), "/metrics");
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? r->body : "";
  }
  // Waits until both gauges read as given (the server reads them from the database every
  // second).
  bool GaugesAre(double without_reader, double store_failing) {
    std::string body;
    return WaitFor(
        [&] {
          body = Scrape();
          return MetricValue(body, "kakunin_terminals_without_reader") == without_reader &&
                 MetricValue(body, "kakunin_terminals_store_failing") == store_failing;
        },
        kWait);
  }

  std::string dir_, token_;
  std::unique_ptr<ServerRig> rig_;
  std::unique_ptr<v1::ConsoleService::Stub> console_;
};

TEST_F(TerminalHealthTest, AMissingReaderAndUnsavedChecksShowUntilTheTerminalSaysOtherwise) {
  auto terminal = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
  auto stream = TerminalStream::Open(*rig_, *terminal);
  ASSERT_TRUE(stream.ok()) << stream.error().ToString();
  const std::string id = terminal->device_id;

  ASSERT_TRUE(Beat(**stream, "no_reader", "cannot_save", 3).ok());
  auto row = WaitRow(id, [](const v1::Device& d) { return d.store_status() == "cannot_save"; });
  EXPECT_EQ(row.reader_status(), "no_reader");
  EXPECT_EQ(row.store_status(), "cannot_save");
  EXPECT_EQ(row.unsaved_results(), 3u);
  EXPECT_GT(row.reader_status_since().seconds(), 0);
  EXPECT_GT(row.store_status_since().seconds(), 0);
  EXPECT_TRUE(GaugesAre(1, 1)) << Scrape();
  const int64_t missing_since = row.reader_status_since().seconds();

  // The same state again: its time stays the time it began.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_TRUE(Beat(**stream, "no_reader", "cannot_read").ok());
  row = WaitRow(id, [](const v1::Device& d) { return d.store_status() == "cannot_read"; });
  EXPECT_EQ(row.reader_status_since().seconds(), missing_since);
  EXPECT_EQ(row.unsaved_results(), 0u);
  EXPECT_TRUE(GaugesAre(1, 1)) << Scrape();

  // A daemon just started, that has not looked at its reader yet, says nothing of it: HQ keeps
  // what it knew, and since when.
  ASSERT_TRUE(Beat(**stream, "", "ok").ok());
  row = WaitRow(id, [](const v1::Device& d) { return d.store_status() == "ok"; });
  EXPECT_EQ(row.reader_status(), "no_reader");
  EXPECT_EQ(row.reader_status_since().seconds(), missing_since);
  EXPECT_TRUE(GaugesAre(1, 0)) << Scrape();

  // The reader is plugged in and the outbox works again: nothing is left to show or count.
  ASSERT_TRUE(Beat(**stream, "ready", "ok").ok());
  row = WaitRow(id, [](const v1::Device& d) { return d.reader_status() == "ready"; });
  EXPECT_EQ(row.store_status(), "ok");
  EXPECT_EQ(row.unsaved_results(), 0u);
  EXPECT_TRUE(GaugesAre(0, 0)) << Scrape();
}

TEST_F(TerminalHealthTest, WhatHqDoesNotKnowIsKeptAsUnknownAndTouchesNobodyElse) {
  auto honest = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(honest.ok()) << honest.error().ToString();
  auto junk = EnrollTerminal(*rig_, kSite);
  ASSERT_TRUE(junk.ok()) << junk.error().ToString();
  auto honest_stream = TerminalStream::Open(*rig_, *honest);
  ASSERT_TRUE(honest_stream.ok()) << honest_stream.error().ToString();
  auto junk_stream = TerminalStream::Open(*rig_, *junk);
  ASSERT_TRUE(junk_stream.ok()) << junk_stream.error().ToString();

  ASSERT_TRUE(Beat(**honest_stream, "no_reader", "ok").ok());
  // 10 KB of a reader state, and an outbox state HQ does not know.
  ASSERT_TRUE(Beat(**junk_stream, std::string(10 * 1024, 'r'), "cannot_save_or_something").ok());
  auto row =
      WaitRow(junk->device_id, [](const v1::Device& d) { return !d.store_status().empty(); });
  EXPECT_EQ(row.reader_status(), "unknown");
  EXPECT_EQ(row.store_status(), "unknown");
  auto other = WaitRow(honest->device_id,
                       [](const v1::Device& d) { return d.reader_status() == "no_reader"; });
  EXPECT_EQ(other.reader_status(), "no_reader");
  EXPECT_EQ(other.store_status(), "ok");
  EXPECT_TRUE(GaugesAre(1, 0)) << Scrape();
  EXPECT_EQ(
      Trim(*rig_->pg().Psql("kakunin", "SELECT max(octet_length(reader_status)) FROM devices")),
      "9");

  // A newer agent's state: unknown too, and the stream goes on (its results are stored).
  ASSERT_TRUE(Beat(**junk_stream, "ready", "on_fire").ok());
  row = WaitRow(junk->device_id, [](const v1::Device& d) { return d.reader_status() == "ready"; });
  EXPECT_EQ(row.store_status(), "unknown");
  auto acked = (*junk_stream)->Send(MakeResults(1, 2));
  ASSERT_TRUE(acked.ok()) << acked.error().ToString();
  EXPECT_EQ(*acked, 2u);

  // A state that is not UTF-8 never reaches the server's code: the message does not parse as a
  // proto3 string, and the server ends that stream alone. The row keeps what it had.
  (void)Beat(**junk_stream, "ready", "cannot_save\xff\xfe");
  auto ended = (*junk_stream)->ReadUntil([](const v1::ServerMessage&) { return false; });
  EXPECT_FALSE(ended.ok());
  // The other terminal's stream and row are untouched, and the terminal itself comes back.
  ASSERT_TRUE(Beat(**honest_stream, "ready", "ok").ok());
  EXPECT_EQ(
      WaitRow(honest->device_id, [](const v1::Device& d) { return d.reader_status() == "ready"; })
          .store_status(),
      "ok");
  // Read once that later heartbeat is stored: heartbeats are written together, so a broken one
  // taken before it would show by now.
  row = Devices()[junk->device_id];
  EXPECT_EQ(row.reader_status(), "ready");
  EXPECT_EQ(row.store_status(), "unknown");
  auto again = TerminalStream::Open(*rig_, *junk);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  ASSERT_TRUE(Beat(**again, "ready", "ok").ok());
  EXPECT_EQ(WaitRow(junk->device_id, [](const v1::Device& d) { return d.store_status() == "ok"; })
                .store_status(),
            "ok");
  EXPECT_TRUE(GaugesAre(0, 0)) << Scrape();
}

}  // namespace
}  // namespace kakunin::testing::hq
