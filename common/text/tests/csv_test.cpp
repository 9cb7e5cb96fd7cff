// RFC 4180 as spreadsheets write it, and the malformed files people hand-edit.
#include "common/text/csv.h"

#include <gtest/gtest.h>

namespace kakunin::text {
namespace {

std::vector<std::vector<std::string>> Fields(std::string_view text) {
  auto r = ParseCsv(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  std::vector<std::vector<std::string>> out;
  if (r.ok()) {
    for (const auto& rec : *r) out.push_back(rec.fields);
  }
  return out;
}

TEST(Csv, PlainAndQuotedFields) {
  using V = std::vector<std::vector<std::string>>;
  EXPECT_EQ(Fields("a,b,c\r\n1,2,3\r\n"), (V{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(Fields("\"a,b\",\"say \"\"hi\"\"\",\r\n"), (V{{"a,b", "say \"hi\"", ""}}));
  EXPECT_EQ(Fields("x,\"line 1\r\nline 2\",y"), (V{{"x", "line 1\nline 2", "y"}}));
  EXPECT_EQ(Fields("a\nb\rc"), (V{{"a"}, {"b"}, {"c"}}));
  EXPECT_EQ(Fields("\"\""), (V{{""}}));
  EXPECT_TRUE(Fields("").empty());
}

TEST(Csv, RecordNumbersCountBlankRowsAndLinesCountBreaks) {
  auto r = ParseCsv("h\r\n\r\n\"a\nb\"\r\nc\r\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].record, 3);  // the blank row 2 is skipped but counted
  EXPECT_EQ((*r)[1].line, 3);
  EXPECT_EQ((*r)[2].record, 4);
  EXPECT_EQ((*r)[2].line, 5);  // the quoted field spanned two lines
}

TEST(Csv, MalformedFilesNameTheLine) {
  struct Case {
    std::string_view text, reason, line;
  } cases[] = {
      {"a\n\"open", "csv.unterminated_quote", "line 2"},
      {"a\nb\"c\n", "csv.bad_quote", "line 2"},
      {"\"a\"b\n", "csv.bad_quote", "line 1"},
  };
  for (const auto& c : cases) {
    auto r = ParseCsv(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().reason(), c.reason) << c.text;
    EXPECT_NE(r.error().message().find(c.line), std::string::npos) << r.error().message();
    EXPECT_EQ("line " + std::to_string(CsvErrorLine(r.error())), c.line);
  }
  EXPECT_EQ(CsvErrorLine(MakeError(ErrorCode::kInvalidArgument, "csv.bad_quote", "no line")), 0);
}

TEST(Csv, Limits) {
  auto many = ParseCsv("a\nb\nc\n", {.max_records = 2, .max_fields = 10});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().reason(), "csv.too_many_records");
  auto wide = ParseCsv("a,b,c\n", {.max_records = 10, .max_fields = 2});
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().reason(), "csv.too_many_fields");
}

TEST(Csv, FieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("薬局"), "薬局");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  // What a spreadsheet could run is kept as text, full-width forms too (a name typed by a
  // terminal or a store opens in HQ's Excel).
  EXPECT_EQ(CsvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("＝1+1"), "'＝1+1");
  EXPECT_EQ(CsvField("＋81"), "'＋81");
  EXPECT_EQ(CsvField("－1"), "'－1");
  EXPECT_EQ(CsvField("＠a"), "'＠a");
  EXPECT_EQ(CsvField("本町＝駅前"), "本町＝駅前");
  auto back = ParseCsv(CsvField("x\ny") + "," + CsvField("\"") + "\n");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].fields, (std::vector<std::string>{"x\ny", "\""}));
}

}  // namespace
}  // namespace kakunin::text
