// Bulk onboarding of stores (issue 19) against a real HQ (PostgreSQL + kakunin-server): the
// 55-store file (tests/data/site_import/stores_55.csv: 50 clean, 5 with one mistake each) in
// UTF-8 and CP932. `kakunin-server site import` reports every bad row and saves nothing
// (exit 2), or only the clean rows on request; the console's ImportSites does the same checks,
// adds the database's (a code another site holds), and saves in one transaction with one
// "site.imported" audit event per store.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "common/text/charset.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::testing::hq {
namespace {

class SiteImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir("kakunin-site-import");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, "honcho", "本町薬局");
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    console_ = v1::ConsoleService::NewStub(HqChannel(*rig_)).release();
    auto token = ConsoleLogin(*console_, "admin", kAdminPassword);
    ASSERT_TRUE(token.ok()) << token.error().ToString();
    token_ = *token;
  }
  static void TearDownTestSuite() {
    delete console_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  static std::string Psql(const std::string& sql) {
    auto out = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? Trim(*out) : "";
  }
  static std::string WriteFile(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static CommandOutput Import(const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {KAKUNIN_SERVER_BIN, "site", "import", "--db", rig_->dsn()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto out = RunCommand(argv);
    EXPECT_TRUE(out.ok()) << out.error().ToString();
    return out.ok() ? *out : CommandOutput{};
  }
  static grpc::Status ImportRpc(const std::string& csv, bool dry_run, bool clean_rows_only,
                                v1::ImportSitesResponse* resp) {
    v1::ImportSitesRequest req;
    req.set_csv(csv);
    req.set_dry_run(dry_run);
    req.set_clean_rows_only(clean_rows_only);
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    return console_->ImportSites(&ctx, req, resp);
  }

  static inline std::string dir_;
  static inline ServerRig* rig_ = nullptr;
  static inline v1::ConsoleService::Stub* console_ = nullptr;
  static inline std::string token_;
};

TEST_F(SiteImportTest, CommandLineReportsRowsAndSavesOnlyWhatItMay) {
  const std::string utf8 = ReadFile(KAKUNIN_SITE_IMPORT_FIXTURE);
  ASSERT_FALSE(utf8.empty());
  auto sjis = text::Utf8ToCp932(utf8);
  ASSERT_TRUE(sjis.ok());
  const std::string utf8_path = WriteFile("stores.csv", utf8);
  const std::string sjis_path = WriteFile("stores_sjis.csv", *sjis);
  const std::string before = Psql("SELECT count(*) FROM sites");

  // A dry run and a plain run over a file with errors: every bad row reported, nothing saved.
  for (const auto& args :
       {std::vector<std::string>{utf8_path, "--dry-run"}, std::vector<std::string>{utf8_path}}) {
    auto out = Import(args);
    EXPECT_EQ(out.exit_code, 2) << out.output << out.error_output;
    EXPECT_NE(out.output.find("文字コード utf-8、55 行（正しい行 50、エラーのある行 5）"),
              std::string::npos)
        << out.output;
    for (const char* expected :
         {"5 行目\t医療機関等コード\t医療機関等コードが9桁です", "16 行目\t医療機関等コード\t",
          "27 行目\t電話番号\t電話番号に全角文字があります", "38 行目\tメールアドレス\t",
          "49 行目\t施設種別\t施設種別が分かりません"}) {
      EXPECT_NE(out.output.find(expected), std::string::npos) << expected << "\n" << out.output;
    }
  }
  EXPECT_EQ(Psql("SELECT count(*) FROM sites"), before);
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'site.imported'"), "0");

  // The clean rows of the Shift_JIS file, on request: 50 stores, 50 audit events.
  auto out = Import({sjis_path, "--clean-rows-only"});
  EXPECT_EQ(out.exit_code, 0) << out.output << out.error_output;
  EXPECT_NE(out.output.find("文字コード cp932"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("50 店舗を取り込みました。"), std::string::npos) << out.output;
  EXPECT_EQ(Psql("SELECT count(*) FROM sites WHERE site_id LIKE 'site-%'"), "50");
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'site.imported' AND actor = "
                 "'cli:site-import'"),
            "50");
  // What the file said is what is stored, Japanese intact.
  EXPECT_EQ(Psql("SELECT name || '|' || prefecture || '|' || facility_kind || '|' || "
                 "(settings->>'address') || '|' || (settings->>'email') FROM sites WHERE "
                 "institution_code = '0145010005'"),
            "かくにん薬局 札幌駅前店|01|pharmacy|北海道札幌市北区北七条西4-1-2|"
            "store001@kakunin-yakkyoku.example.jp");

  // Importing it again updates the same 50 stores: no duplicates.
  out = Import({utf8_path, "--clean-rows-only"});
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(Psql("SELECT count(*) FROM sites WHERE site_id LIKE 'site-%'"), "50");
}

TEST_F(SiteImportTest, ConsoleImportIsAllOrNothingAndKnowsTheDatabase) {
  // honcho's code, under another id, and two new stores.
  v1::ListSitesResponse sites;
  {
    grpc::ClientContext ctx;
    Authorize(&ctx, token_);
    ASSERT_TRUE(console_->ListSites(&ctx, v1::ListSitesRequest(), &sites).ok());
  }
  std::string honcho_code;
  for (const auto& s : sites.sites()) {
    if (s.site_id() == "honcho") honcho_code = s.institution_code();
  }
  ASSERT_FALSE(honcho_code.empty());
  const std::string header = "店舗ID,医療機関等名,医療機関等コード,施設種別,営業時間\r\n";
  const std::string clean = header +
                            "kita,かくにん薬局 北店,4741234563,薬局,9:00〜18:00\r\n"
                            "minami,かくにん薬局 南店,4741234571,大型チェーン薬局,\r\n";
  const std::string with_taken_code = clean + "copy,本町薬局の写し," + honcho_code + ",薬局,\r\n";

  v1::ImportSitesResponse resp;
  ASSERT_TRUE(ImportRpc(with_taken_code, false, false, &resp).ok());
  EXPECT_EQ(resp.saved(), 0);
  EXPECT_EQ(resp.error_rows(), 1);
  ASSERT_EQ(resp.rows_size(), 3);
  ASSERT_EQ(resp.rows(2).errors_size(), 1);
  EXPECT_EQ(resp.rows(2).errors(0).reason(), "import.code_in_use");
  EXPECT_EQ(resp.rows(2).errors(0).column(), "institution_code");
  EXPECT_EQ(resp.rows(2).errors(0).message(),
            "この医療機関等コードは店舗「honcho」で登録済みです。");
  EXPECT_EQ(Psql("SELECT count(*) FROM sites WHERE site_id IN ('kita', 'minami', 'copy')"), "0");

  // A dry run of the clean file says what would happen and saves nothing.
  resp.Clear();
  ASSERT_TRUE(ImportRpc(clean, true, false, &resp).ok());
  EXPECT_EQ(resp.error_rows(), 0);
  EXPECT_EQ(resp.saved(), 0);
  EXPECT_EQ(resp.encoding(), "utf-8");
  EXPECT_EQ(resp.columns_size(), 5);
  EXPECT_EQ(Psql("SELECT count(*) FROM sites WHERE site_id IN ('kita', 'minami')"), "0");

  // The real import: two stores, two audit events naming the user.
  resp.Clear();
  ASSERT_TRUE(ImportRpc(clean, false, false, &resp).ok());
  EXPECT_EQ(resp.saved(), 2);
  EXPECT_EQ(Psql("SELECT string_agg(site_id || ':' || facility_kind, ',' ORDER BY site_id) FROM "
                 "sites WHERE site_id IN ('kita', 'minami')"),
            "kita:pharmacy,minami:chain_pharmacy");
  EXPECT_EQ(Psql("SELECT count(*) FROM audit_log WHERE event = 'site.imported' AND actor = "
                 "'user:admin' AND site_id IN ('kita', 'minami')"),
            "2");

  // A file that is not a store list is reported as such, not as a failed call.
  resp.Clear();
  ASSERT_TRUE(ImportRpc("氏名,生年月日\r\n山田太郎,1970-01-01\r\n", false, false, &resp).ok());
  EXPECT_EQ(resp.file_error_reason(), "import.unknown_column");
  EXPECT_NE(resp.file_error_message().find("見出し「氏名」"), std::string::npos);
}

}  // namespace
}  // namespace kakunin::testing::hq
