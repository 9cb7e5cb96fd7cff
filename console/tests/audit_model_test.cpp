// The audit model obeys Qt's model contract (QAbstractItemModelTester) through searches and
// "more" pages and shows one event in full (details pretty-printed, hashes in hex); exports
// write exactly the formats of common/audit/FORMAT.md (its worked example, byte for byte); and
// verification problems read as plain Japanese.
#include "console/models/audit_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QTranslator>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/audit/events.h"
#include "common/core/bytes.h"
#include "console/models/audit_export.h"
#include "console/models/labels.h"

namespace kakunin::console {
namespace {

std::string Unhex(const std::string& hex) { return ToString(*FromHex(hex)); }

// FORMAT.md §8: the worked example's record.
v1::AuditRecord WorkedExample() {
  v1::AuditRecord r;
  r.set_seq(1);
  r.mutable_at()->set_seconds(1743467400);
  r.set_event_type("check.result");
  r.set_actor("device:dev-12ab");
  r.set_site_id("site-001");
  r.set_device_id("dev-12ab");
  r.set_subject("chk-000042");
  r.set_details_json(R"({"outcome":"eligible"})");
  r.set_prev_hash(std::string(32, '\0'));
  r.set_hash(Unhex("b2e01f4338d2bc57222543b92d2a43b76fba37c6d42dfeb7fc5fa92f1ea039e4"));
  return r;
}

v1::AuditRecord Event(uint64_t seq, const std::string& type) {
  v1::AuditRecord r = WorkedExample();
  r.set_seq(seq);
  r.set_event_type(type);
  return r;
}

class AuditModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "audit_model_test";
    static char* argv[] = {name};
    app_ = new QCoreApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static QCoreApplication* app_;
};
QCoreApplication* AuditModelTest::app_ = nullptr;

TEST_F(AuditModelTest, KeepsTheModelContractThroughSearchesAndPages) {
  AuditModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.SetRecords({Event(5, "device.enrolled"), Event(4, "user.login")});
  model.AppendRecords({Event(3, "check.result")});
  model.AppendRecords({});
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.data(model.index(0, AuditModel::kEvent), Qt::DisplayRole).toString(),
            QStringLiteral("端末の登録"));
  EXPECT_EQ(model.data(model.index(0, 0), AuditModel::kEventIdRole).toString(),
            QStringLiteral("device.enrolled"));
  EXPECT_EQ(model.data(model.index(2, AuditModel::kSeq), Qt::DisplayRole).toULongLong(), 3u);
  // 2025-04-01T00:30:00Z is 9:30 in Japan.
  EXPECT_EQ(model.data(model.index(2, AuditModel::kTime), Qt::DisplayRole).toString(),
            QStringLiteral("2025年4月1日 9:30:00"));
  EXPECT_EQ(model.RecordAt(1)->event_type(), "user.login");
  EXPECT_FALSE(model.RecordAt(3).has_value());
  model.SetRecords({});
  EXPECT_EQ(model.rowCount(), 0);
}

TEST_F(AuditModelTest, DetailShowsEveryFieldWithPrettyJsonAndHexHashes) {
  QString text = AuditModel::DetailText(WorkedExample());
  EXPECT_TRUE(text.contains(QStringLiteral("\"outcome\": \"eligible\""))) << text.toStdString();
  EXPECT_TRUE(text.contains(
      QStringLiteral("b2e01f4338d2bc57222543b92d2a43b76fba37c6d42dfeb7fc5fa92f1ea039e4")));
  EXPECT_TRUE(text.contains(QString(64, QLatin1Char('0'))));
  EXPECT_TRUE(text.contains(QStringLiteral("確認結果の記録 (check.result)")));
  EXPECT_TRUE(text.contains(QStringLiteral("chk-000042")));
  // Details that are not JSON are shown as stored.
  auto odd = WorkedExample();
  odd.set_details_json("not json {");
  EXPECT_TRUE(AuditModel::DetailText(odd).contains(QStringLiteral("not json {")));
}

