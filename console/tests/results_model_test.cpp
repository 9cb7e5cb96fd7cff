// The results model obeys Qt's model contract (QAbstractItemModelTester) through resets,
// appended pages and live rows prepended on top; a check shown once is never shown twice (the
// live feed and a search overlap); and it shows the Japanese labels staff and HQ read.
#include "console/models/results_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QTranslator>

namespace kakunin::console {
namespace {

v1::ResultRow Row(int seq, v1::Outcome outcome) {
  v1::ResultRow r;
  r.set_check_id("chk-" + std::to_string(seq));
  r.set_site_id("honcho");
  r.set_device_id("dev-1");
  r.set_sequence(seq);
  r.mutable_result()->set_mode(v1::IDENTITY_MODE_VISUAL);
  r.mutable_result()->set_route(v1::CHECK_ROUTE_COUNTER);
  r.mutable_result()->set_outcome(outcome);
  r.mutable_result()->mutable_checked_at()->set_seconds(1795000000 + seq);
  return r;
}

TEST(ResultsModel, KeepsTheModelContractAndSpeaksJapanese) {
  int argc = 1;
  char name[] = "results_model_test";
  char* argv[] = {name};
  QCoreApplication app(argc, argv);
  QTranslator ja;
  ASSERT_TRUE(ja.load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
  app.installTranslator(&ja);

  ResultsModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.SetRows({Row(1, v1::OUTCOME_ELIGIBLE), Row(2, v1::OUTCOME_INELIGIBLE)});
  model.AppendRows({Row(3, v1::OUTCOME_ERROR)});
  ASSERT_EQ(model.rowCount(), 3);
  EXPECT_EQ(model.data(model.index(0, ResultsModel::kOutcome), Qt::DisplayRole).toString(),
            QStringLiteral("資格有効"));
  EXPECT_EQ(model.data(model.index(1, ResultsModel::kOutcome), Qt::DisplayRole).toString(),
            QStringLiteral("資格喪失"));
  EXPECT_EQ(model.data(model.index(2, ResultsModel::kMode), Qt::DisplayRole).toString(),
            QStringLiteral("目視確認"));
  EXPECT_EQ(model.headerData(ResultsModel::kSite, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("店舗"));
  // Japanese dates with seconds, in Japan time (1795000001 = 2026-11-18 20:06:41 +09:00).
  EXPECT_EQ(model.data(model.index(0, ResultsModel::kTime), Qt::DisplayRole).toString(),
            QStringLiteral("2026年11月18日 20:06:41"));
  // Problems stand out; eligible rows do not.
  EXPECT_TRUE(model.data(model.index(1, ResultsModel::kOutcome), Qt::ForegroundRole).isValid());
  EXPECT_FALSE(model.data(model.index(0, ResultsModel::kOutcome), Qt::ForegroundRole).isValid());

  // A live row goes on top and is marked; the same check from the feed again, or in the next
  // page, is not shown twice.
  EXPECT_TRUE(model.PrependRow(Row(4, v1::OUTCOME_NOT_REGISTERED)));
  EXPECT_FALSE(model.PrependRow(Row(4, v1::OUTCOME_NOT_REGISTERED)));
  ASSERT_EQ(model.rowCount(), 4);
  EXPECT_EQ(model.data(model.index(0, 0), ResultsModel::kCheckIdRole).toString(),
            QStringLiteral("chk-4"));
  EXPECT_TRUE(model.data(model.index(0, 0), ResultsModel::kLiveRole).toBool());
  EXPECT_TRUE(model.data(model.index(0, 0), Qt::BackgroundRole).isValid());
  EXPECT_FALSE(model.data(model.index(1, 0), ResultsModel::kLiveRole).toBool());
  EXPECT_EQ(model.AppendRows({Row(3, v1::OUTCOME_ERROR), Row(0, v1::OUTCOME_ELIGIBLE)}), 1);
  ASSERT_EQ(model.rowCount(), 5);
  EXPECT_EQ(model.RowAt(4)->check_id(), "chk-0");
  EXPECT_FALSE(model.RowAt(5).has_value());

  // Site names replace ids once known.
  model.SetSiteNames({{"honcho", "かくにん薬局 本町店"}});
  EXPECT_EQ(model.data(model.index(0, ResultsModel::kSite), Qt::DisplayRole).toString(),
            QStringLiteral("かくにん薬局 本町店"));
  EXPECT_EQ(ResultsModel::RouteText(v1::CHECK_ROUTE_HOME_VISIT),
            QStringLiteral("訪問診療・訪問服薬指導"));  // as the staff window says
  // Checks the on-site face-recognition reader made are named as such.
  EXPECT_EQ(ResultsModel::ModeText(v1::IDENTITY_MODE_FACE_READER),
            QStringLiteral("顔認証付きカードリーダー"));
  EXPECT_EQ(ResultsModel::SourceText(v1::CHECK_SOURCE_FACE_READER),
            QStringLiteral("顔認証付きカードリーダー（資格確認端末）"));
  model.SetRows({});
  EXPECT_EQ(model.rowCount(), 0);
}

// The live feed's catch-up resumes from the newest check shown: a check dated ahead by a
// terminal's fast clock counts at the time HQ received it, so the other branches' checks made
// meanwhile are not skipped.
TEST(ResultsModel, TheNewestShownIsCountedAtHqsTimeWhenAClockRanAhead) {
  ResultsModel model;
  EXPECT_EQ(model.NewestShown(), 0);
  auto plain = Row(1, v1::OUTCOME_ELIGIBLE);  // 1795000001, no receipt time (an old server)
  auto received = Row(2, v1::OUTCOME_ELIGIBLE);
  received.mutable_received_at()->set_seconds(1795000003);  // received a second later
  model.SetRows({plain, received});
  EXPECT_EQ(model.NewestShown(), 1795000002);
  auto fast = Row(3, v1::OUTCOME_ELIGIBLE);
  fast.mutable_result()->mutable_checked_at()->set_seconds(1795000000 + 540);  // 9 min ahead
  fast.mutable_received_at()->set_seconds(1795000010);
  ASSERT_TRUE(model.PrependRow(fast));
  EXPECT_EQ(model.NewestShown(), 1795000010);
}

}  // namespace
}  // namespace kakunin::console
