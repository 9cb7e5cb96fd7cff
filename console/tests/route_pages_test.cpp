// The Terminals page names each terminal's eligibility route (its own, or its site's), and its
// route action sends SetDeviceRoute through the client and shows the server's answer in the row;
// a refusal stays in the dialog in Japanese. The Dashboard shows how many names had 外字 and asks
// for sites folded with one row per site (issue 18). A fake
// client (the one seam faked here) answers at once and records what it was sent. The Results
// page can search for face-reader checks.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <atomic>
#include <mutex>
#include <numeric>

#include "console/ui/dashboard_page.h"
#include "console/ui/device_dialogs.h"
#include "console/ui/results_page.h"
#include "console/ui/terminals_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;

v1::RouteSettings Folders(const std::string& req, const std::string& res) {
  v1::RouteSettings r;
  r.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  r.set_req_dir(req);
  r.set_res_dir(res);
  r.set_answer_timeout_seconds(30);
  r.set_face_pickup(true);
  return r;
}

// One site on the folder route, two terminals following it. SetDeviceRoute stores the route
// (or refuses with `refusal`) and answers with the device as the server would.
class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {
    v1::Site site;
    site.set_site_id("honcho");
    site.set_name("本町薬局");
    *site.mutable_route() = Folders("\\\\oqs\\req", "\\\\oqs\\res");
    *sites_.add_sites() = site;
    for (const char* id : {"dev-1", "dev-2"}) {
      auto* d = devices_.add_devices();
      d->set_device_id(id);
      d->set_site_id("honcho");
      d->set_status(v1::DEVICE_STATUS_ACTIVE);
    }
  }

  Result<v1::ListSitesResponse> ListSites() override { return sites_; }
  Result<v1::ListDevicesResponse> ListDevices(const std::string&) override {
    std::lock_guard lock(mu_);
    return devices_;
  }
  Result<v1::Device> SetDeviceRoute(const std::string& device_id,
                                    const v1::RouteSettings& route) override {
    std::lock_guard lock(mu_);
    calls_.emplace_back(device_id, route);
    if (!refusal_.empty()) return MakeError(ErrorCode::kInvalidArgument, refusal_, "refused");
    for (auto& d : *devices_.mutable_devices()) {
      if (d.device_id() != device_id) continue;
      *d.mutable_route_override() = route;
      return d;
    }
    return MakeError(ErrorCode::kNotFound, "device.unknown", "no such device");
  }
  Result<v1::Dashboard> GetDashboard(const v1::GetDashboardRequest& req) override {
    dashboard_detail_ = req.site_detail();
    // As the server answers since issue 18: sites folded, one row per site when asked.
    v1::Dashboard d;
    auto* b = d.add_buckets();
    *b->mutable_start() = req.from();
    b->set_mode(v1::IDENTITY_MODE_FACE_READER);
    b->set_checks(12);
    b->set_names_unrepresentable(3);
    if (req.site_detail() == v1::DASHBOARD_SITE_DETAIL_TOTALS) {
      *d.add_site_totals() = *b;
      d.mutable_site_totals(0)->set_site_id("honcho");
    }
    d.set_names_unrepresentable(3);
    // Issue 19: one store's 資格確認端末 certificate ran out yesterday, another's in 12 days.
    auto* expired = d.add_certificate_warnings();
    expired->set_kind(v1::CERTIFICATE_KIND_TERMINAL);
    expired->set_site_id("honcho");
    expired->set_site_name("本町薬局");
    expired->set_last_valid_day("2026-12-02");
    expired->set_days_left(-1);
    expired->set_urgency(v1::CERTIFICATE_URGENCY_EXPIRED);
    expired->set_source("hq");
    auto* soon = d.add_certificate_warnings();
    *soon = *expired;
    soon->set_site_id("ekimae");
    soon->set_site_name("駅前薬局");
    soon->set_last_valid_day("2026-12-15");
    soon->set_days_left(12);
    soon->set_urgency(v1::CERTIFICATE_URGENCY_WARN_30);
    soon->set_warning_threshold(30);
    return d;
  }

  v1::DashboardSiteDetail dashboard_detail() const { return dashboard_detail_; }

  void Refuse(const std::string& reason) {
    std::lock_guard lock(mu_);
    refusal_ = reason;
  }
  std::vector<std::pair<std::string, v1::RouteSettings>> calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  v1::ListSitesResponse sites_;
  v1::ListDevicesResponse devices_;
  std::string refusal_;
  std::vector<std::pair<std::string, v1::RouteSettings>> calls_;
  std::atomic<v1::DashboardSiteDetail> dashboard_detail_{v1::DASHBOARD_SITE_DETAIL_UNSPECIFIED};
};

class RoutePagesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "route_pages_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static QApplication* app_;
};
QApplication* RoutePagesTest::app_ = nullptr;

QString RouteCell(TerminalsPage& page, const std::string& device_id) {
  const int row = page.model()->RowOf(device_id);
  return page.model()->index(row, DevicesModel::kRoute).data().toString();
}

TEST_F(RoutePagesTest, TheTerminalsPageSetsATerminalsOwnRoute) {
  auto client = std::make_shared<FakeClient>();
  TerminalsPage page;
  QSignalSpy loaded(&page, &TerminalsPage::devicesLoaded);
  page.SetSession(client, v1::ROLE_HQ_ADMIN);
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(RouteCell(page, "dev-1"),
            QStringLiteral("店舗に従う（端末フォルダー (\\\\oqs\\req → \\\\oqs\\res)）"));
  EXPECT_EQ(page.model()->headerData(DevicesModel::kRoute, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("資格確認の経路"));
  EXPECT_FALSE(page.route_action()->isEnabled());  // nothing selected
  ASSERT_TRUE(page.SelectDevice(QStringLiteral("dev-1")));
  ASSERT_TRUE(page.route_action()->isEnabled());
  EXPECT_EQ(page.route_action()->text(), QStringLiteral("資格確認の経路(&O)…"));

  // dev-1 gets its own folders on another eligibility terminal.
  page.route_action()->trigger();
  auto* dialog = qobject_cast<DeviceRouteDialog*>(page.open_dialog());
  ASSERT_NE(dialog, nullptr);
  RouteEditor* editor = dialog->editor();
  editor->route_box()->setCurrentIndex(
      editor->route_box()->findData(static_cast<int>(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES)));
  editor->req_edit()->setText(QStringLiteral("\\\\oqs2\\req"));
  editor->res_edit()->setText(QStringLiteral("\\\\oqs2\\res"));
  editor->face_pickup_box()->setChecked(false);  // the first terminal picks the face files up
  QSignalSpy changed(&page, &TerminalsPage::deviceChanged);
  ASSERT_TRUE(dialog->save_button()->isEnabled());
  dialog->save_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs));
  ASSERT_EQ(client->calls().size(), 1u);
  EXPECT_EQ(client->calls()[0].first, "dev-1");
  EXPECT_EQ(client->calls()[0].second.res_dir(), "\\\\oqs2\\res");
  EXPECT_FALSE(client->calls()[0].second.face_pickup());
  EXPECT_EQ(RouteCell(page, "dev-1"),
            QStringLiteral("端末フォルダー (\\\\oqs2\\req → \\\\oqs2\\res)"));
  EXPECT_TRUE(page.open_dialog() == nullptr || !page.open_dialog()->isVisible());

  // Back to the site's route: an empty route goes to the server.
  ASSERT_TRUE(QTest::qWaitFor([&] { return page.open_dialog() == nullptr; }, kWaitMs));
  page.route_action()->trigger();
  dialog = qobject_cast<DeviceRouteDialog*>(page.open_dialog());
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->editor()->res_edit()->text(), QStringLiteral("\\\\oqs2\\res"));
  dialog->editor()->route_box()->setCurrentIndex(0);
  dialog->save_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs));
  ASSERT_EQ(client->calls().size(), 2u);
  EXPECT_EQ(client->calls()[1].second.ByteSizeLong(), 0u);
  EXPECT_TRUE(RouteCell(page, "dev-1").startsWith(QStringLiteral("店舗に従う")));
}

TEST_F(RoutePagesTest, AServerRefusalStaysInTheDialog) {
  auto client = std::make_shared<FakeClient>();
  client->Refuse("route.bad_path");
  TerminalsPage page;
  QSignalSpy loaded(&page, &TerminalsPage::devicesLoaded);
  page.SetSession(client, v1::ROLE_HQ_ADMIN);
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_TRUE(page.SelectDevice(QStringLiteral("dev-2")));
  page.route_action()->trigger();
  auto* dialog = qobject_cast<DeviceRouteDialog*>(page.open_dialog());
  ASSERT_NE(dialog, nullptr);
  dialog->editor()->route_box()->setCurrentIndex(
      dialog->editor()->route_box()->findData(static_cast<int>(v1::ELIGIBILITY_ROUTE_SERVICE_API)));
  dialog->editor()->handoff_edit()->setText(QStringLiteral("D:\\Rececom\\face"));
  QSignalSpy failed(&page, &TerminalsPage::failed);
  dialog->save_button()->click();
  ASSERT_TRUE(failed.wait(kWaitMs));
  const QString text = QStringLiteral(
      "フォルダーは絶対パス（/…、C:\\…、\\\\server\\share… など）で入力してください（260バイトま"
      "で。「..」や制御文字は使えません）。");
  EXPECT_EQ(dialog->error_label()->text(), text);
  EXPECT_EQ(failed[0][0].toString(), text);
  EXPECT_TRUE(dialog->save_button()->isEnabled());  // ready for another try
  EXPECT_TRUE(RouteCell(page, "dev-2").startsWith(QStringLiteral("店舗に従う")));
}

