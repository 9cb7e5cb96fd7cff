// The sites model obeys Qt's model contract through resets, updates and inserts; shows facility
// kinds and 経過措置 in Japanese with the deadline the domain computes; flags a stored code whose
// check digit fails without a recorded reason.
#include "console/models/sites_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QSortFilterProxyModel>
#include <QTranslator>

namespace kakunin::console {
namespace {

v1::Site Site(const std::string& id, const std::string& name, const std::string& code) {
  v1::Site s;
  s.set_site_id(id);
  s.set_name(name);
  s.set_institution_code(code);
  s.set_prefecture(code.substr(0, 2));
  s.set_facility_kind("pharmacy");
  return s;
}

QString Cell(const QAbstractItemModel& m, int row, int column, int role = Qt::DisplayRole) {
  return m.data(m.index(row, column), role).toString();
}

TEST(SitesModel, KeepsTheContractAndShowsMeasures) {
  int argc = 1;
  char name[] = "sites_model_test";
  char* argv[] = {name};
  QCoreApplication app(argc, argv);
  QTranslator ja;
  ASSERT_TRUE(ja.load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
  app.installTranslator(&ja);

  SitesModel model;
  QSortFilterProxyModel proxy;
  proxy.setSourceModel(&model);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  QAbstractItemModelTester proxy_tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);

  auto honcho = Site("honcho", "本町薬局", "1342001014");
  auto fibre = Site("yamanobe", "山辺薬局", "2741234567");
  fibre.set_transitional(v1::TRANSITIONAL_NO_FIBRE);
  fibre.set_transitional_event_date("2025-10-01");
  auto unknown = Site("kouji", "工事中薬局", "1445102033");
  unknown.set_transitional(v1::TRANSITIONAL_RECONSTRUCTION);
  auto typo = Site("typo", "入力ミス薬局", "1341234567");  // check digit should be 6
  model.SetSites({honcho, fibre, unknown, typo});
  model.SetToday({2026, 3, 1});
  ASSERT_EQ(model.rowCount(), 4);

  EXPECT_EQ(Cell(model, 0, SitesModel::kFacilityKind), QStringLiteral("薬局"));
  EXPECT_EQ(Cell(model, 0, SitesModel::kPrefecture), QStringLiteral("13 東京都"));
  EXPECT_EQ(Cell(model, 0, SitesModel::kTransitional), QStringLiteral("なし"));
  EXPECT_EQ(Cell(model, 1, SitesModel::kTransitional), QStringLiteral("(2) 光回線の未整備"));
  EXPECT_EQ(Cell(model, 1, SitesModel::kEventDate), QStringLiteral("2025年10月1日"));
  // (2) ends six months after fibre became available.
  EXPECT_EQ(Cell(model, 1, SitesModel::kMeasureEnds), QStringLiteral("2026年4月1日まで"));
  EXPECT_EQ(Cell(model, 2, SitesModel::kEventDate), QStringLiteral("未定"));
  EXPECT_EQ(Cell(model, 2, SitesModel::kMeasureEnds), QStringLiteral("期日の入力待ち"));
  // Issue 20: the same day-based rule as the 経過措置 tab. An unknown end is not over.
  EXPECT_EQ(model.CountUnderMeasure(), 2);
  model.SetToday({2026, 4, 2});
  EXPECT_EQ(Cell(model, 1, SitesModel::kMeasureEnds), QStringLiteral("2026年4月1日に終了"));
  EXPECT_EQ(model.CountUnderMeasure(), 1);
  model.SetToday({2026, 3, 1});
  EXPECT_EQ(model.headerData(SitesModel::kInstitutionCode, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("医療機関等コード"));
  // The eligibility route: a site without one uses the service API.
  EXPECT_EQ(Cell(model, 0, SitesModel::kRoute), QStringLiteral("API"));
  EXPECT_EQ(model.headerData(SitesModel::kRoute, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("資格確認の経路"));

  EXPECT_TRUE(Cell(model, 0, SitesModel::kInstitutionCode, Qt::ToolTipRole).isEmpty());
  EXPECT_TRUE(Cell(model, 3, SitesModel::kInstitutionCode, Qt::ToolTipRole).contains("6"));
  EXPECT_TRUE(model.index(3, SitesModel::kInstitutionCode).data(Qt::ForegroundRole).isValid());
  // A recorded reason clears the warning (pharmacy codes may be overridden).
  typo.set_code_override_reason("地方厚生局の通知どおり");
  model.UpdateSite(typo);
  EXPECT_FALSE(model.index(3, SitesModel::kInstitutionCode).data(Qt::ForegroundRole).isValid());

  auto files = honcho;
  files.mutable_route()->set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  files.mutable_route()->set_req_dir("C:\\OQS\\req");
  files.mutable_route()->set_res_dir("C:\\OQS\\res");
  model.UpdateSite(files);
  EXPECT_EQ(Cell(model, 0, SitesModel::kRoute),
            QStringLiteral("端末フォルダー (C:\\OQS\\req → C:\\OQS\\res)"));
  files.mutable_route()->Clear();
  files.mutable_route()->set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  files.mutable_route()->set_handoff_dir("D:\\Rececom\\face");
  model.UpdateSite(files);
  EXPECT_EQ(Cell(model, 0, SitesModel::kRoute),
            QStringLiteral("API（受け渡し先: D:\\Rececom\\face）"));

  model.UpdateSite(Site("new", "新店", "1343002029"));
  EXPECT_EQ(model.rowCount(), 5);
  proxy.setFilterKeyColumn(-1);
  proxy.setFilterFixedString(QStringLiteral("山辺"));
  EXPECT_EQ(proxy.rowCount(), 1);
  model.SetSites({});
  EXPECT_EQ(model.rowCount(), 0);
}

}  // namespace
}  // namespace kakunin::console