// Who acted reads as people say it; the stored id stays in the tooltip and the details, and the
// "By" filter takes a bare user name.
TEST_F(AuditModelTest, ActorsReadAsPeopleSayThem) {
  EXPECT_EQ(AuditModel::ActorText("user:tanaka"), QStringLiteral("ユーザー tanaka"));
  EXPECT_EQ(AuditModel::ActorText("login:tanaka"), QStringLiteral("ログインの試み（tanaka）"));
  EXPECT_EQ(AuditModel::ActorText("device:dev-12ab", QStringLiteral("本町薬局1号機")),
            QStringLiteral("端末 本町薬局1号機"));
  EXPECT_EQ(AuditModel::ActorText("device:dev-12ab"), QStringLiteral("端末 dev-12ab"));
  EXPECT_EQ(AuditModel::ActorText("enroll:192.0.2.10"),
            QStringLiteral("端末登録の試み（192.0.2.10）"));
  EXPECT_EQ(AuditModel::ActorText("system"), QStringLiteral("システム（自動処理）"));
  EXPECT_EQ(AuditModel::ActorText("system:programme-file"),
            QStringLiteral("システム（補助事業ファイル）"));
  EXPECT_EQ(AuditModel::ActorText("cli"), QStringLiteral("サーバーのコマンド"));
  EXPECT_EQ(AuditModel::ActorText("someone-else"), QStringLiteral("someone-else"));

  AuditModel model;
  model.SetRecords({WorkedExample()});
  model.SetNames({}, {{"dev-12ab", QStringLiteral("本町薬局1号機")}});
  EXPECT_EQ(model.data(model.index(0, AuditModel::kActor), Qt::DisplayRole).toString(),
            QStringLiteral("端末 本町薬局1号機"));
  EXPECT_EQ(model.data(model.index(0, AuditModel::kActor), Qt::ToolTipRole).toString(),
            QStringLiteral("device:dev-12ab"));
  EXPECT_TRUE(AuditModel::DetailText(WorkedExample(), {}, QStringLiteral("本町薬局1号機"))
                  .contains(QStringLiteral("端末 本町薬局1号機 (device:dev-12ab)")));

  // A failed login's name is a stranger's text: its tooltip reads as typed, never as markup.
  v1::AuditRecord stranger = WorkedExample();
  stranger.set_actor("login:<img src=file:///etc/kakunin/x.png><h1>HQ</h1>");
  model.SetRecords({stranger});
  const QString tip = model.data(model.index(0, AuditModel::kActor), Qt::ToolTipRole).toString();
  EXPECT_EQ(
      tip,
      QStringLiteral("<p>%1</p>").arg(QString::fromStdString(stranger.actor()).toHtmlEscaped()));
  EXPECT_FALSE(tip.contains(QStringLiteral("<img"))) << tip.toStdString();

  EXPECT_EQ(AuditModel::ActorFilter(QStringLiteral(" admin ")), "user:admin");
  EXPECT_EQ(AuditModel::ActorFilter(QStringLiteral("device:dev-12ab")), "device:dev-12ab");
  EXPECT_EQ(AuditModel::ActorFilter(QStringLiteral("system")), "system");
  EXPECT_EQ(AuditModel::ActorFilter(QString()), "");
}

TEST_F(AuditModelTest, CsvExportIsTheDocumentedFormat) {
  v1::QueryAuditResponse page;
  *page.add_records() = WorkedExample();
  EXPECT_EQ(AuditCsvHeader() + AuditCsvRows(page),
            "seq,at,at_us,event,actor,site_id,device_id,subject,details,prev_hash,hash\r\n"
            "1,2025-04-01T00:30:00.000000Z,1743467400000000,check.result,device:dev-12ab,"
            "site-001,dev-12ab,chk-000042,\"{\"\"outcome\"\":\"\"eligible\"\"}\","
            "0000000000000000000000000000000000000000000000000000000000000000,"
            "b2e01f4338d2bc57222543b92d2a43b76fba37c6d42dfeb7fc5fa92f1ea039e4\r\n");
}

