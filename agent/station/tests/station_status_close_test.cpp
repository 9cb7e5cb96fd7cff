// Closing the staff window ends its status stream at any moment, also while the stream is still
// being placed. gRPC 1.51 loses the end of a callback-API call cancelled from another thread
// during its first pick (the console's live feed froze on it); the window's stream is a
// synchronous call, cancelled the same way. With cancels spread over a stream's first
// milliseconds, 4,500 rounds of this test saw no loss, so its cancel is not held back as the
// console's is; this test is what says so, and fails (instead of hanging) if that changes.
// Each round is a new window's backend (a new channel) against the real gRPC client.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>

#include "agent/station/client/station_backend.h"
#include "agent/station/client/status_watcher.h"
#include "agent/station/tests/fake_agent.h"

namespace kakunin::station {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

void BusyFor(microseconds span) {
  const auto end = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < end) {
  }
}

// Closes as the window does (CancelAll, then Stop) and fails the test, instead of hanging it,
// when the close does not return.
void CloseWithin(StationBackend* backend, StatusWatcher* watcher, seconds bound, int round) {
  auto closed = std::async(std::launch::async, [&] {
    backend->CancelAll();
    watcher->Stop();
  });
  if (closed.wait_for(bound) == std::future_status::timeout) {
    std::fprintf(stderr, "round %d: the window's close did not return within %lld s\n", round,
                 static_cast<long long>(bound.count()));
    std::_Exit(1);  // the stuck thread cannot be joined; a hang would only reach the ctest timeout
  }
  closed.get();
}

TEST(StationStatusClose, TheStreamEndsAtAnyMoment) {
  testing::FakeAgent agent;
  v1::AgentStatus status;
  status.set_device_id("dev-close");
  agent.SetStatus(status);
  for (int round = 0; round < 300; ++round) {
    auto backend = MakeGrpcStationBackend(agent.address());
    StatusWatcher watcher(backend.get());
    watcher.Start();
    // Anywhere in the stream's first three milliseconds: where its pick is made.
    BusyFor(microseconds(round % 150 * 20));
    CloseWithin(backend.get(), &watcher, seconds(10), round);
  }
  EXPECT_GE(agent.watch_streams_opened(), 1);
}

// A daemon that accepted the stream and never wrote (hung, or overloaded): the cancel ends it, and
// the window closes.
TEST(StationStatusClose, ADaemonThatNeverAnswersDoesNotHoldTheClose) {
  testing::FakeAgent agent;  // no status set: its stream writes nothing
  auto backend = MakeGrpcStationBackend(agent.address());
  StatusWatcher watcher(backend.get());
  watcher.Start();
  while (agent.watch_streams_opened() == 0) std::this_thread::yield();
  const auto start = std::chrono::steady_clock::now();
  CloseWithin(backend.get(), &watcher, seconds(10), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(5));
}

// No daemon at all (its socket missing): the watcher is between attempts or in one; either way
// the close returns.
TEST(StationStatusClose, NoDaemonDoesNotHoldTheClose) {
  for (int round = 0; round < 100; ++round) {
    auto backend = MakeGrpcStationBackend("unix:/nonexistent/kakunin-agent.sock");
    StatusWatcher watcher(backend.get());
    watcher.Start();
    BusyFor(microseconds(round % 50 * 40));
    CloseWithin(backend.get(), &watcher, seconds(10), round);
  }
}

}  // namespace
}  // namespace kakunin::station