TEST_F(RoutePagesTest, OnlyHqAdministratorsChangeRoutes) {
  auto client = std::make_shared<FakeClient>();
  TerminalsPage page;
  QSignalSpy loaded(&page, &TerminalsPage::devicesLoaded);
  page.SetSession(client, v1::ROLE_BRANCH_MANAGER);
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_TRUE(page.SelectDevice(QStringLiteral("dev-1")));
  EXPECT_FALSE(page.route_action()->isEnabled());
}

TEST_F(RoutePagesTest, TheDashboardCountsNamesWithGaiji) {
  auto client = std::make_shared<FakeClient>();
  DashboardPage page;
  page.SetRefreshInterval(std::chrono::milliseconds(0));
  QSignalSpy loaded(&page, &DashboardPage::loaded);
  page.SetSession(client);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(page.names_label()->text(), QStringLiteral("外字を含む氏名: 3件（カード券面で確認）"));
  EXPECT_EQ(page.tile_value(DashboardPage::kChecks)->text(), QStringLiteral("12"));
  // Face-reader checks are their own identity mode, not folded into the visual check.
  const auto& s = page.model()->series();
  EXPECT_EQ(std::accumulate(s.face_reader.begin(), s.face_reader.end(), uint64_t{0}), 12u);
  EXPECT_EQ(std::accumulate(s.visual.begin(), s.visual.end(), uint64_t{0}), 0u);
  EXPECT_EQ(page.model()->headerData(DashboardModel::kFaceReader, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("顔認証付きカードリーダー"));
  // Issue 18: the page asks for sites folded plus one row per site, and shows that row by name.
  EXPECT_EQ(client->dashboard_detail(), v1::DASHBOARD_SITE_DETAIL_TOTALS);
  SiteTotalsModel* sites = page.site_totals();
  ASSERT_EQ(sites->rowCount(), 1);
  EXPECT_EQ(sites->index(0, SiteTotalsModel::kSite).data().toString(), QStringLiteral("本町薬局"));
  EXPECT_EQ(sites->index(0, SiteTotalsModel::kFaceReader).data().toULongLong(), 12u);
  EXPECT_EQ(sites->index(0, SiteTotalsModel::kNamesUnrepresentable).data().toULongLong(), 3u);
  EXPECT_EQ(page.site_table()->model()->rowCount(), 1);
  // The certificates that can stop a store, as HQ reads them on the dashboard: the expired
  // store in red.
  CertCalendarModel* certs = page.certificate_warnings();
  ASSERT_EQ(certs->rowCount(), 2);
  auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
    return certs->index(row, column).data(role);
  };
  EXPECT_EQ(cell(0, CertCalendarModel::kStore).toString(), QStringLiteral("本町薬局"));
  EXPECT_EQ(cell(0, CertCalendarModel::kStore, Qt::BackgroundRole).value<QColor>(),
            CertCalendarModel::kRed);
  EXPECT_EQ(cell(1, CertCalendarModel::kStore).toString(), QStringLiteral("駅前薬局"));
  EXPECT_TRUE(cell(1, CertCalendarModel::kDaysLeft).toString().contains(QStringLiteral("12")))
      << cell(1, CertCalendarModel::kDaysLeft).toString().toStdString();
  page.EndSession();
}

TEST_F(RoutePagesTest, ResultsCanBeFilteredByTheFaceReader) {
  ResultsPage page;
  const int i = page.mode_box()->findData(static_cast<int>(v1::IDENTITY_MODE_FACE_READER));
  ASSERT_GE(i, 0);
  EXPECT_EQ(page.mode_box()->itemText(i), QStringLiteral("顔認証付きカードリーダー"));
  page.mode_box()->setCurrentIndex(i);
  EXPECT_EQ(page.Filter().mode(), v1::IDENTITY_MODE_FACE_READER);
}

}  // namespace
}  // namespace kakunin::console
