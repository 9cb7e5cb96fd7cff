// What the terminal-files route reads from names and fields others wrote (agent/daemon/
// terminal_file_names.h), without folders or processes: ProcessExecutionTime in Japan time, in
// range or refused (13 or 15 digits, a sign, month 13, hour 24); an execution time far from now
// is not believed; our own files' ids come out of their names, and other names (the receipt
// computer's, a dot in the wrong place, another extension) are not ours.
#include "agent/daemon/terminal_file_names.h"

#include <gtest/gtest.h>

#include <string>

namespace kakunin::agent {
namespace {

TEST(TerminalFileNamesTest, CompactTimeInRangeOrRefused) {
  EXPECT_EQ(ParseCompactTime("19700101000000"), 0);
  EXPECT_EQ(ParseCompactTime("20240229235959"), 1709251199);
  EXPECT_EQ(ParseCompactTime("20240231000000"), ParseCompactTime("20240302000000"));  // rolls on
  for (const char* bad : {"", "2024022923595", "202402292359590", "2024-2-29 1:2:",
                          "20241301000000", "20240100000000", "20240229240000", "20240229236000",
                          "20240229235962", "+0240229235959", "２０２４０２２９２３５９５９"}) {
    EXPECT_EQ(ParseCompactTime(bad), std::nullopt) << bad;
  }
}

TEST(TerminalFileNamesTest, ExecutionTimeIsJapanTimeAndNearNow) {
  const std::time_t now = 1709251199;  // 2024-02-29 23:59:59 UTC = 2024-03-01 08:59:59 JST
  EXPECT_EQ(ExecutionTimeUtc("20240301085959", now), now);
  EXPECT_EQ(ExecutionTimeUtc("20240301090959", now), std::nullopt);  // ten minutes ahead
  EXPECT_EQ(ExecutionTimeUtc("20240227085959", now), std::nullopt);  // two days old
  EXPECT_EQ(ExecutionTimeUtc("", now), std::nullopt);
}

TEST(TerminalFileNamesTest, OwnFilesAreKnownByTheirNames) {
  bool error_file = true;
  EXPECT_EQ(OwnFileId("OQSsiquc01res_KKN123.xml", &error_file), "KKN123");
  EXPECT_FALSE(error_file);
  EXPECT_EQ(OwnFileId("OQSsiquc01req_KKN123.err", &error_file), "KKN123");
  EXPECT_TRUE(error_file);
  for (const char* other :
       {"OQSsiquc01res_ABC123.xml", "OQSsiquc01res_KKN123.txt", "OQSsiquc01res_KKN123",
        "OQSsiquc01res_face_KKN1.xml", "KKN123.xml", "", "OQSsiquc01res_KKN"}) {
    EXPECT_EQ(OwnFileId(other, &error_file), std::nullopt) << other;
  }
}

}  // namespace
}  // namespace kakunin::agent
