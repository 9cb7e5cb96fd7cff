// The terminal-files watcher's memory of names: a face file deleted by the receipt computer is
// counted as vanished only when it went unread, exactly once, whichever of the folder event and
// the listing notices first (the Windows agent once counted a recorded file: its delete event
// came after a listing had already forgotten the name).
#include "agent/daemon/seen_files.h"

#include <gtest/gtest.h>

namespace kakunin::agent {
namespace {

using namespace std::chrono_literals;
using Clock = SeenFiles::Clock;
using Names = std::vector<std::string>;

TEST(SeenFiles, AReadFileDroppedByAListingIsNotCountedWhenItsDeleteEventArrivesLater) {
  SeenFiles seen(30s);
  const auto t0 = Clock::now();
  seen.At("a.xml").done = true;
  EXPECT_EQ(seen.Listed({}, t0), Names{});
  // The late events for the same name: neither counts.
  EXPECT_TRUE(seen.At("a.xml").done);
  EXPECT_FALSE(seen.Gone("a.xml"));
  EXPECT_EQ(seen.size(), 0u);
}

TEST(SeenFiles, AnUnreadFileIsCountedOnceWhicheverSourceSeesItFirst) {
  const auto t0 = Clock::now();
  {
    SeenFiles seen;
    seen.At("b.xml");  // looked at, not yet readable
    EXPECT_EQ(seen.Listed({}, t0), Names{"b.xml"});
    EXPECT_FALSE(seen.Gone("b.xml"));
  }
  {
    SeenFiles seen;
    seen.At("b.xml");
    EXPECT_TRUE(seen.Gone("b.xml"));
    EXPECT_EQ(seen.Listed({}, t0), Names{});
  }
}

TEST(SeenFiles, FinishedNamesAreForgottenAfterTheGraceAndKeptWhileListed) {
  SeenFiles seen(30s);
  const auto t0 = Clock::now();
  seen.At("kept.xml").done = true;
  seen.At("gone.xml").done = true;
  EXPECT_EQ(seen.Listed({"kept.xml"}, t0), Names{});
  EXPECT_EQ(seen.Listed({"kept.xml"}, t0 + 29s), Names{});
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen.Listed({"kept.xml"}, t0 + 30s), Names{});
  EXPECT_EQ(seen.size(), 1u);
  // Listed for hours: never forgotten while the file is there.
  EXPECT_EQ(seen.Listed({"kept.xml"}, t0 + 5h), Names{});
  EXPECT_TRUE(seen.At("kept.xml").done);
}

TEST(SeenFiles, ANameThatComesBackWithinTheGraceIsRememberedAgainInFull) {
  SeenFiles seen(30s);
  const auto t0 = Clock::now();
  seen.At("c.xml").done = true;
  EXPECT_EQ(seen.Listed({}, t0), Names{});
  EXPECT_EQ(seen.Listed({"c.xml"}, t0 + 10s), Names{});
  // Missing again later: the grace starts over from then.
  EXPECT_EQ(seen.Listed({}, t0 + 40s), Names{});
  EXPECT_EQ(seen.Listed({}, t0 + 69s), Names{});
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.Listed({}, t0 + 70s), Names{});
  EXPECT_EQ(seen.size(), 0u);
}

TEST(SeenFiles, ClearForgetsEverythingForANewFolder) {
  SeenFiles seen;
  seen.At("d.xml");
  seen.Clear();
  EXPECT_EQ(seen.Listed({}, Clock::now()), Names{});
  EXPECT_FALSE(seen.Gone("d.xml"));
}

}  // namespace
}  // namespace kakunin::agent
