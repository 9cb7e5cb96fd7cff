// The audit model obeys Qt's model contract (QAbstractItemModelTester) through searches and
// "more" pages and shows one event in full (details pretty-printed, hashes in hex); exports
// write exactly the formats of common/audit/FORMAT.md (its worked example, byte for byte); and
// verification problems read as plain Japanese.
#include "console/models/audit_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QTranslator>

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

}  // namespace
}  // namespace kakunin::console
