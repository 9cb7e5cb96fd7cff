// The terminal health rules: what the heartbeat says of the outbox, and what HQ keeps of a
// terminal's words (known ids as sent, anything else "unknown", never raw).

#include "common/domain/terminal_health.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::domain {
namespace {

TEST(TerminalHealth, TheOutboxStateFollowsWhatTheDaemonKnows) {
  EXPECT_EQ(StoreStatusOf(0, false), "ok");
  EXPECT_EQ(StoreStatusOf(2, false), "cannot_save");
  EXPECT_EQ(StoreStatusOf(0, true), "cannot_read");
  // Unsaved checks are lost by a stop: they are what HQ hears first.
  EXPECT_EQ(StoreStatusOf(1, true), "cannot_save");
}

TEST(TerminalHealth, HqKeepsKnownIdsAndUnknownForAnythingElse) {
  struct Case {
    std::string reported, reader, store;
  };
  const Case cases[] = {
      {"", "", ""},
      {"ready", "ready", "unknown"},
      {"no_reader", "no_reader", "unknown"},
      {"card_present", "card_present", "unknown"},
      {"busy", "busy", "unknown"},
      {"not_answering", "not_answering", "unknown"},
      {"ok", "unknown", "ok"},
      {"cannot_save", "unknown", "cannot_save"},
      {"cannot_read", "unknown", "cannot_read"},
      {"READY", "unknown", "unknown"},
      {"ready ", "unknown", "unknown"},
      {std::string("ready\0x", 7), "unknown", "unknown"},
      {"\xff\xfe", "unknown", "unknown"},
      {std::string(10 * 1024, 'a'), "unknown", "unknown"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ReaderStatusAtHq(c.reported), c.reader) << c.reported.substr(0, 20);
    EXPECT_EQ(StoreStatusAtHq(c.reported), c.store) << c.reported.substr(0, 20);
  }
}

TEST(TerminalHealth, OnlyTheStatesThatNeedSomeoneAreCounted) {
  EXPECT_TRUE(ReaderMissing("no_reader"));
  for (const char* s : {"", "ready", "busy", "card_present", "not_answering", "unknown"}) {
    EXPECT_FALSE(ReaderMissing(s)) << s;
  }
  EXPECT_TRUE(StoreFailing("cannot_save"));
  EXPECT_TRUE(StoreFailing("cannot_read"));
  for (const char* s : {"", "ok", "unknown"}) EXPECT_FALSE(StoreFailing(s)) << s;
}

}  // namespace
}  // namespace kakunin::domain
