// The results model obeys Qt's model contract (QAbstractItemModelTester) through resets and
// appends, and shows the Japanese labels staff and HQ read.
#include "console/models/results_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QTranslator>

namespace kakunin::console {
namespace {

v1::ResultRow Row(int seq, v1::Outcome outcome) {
  v1::ResultRow r;
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
  model.SetRows({});
  EXPECT_EQ(model.rowCount(), 0);
}

}  // namespace
}  // namespace kakunin::console
