// The JSON log format yields one valid JSON object per line, whatever the message holds.
#include "common/log/log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace kakunin {
namespace {

TEST(JsonLog, MessagesWithQuotesNewlinesAndJapaneseStayValidJson) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_formatter(MakeJsonFormatter("kakunin-test"));
  spdlog::logger logger("json-test", sink);
  const std::string message = "device \"dev-1\" says\nC:\\path\t\x01 本町薬局";
  logger.warn("{}", message);
  logger.flush();
  std::string line = out.str();
  ASSERT_FALSE(line.empty());
  ASSERT_EQ(line.find('\n'), line.size() - 1);  // exactly one line
  auto j = nlohmann::json::parse(line, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << line;
  EXPECT_EQ(j["msg"], message);
  EXPECT_EQ(j["level"], "warning");
  EXPECT_EQ(j["program"], "kakunin-test");
}

}  // namespace
}  // namespace kakunin