TEST_F(AuditModelTest, HeadsExportIsTheDocumentedWitnessFormat) {
  v1::ListSignedHeadsResponse heads;
  auto* h = heads.add_heads();
  h->set_size(1);
  h->set_root_hash(Unhex("b2e01f4338d2bc57222543b92d2a43b76fba37c6d42dfeb7fc5fa92f1ea039e4"));
  h->mutable_signed_at()->set_seconds(1743467410);
  h->set_key_id("21fe31dfa154a261");
  h->set_signature(
      Unhex("c2aded74c44bb5dc66feb853c34604c94ca665dd296757f1a7f03270d6a599160ac4797433aa59d7"
            "32a9afbde1cc915ba2e5c77c28d0e83c141aab5ef2ff1e05"));
  const std::string line =
      R"({"size":1,"root_hash":"b2e01f4338d2bc57222543b92d2a43b76fba37c6d42dfeb7fc5fa92f1ea039e4",)"
      R"("signed_at":"2025-04-01T00:30:10.000000Z","signed_at_us":1743467410000000,)"
      R"("key_id":"21fe31dfa154a261","signature":"c2aded74c44bb5dc66feb853c34604c94ca665dd296757)"
      R"(f1a7f03270d6a599160ac4797433aa59d732a9afbde1cc915ba2e5c77c28d0e83c141aab5ef2ff1e05"})";
  EXPECT_EQ(HeadsJsonLines(heads), line + "\n");
  // What an auditor's tools read back is the head that was signed.
  auto back = audit::HeadFromJson(line);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, HeadFromProto(*h));
}

TEST_F(AuditModelTest, VerificationProblemsReadAsJapanese) {
  const struct {
    const char* id;
    const char* ja;
  } cases[] = {
      {"audit.hash_mismatch", "この記録は書き込まれた後に内容が変更されています。"},
      {"audit.sequence_gap", "ここから先の記録が欠落しています。"},
      {"audit.head_beyond_chain",
       "署名済みチェックポイントが、存在しない記録まで含んでいます。最新の記録が削除されています"
       "。"},
      {"audit.something_new", "audit.something_new"},  // unknown ids are shown as they are
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Labels::AuditProblem(c.id).toStdString(), c.ja) << c.id;
  }
}

// The event types in the server's AuditEvent(...) and AuditLoginFailure(...) calls: the string
// literals of the first argument, less those compared against ("x == \"a.b\" ? ...").
std::set<std::string> EventsWrittenByServer() {
  namespace fs = std::filesystem;
  const std::regex call(R"((AuditEvent|AuditLoginFailure)\(([^,]*),)");
  const std::regex literal(R"re((==\s*)?"([a-z_]+\.[a-z_]+)")re");
  std::set<std::string> found;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(KAKUNIN_SOURCE_DIR) / "server")) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".cpp" || path.find("/tests/") != std::string::npos ||
        path.find("_test.cpp") != std::string::npos) {
      continue;
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator c(source.begin(), source.end(), call), end; c != end; ++c) {
      const std::string first = (*c)[2];
      for (std::sregex_iterator l(first.begin(), first.end(), literal); l != end; ++l) {
        if (!(*l)[1].matched) found.insert((*l)[2]);
      }
    }
  }
  return found;
}

TEST_F(AuditModelTest, EveryEventTheServerWritesHasAJapaneseLabel) {
  std::set<std::string> listed;
  std::set<QString> labels;
  for (std::string_view id : audit::kEventTypes) {
    listed.emplace(id);
    const QString label = Labels::AuditEvent(std::string(id));
    EXPECT_NE(label.toStdString(), id) << id << " has no label";
    // An English label (no translation) is ASCII only.
    EXPECT_TRUE(
        std::any_of(label.begin(), label.end(), [](QChar ch) { return ch.unicode() > 0x7f; }))
        << id << " is not in Japanese: " << label.toStdString();
    labels.insert(label);
  }
  EXPECT_EQ(labels.size(), listed.size()) << "two events share a label";
  // The shared list is the server's: a new event in server/ must be added there (and labelled).
  const std::set<std::string> written = EventsWrittenByServer();
  EXPECT_GE(written.size(), 30u) << "the source scan found too few events";
  for (const auto& id : written) EXPECT_TRUE(listed.count(id)) << id << " is not in events.h";
  for (const auto& id : listed) EXPECT_TRUE(written.count(id)) << id << " is not written";
  EXPECT_EQ(Labels::AuditEvent("visual_allowance.granted").toStdString(), "目視確認を1回許可");
  EXPECT_EQ(Labels::AuditEvent("user.login_throttled").toStdString(), "ログイン試行の一時制限");
}

}  // namespace
}  // namespace kakunin::console
