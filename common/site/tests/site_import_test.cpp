// The bulk import of stores (issue 19), pure: both encodings, every kind of bad row placed on
// its row and cell, and the files that cannot be read at all. The 55-store fixture
// (tests/data/site_import/stores_55.csv) is what the console and server tests import too.
#include "common/site/site_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/text/charset.h"

namespace kakunin::site {
namespace {

const std::string kHeader =
    "医療機関等名,医療機関等コード,施設種別,経過措置,経過措置の期日,電話番号,メールアドレス,住所,"
    "営業時間\r\n";

std::string ReadFixture() {
  std::ifstream in(KAKUNIN_SITE_IMPORT_FIXTURE, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "row:column:reason" for every error, in order.
std::vector<std::string> Errors(const ImportPlan& plan) {
  std::vector<std::string> out;
  for (const auto& r : plan.rows) {
    for (const auto& e : r.errors) {
      out.push_back(std::to_string(r.row) + ":" +
                    std::string(e.column ? ImportColumnId(*e.column) : "row") + ":" + e.reason);
    }
  }
  return out;
}

TEST(SiteImport, CleanFileInEveryEncoding) {
  const std::string utf8 = kHeader +
                           "本町薬局,1341234566,薬局,,,0312345678,honcho@example.jp,"
                           "\"東京都中央区日本橋本町1-1\",\"9:00～19:00, 土曜 9:00～13:00\"\r\n"
                           "駅前クリニック,1311234566,診療所,(2),2025/9/30,,,,\r\n";
  auto sjis = text::Utf8ToCp932(utf8);
  ASSERT_TRUE(sjis.ok());
  struct Case {
    std::string bytes;
    text::SourceEncoding encoding;
  } cases[] = {{utf8, text::SourceEncoding::kUtf8},
               {std::string(text::kUtf8Bom) + utf8, text::SourceEncoding::kUtf8Bom},
               {*sjis, text::SourceEncoding::kCp932}};
  for (const auto& c : cases) {
    auto plan = ParseSiteImport(c.bytes);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    EXPECT_EQ(plan->encoding, c.encoding);
    EXPECT_EQ(Errors(*plan), std::vector<std::string>{});
    ASSERT_EQ(plan->rows.size(), 2u);
    const auto& a = plan->rows[0].site;
    EXPECT_EQ(plan->rows[0].row, 2);
    EXPECT_EQ(a.fields.site_id, "site-1341234566");
    EXPECT_EQ(a.fields.name, "本町薬局");
    EXPECT_EQ(a.fields.facility_kind, "pharmacy");
    EXPECT_EQ(a.prefecture, "13");
    // Japanese Windows writes ～ (U+FF5E) for 〜: the form that survives CP932.
    EXPECT_EQ(a.opening_hours, "9:00～19:00, 土曜 9:00～13:00");
    const auto& b = plan->rows[1].site;
    EXPECT_EQ(b.fields.facility_kind, "clinic");
    EXPECT_EQ(b.fields.measure_category, 2);
    EXPECT_EQ(b.fields.measure_event_date, "2025-09-30");
  }
}

TEST(SiteImport, EveryKindOfBadRowOnItsCell) {
  std::string file = "店舗ID," + kHeader;
  const char* rows[] = {
      // 2: good
      ",本町薬局,1341234566,薬局,,,,,,",
      // 3: check digit (medical: no override)
      ",駅前内科,1311234568,診療所,,,,,,",
      // 4: pharmacy mismatch without a reason
      ",北口薬局,1341234567,薬局,,,,,,",
      // 5: leading zero lost by the spreadsheet
      ",札幌薬局,145010005,薬局,,,,,,",
      // 6: 点数表 against the kind
      ",南口薬局,1311234566,薬局,,,,,,",
      // 7: unknown kind
      ",東口ドラッグ,1341234640,ドラッグストア,,,,,,",
      // 8: measure not a number, date not a date
      ",西口薬局,1341234574,薬局,そのうち,2025/13/01,,,,",
      // 9: measure for an exempt facility
      ",山田医院,1311234574,義務化対象外,2,,,,,",
      // 10: phone full-width, e-mail broken
      ",中央薬局,1341234582,薬局,,,０３１２３４５６７８,chuo@@example,,",
      // 11: phone with hyphens, blank name
      ",　,1341234590,薬局,,,03-1234-5678,,,",
      // 12: bad site id, date without a measure
      "Ekimae!,駅前薬局,1341234608,薬局,,2025-03-31,,,,",
      // 13: duplicate code (row 2's)
      ",本町薬局 別館,1341234566,薬局,,,,,,",
      // 14: a value under no header
      ",南薬局,1341234616,薬局,,,,,,,余分",
      // 15: unreadable character
      ",\xEF\xBF\xBD\xEF\xBF\xBD薬局,1341234624,薬局,,,,,,",
      // 16: too long
      ",薬局,1341234632,薬局,,,,,,",
  };
  for (const char* r : rows) file += std::string(r) + "\r\n";
  // Row 16's address is 201 characters.
  std::string long_address(201 * 3, '\0');
  long_address.clear();
  for (int i = 0; i < 201; ++i) long_address += "町";
  file.replace(file.rfind(",,\r\n"), 4, "," + long_address + ",\r\n");

  auto plan = ParseSiteImport(file);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_EQ(plan->rows.size(), 15u);
  EXPECT_EQ(Errors(*plan), (std::vector<std::string>{
                               "3:institution_code:institution_code.check_digit_mismatch",
                               "4:institution_code:institution_code.override_reason_missing",
                               "5:institution_code:institution_code.leading_zero_lost",
                               "6:institution_code:institution_code.kind_mismatch",
                               "7:facility_kind:site.unknown_kind",
                               "8:transitional:site.measure_bad_category",
                               "8:transitional_event_date:site.measure_bad_date",
                               "9:transitional:site.measure_not_applicable",
                               "10:phone:site.phone_full_width",
                               "10:email:site.bad_email",
                               "11:name:site.name_missing",
                               "11:phone:site.bad_phone",
                               "12:transitional_event_date:import.date_without_measure",
                               "12:site_id:site.bad_id",
                               "13:institution_code:import.duplicate_code",
                               "14:row:import.extra_cells",
                               "15:name:import.bad_encoding",
                               "16:address:import.cell_too_long",
                           }));
  EXPECT_EQ(plan->error_rows(), 14);
  EXPECT_EQ(plan->clean_rows(), 1);
  // Messages are plain Japanese, with the numbers a person needs.
  EXPECT_EQ(plan->rows[1].errors[0].message,
            "医療機関等コードの検証番号（末尾）が合いません（計算上は "
            "6）。地方厚生局の通知で確かめてください。");
  EXPECT_EQ(plan->rows[11].errors[0].message, "2 行目と同じ医療機関等コードです。");
}

TEST(SiteImport, ShiftJisFileWithAnUndecodableByteFlagsOnlyThatCell) {
  auto sjis = text::Utf8ToCp932(kHeader +
                                "本町薬局,1341234566,薬局,,,,,,\r\n"
                                "駅前薬局,1341234574,薬局,,,,,XX,\r\n");
  ASSERT_TRUE(sjis.ok());
  std::string bytes = *sjis;
  bytes.replace(bytes.find("XX"), 2, "\x81");  // a lead byte followed by a comma
  auto plan = ParseSiteImport(bytes);
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_EQ(plan->encoding, text::SourceEncoding::kCp932);
  EXPECT_EQ(Errors(*plan), std::vector<std::string>{"3:address:import.bad_encoding"});
}

TEST(SiteImport, FilesThatCannotBeReadAtAll) {
  struct Case {
    std::string bytes, reason;
  } cases[] = {
      {"", "import.empty"},
      {kHeader, "import.no_rows"},
      {"医療機関等名,医療機関等コード\r\nA,1\r\n", "import.missing_column"},
      {"医療機関等名,医療機関等コード,施設種別,備考\r\n", "import.unknown_column"},
      {"name,名称,code,kind\r\n", "import.duplicate_column"},
      {kHeader + "\"本町薬局,1341234566\r\n", "csv.unterminated_quote"},
      {kHeader + "本町\"薬局,1341234566,薬局\r\n", "csv.bad_quote"},
  };
  for (const auto& c : cases) {
    auto plan = ParseSiteImport(c.bytes);
    ASSERT_FALSE(plan.ok()) << c.reason;
    EXPECT_EQ(plan.error().reason(), c.reason);
    EXPECT_FALSE(plan.error().message().empty());
  }
  // A malformed quote names the line in Japanese, never the parser's English words.
  auto quote = ParseSiteImport(kHeader + "本町\"薬局,1341234566,薬局\r\n");
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().message(),
            "CSV の形式が正しくありません: 引用符（\"）の使い方が正しくありません（2行目）。");
  std::string big = kHeader;
  for (int i = 0; i < 3; ++i) big += "本町薬局,1341234566,薬局,,,,,,\r\n";
  auto too_many = ParseSiteImport(big, {.max_rows = 2});
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().reason(), "import.too_many_rows");
  auto too_large = ParseSiteImport(big, {.max_file_bytes = 64});
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.error().reason(), "import.too_large");
}

TEST(SiteImport, EnglishHeadersAnyOrder) {
  auto plan = ParseSiteImport(
      "Facility Kind,Institution_Code,Name,E-mail,site id\nclinic,1311234566,Clinic A,a@example.jp,"
      "clinic-a\n");
  ASSERT_TRUE(plan.ok()) << plan.error().ToString();
  EXPECT_EQ(Errors(*plan), std::vector<std::string>{});
  EXPECT_EQ(plan->rows[0].site.fields.site_id, "clinic-a");
  EXPECT_EQ(plan->rows[0].site.fields.email, "a@example.jp");
}

TEST(SiteImport, TheFiftyFiveStoreFixtureInBothEncodings) {
  const std::string utf8 = ReadFixture();
  ASSERT_FALSE(utf8.empty());
  auto sjis = text::Utf8ToCp932(utf8);
  ASSERT_TRUE(sjis.ok());
  for (const auto& bytes : {utf8, *sjis}) {
    auto plan = ParseSiteImport(bytes);
    ASSERT_TRUE(plan.ok()) << plan.error().ToString();
    EXPECT_EQ(plan->rows.size(), 55u);
    EXPECT_EQ(plan->error_rows(), 5);
    EXPECT_EQ(Errors(*plan), (std::vector<std::string>{
                                 "5:institution_code:institution_code.leading_zero_lost",
                                 "16:institution_code:institution_code.check_digit_mismatch",
                                 "27:phone:site.phone_full_width",
                                 "38:email:site.bad_email",
                                 "49:facility_kind:site.unknown_kind",
                             }));
  }
}

}  // namespace
}  // namespace kakunin::site
