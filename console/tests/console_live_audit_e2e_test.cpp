// The Results and Audit pages against a real HQ: PostgreSQL and kakunin-server (ServerRig),
// terminals streaming results through the real agent protocol (TestTerminal). Proves that
// - searches are filtered and paged by the server (keyset tokens; "More" adds the next page);
// - a result streamed after the page opened appears at the top through the watch stream, and
//   still does after the server was stopped and started again (the watcher reconnects);
// - patient details come from GetResult: staff of the site see them, HQ does not, and a check
//   whose re-view window (翌月末) has closed says until when it could be seen;
// - the audit search finds device.enrolled, an event shows all its fields, "verify chain"
//   says OK (and names the first bad record once the database is edited), the CSV and JSON
//   exports are the documented formats, and the signed-head export is accepted by
//   `kakunin-server audit verify --witness`;
// - the dashboard shows the morning's checks by hour, rates and the nearest deadlines;
// and saves screenshots (offscreen, Noto CJK) as artifacts. Every wait is on a signal.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QApplication>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/audit/chain.h"
#include "common/audit/record.h"
#include "common/crypto/keys.h"
#include "console/tests/console_e2e.h"
#include "console/ui/main_window.h"
#include "console/ui/result_detail_dialog.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_terminal.h"
#include "tests/server/hq_fixture.h"

namespace kakunin::console {
namespace {
namespace fs = std::filesystem;

// A chart as a person reads it: its legend's labels, and no text of it (title, axis labels,
// legend) cut to "..." (Qt Charts' elision) because it did not fit.
// `shown` (when given) receives every text drawn.
void ExpectChartReadsWhole(QChartView* view, const QStringList& legend,
                           QStringList* shown = nullptr) {
  ASSERT_NE(view->chart(), nullptr);
  QStringList labels;
  for (QLegendMarker* marker : view->chart()->legend()->markers()) labels << marker->label();
  EXPECT_EQ(labels, legend);
  int texts = 0;
  for (QGraphicsItem* item : view->scene()->items()) {
    QString text;
    if (auto* t = dynamic_cast<QGraphicsTextItem*>(item)) text = t->toPlainText();
    if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item)) text = t->text();
    if (text.isEmpty() || !item->isVisible()) continue;
    ++texts;
    if (shown) *shown << text;
    EXPECT_FALSE(text.contains(QStringLiteral("...")) || text.contains(QChar(0x2026)))
        << view->chart()->title().toStdString() << ": 「" << text.toStdString() << "」";
  }
  EXPECT_GT(texts, legend.size()) << view->chart()->title().toStdString();
}

// Lays out what a resize or a refresh changed, without waiting on a clock.
void LayOut() {
  for (int i = 0; i < 3; ++i) {
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
  }
}

using testing::ServerRig;
using testing::TestTerminal;

constexpr int kWaitMs = 30000;
constexpr char kStaffPassword[] = "Staff2026x";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

// One check as a terminal records it, `minutes_ago` before now, with the patient's answer.
v1::CheckResult Check(uint64_t seq, v1::Outcome outcome, v1::CheckRoute route,
                      v1::IdentityMode mode, int minutes_ago, const std::string& name) {
  auto r = TestTerminal::MakeResult(seq, TestTerminal::NewCheckId());
  r.mutable_checked_at()->set_seconds(r.checked_at().seconds() - minutes_ago * 60);
  r.set_outcome(outcome);
  r.set_route(route);
  r.set_mode(mode);
  r.set_source(v1::CHECK_SOURCE_CARD);
  r.mutable_reader()->set_name("SONY RC-S300/P 00 00");
  r.set_duration_ms(1800 + static_cast<uint32_t>(seq) * 37);
  auto* e = r.mutable_eligibility();
  // Each person reads as themselves (kana, number); the insurer number passes its check digit.
  static const std::map<std::string, std::pair<std::string, std::string>> kPeople = {
      {"山田 太郎", {"ヤマダ タロウ", "3456"}},
      {"佐藤 花子", {"サトウ ハナコ", "3457"}},
      {"鈴木 一郎", {"スズキ イチロウ", "3458"}},
      {"高橋 美咲", {"タカハシ ミサキ", "3459"}}};
  const auto person = kPeople.find(name);
  e->set_name(name);
  e->set_name_kana(person != kPeople.end() ? person->second.first : "");
  e->set_birth_date("1958-03-14");
  e->set_insurer_number("06139992");
  e->set_insurer_name("かくにん健康保険組合");
  e->set_insured_symbol("12");
  e->set_insured_number(person != kPeople.end() ? person->second.second : "3460");
  e->set_insured_branch_number("01");
  e->set_copayment_percent(30);
  e->set_valid_from("2024-04-01");
  if (outcome == v1::OUTCOME_INELIGIBLE) {
    e->set_disqualification_date("2026-03-31");
    e->set_loss_reason("03");
  }
  if (outcome == v1::OUTCOME_ERROR) {
    r.clear_eligibility();
    r.set_error_reason("card.read_failed");
  }
  return r;
}

class ConsoleLiveAuditE2E : public ConsoleE2ETest {
 protected:
  void SetUp() override {
    ConsoleE2ETest::SetUp();
    if (HasFatalFailure()) return;
    // Heads signed every second, so the witness export has something to export.
    auto rig =
        ServerRig::Start(dir_ + "/hq", "honcho", "かくにん薬局 本町店", {"--head-interval", "1"});
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = std::move(*rig);
    ca_ = ReadFile(rig_->ca_path());
  }

  TestTerminal Enroll(const std::string& site) {
    auto token = rig_->IssueToken(site);
    EXPECT_TRUE(token.ok());
    auto t = TestTerminal::Enroll(rig_->address(), ca_, token.ok() ? *token : "");
    EXPECT_TRUE(t.ok()) << t.error().ToString();
    return *t;
  }
  // Streams the results and waits for the server's ack, as an agent does.
  void Deliver(const TestTerminal& t, const std::vector<v1::CheckResult>& results) {
    auto stream = t.Connect(rig_->address());
    ASSERT_TRUE(stream->Open());
    ASSERT_TRUE(stream->Send(results));
    auto acked = stream->WaitAck(results.back().sequence());
    ASSERT_TRUE(acked.ok()) << acked.error().ToString();
    EXPECT_TRUE(stream->Close().ok());
  }

  std::string ca_;
};

TEST_F(ConsoleLiveAuditE2E, LiveResultsSurviveARestartAndTheAuditLogVerifies) {
  ConsoleClient server(rig_->address(), ca_);
  ASSERT_TRUE(server.Login("admin", testing::kAdminPassword).ok());
  v1::Site ekimae;
  ekimae.set_site_id("ekimae");
  ekimae.set_name("かくにん薬局 駅前店");
  ekimae.set_institution_code("1342001014");
  ekimae.set_prefecture("13");
  ekimae.set_facility_kind("chain_pharmacy");
  ekimae.set_default_mode(v1::IDENTITY_MODE_VISUAL);
  ekimae.set_auto_approve_devices(true);
  ASSERT_TRUE(server.UpsertSite(ekimae).ok());
  auto staff =
      rig_->Cli({"admin", "create"},
                {"--login", "suzuki", "--role", "staff", "--sites", "honcho", "--password-stdin"},
                std::string(kStaffPassword) + "\n");
  ASSERT_TRUE(staff.ok()) << staff.error().ToString();

  // A morning at two branches: 12 checks at 本町店, 4 at 駅前店.
  TestTerminal honcho = Enroll("honcho");
  TestTerminal station = Enroll("ekimae");
  const std::vector<std::string> names = {"山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲"};
  std::vector<v1::CheckResult> morning;
  for (uint64_t s = 1; s <= 12; ++s) {
    v1::Outcome o = s % 5 == 0   ? v1::OUTCOME_INELIGIBLE
                    : s % 7 == 0 ? v1::OUTCOME_ERROR
                                 : v1::OUTCOME_ELIGIBLE;
    morning.push_back(Check(s, o, s % 4 == 0 ? v1::CHECK_ROUTE_HOME_VISIT : v1::CHECK_ROUTE_COUNTER,
                            s % 3 == 0 ? v1::IDENTITY_MODE_PIN : v1::IDENTITY_MODE_VISUAL,
                            static_cast<int>(200 - s * 15), names[s % names.size()]));
  }
  ASSERT_NO_FATAL_FAILURE(Deliver(honcho, morning));
  std::vector<v1::CheckResult> station_morning;
  for (uint64_t s = 1; s <= 4; ++s) {
    station_morning.push_back(Check(s, v1::OUTCOME_ELIGIBLE, v1::CHECK_ROUTE_COUNTER,
                                    v1::IDENTITY_MODE_VISUAL, static_cast<int>(100 - s * 20),
                                    names[s - 1]));
  }
  ASSERT_NO_FATAL_FAILURE(Deliver(station, station_morning));
  // Open subsidy windows for the dashboard (the shipped programmes have closed): two later
  // editions of the home-visit programme, due in 5 and 38 days.
  auto stub = v1::ConsoleService::NewStub(testing::hq::HqChannel(*rig_));
  auto token = testing::hq::ConsoleLogin(*stub, "admin", testing::kAdminPassword);
  ASSERT_TRUE(token.ok());
  const QDate today = QDateTime::currentDateTimeUtc().toOffsetFromUtc(9 * 3600).date();
  for (auto [id, days] :
       {std::pair{"kyotaku_home_visit_2027", 38}, std::pair{"kyotaku_home_visit_extra", 5}}) {
    auto added =
        testing::hq::AddProgrammeEdition(*stub, *token, "kyotaku_home_visit_2026", id,
                                         today.addDays(days).toString(Qt::ISODate).toStdString());
    ASSERT_TRUE(added.ok()) << added.error().ToString();
  }

  // --- HQ opens the console: pages of 5, newest first. ---
  MainWindow window(QString::fromStdString(rig_->address()), ca_);
  window.resize(1400, 820);
  ResultsPage* results = window.results_page();
  results->SetPageSize(5);
  results->SetWatchBackoff({std::chrono::milliseconds(200), std::chrono::seconds(2)});
  window.audit_page()->SetPageSize(8);
  window.SetCredentials(QStringLiteral("admin"), QString::fromLatin1(testing::kAdminPassword));
  window.show();
  QSignalSpy loaded(results, &ResultsPage::resultsLoaded);
  QSignalSpy opened(results, &ResultsPage::liveOpened);
  QSignalSpy audit_loaded(window.audit_page(), &AuditPage::recordsLoaded);
  QSignalSpy dashboard_loaded(window.dashboard_page(), &DashboardPage::loaded);
  window.StartLogin();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(loaded.value(0).value(0).toInt(), 5);
  if (opened.isEmpty()) {
    ASSERT_TRUE(opened.wait(kWaitMs));
  }
  EXPECT_FALSE(opened.value(0).value(0).toBool());
  ResultsModel* model = results->model();

  // --- HQ lands on the dashboard: the morning's 16 checks over the last 24 hours. ---
  EXPECT_EQ(window.tabs()->currentIndex(), MainWindow::kDashboardTab);
  if (dashboard_loaded.isEmpty()) {
    ASSERT_TRUE(dashboard_loaded.wait(kWaitMs));
  }
  DashboardPage* dashboard = window.dashboard_page();
  EXPECT_EQ(dashboard->model()->rowCount(), 24);
  EXPECT_EQ(dashboard->model()->series().total_checks, 16u);
  EXPECT_EQ(dashboard->tile_value(DashboardPage::kChecks)->text(), QStringLiteral("16"));
  // Check 7 could not be completed: 1 of 16.
  EXPECT_EQ(dashboard->tile_value(DashboardPage::kFailureRate)->text(), QStringLiteral("6.3 %"));
  // Sites folded by the server for the charts by time; one row per site for the period.
  const auto& sites = dashboard->model()->series().sites;
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].site_id, "ekimae");
  EXPECT_EQ(sites[1].site_id, "honcho");
  EXPECT_EQ(sites[0].checks + sites[1].checks, 16u);
  EXPECT_EQ(dashboard->site_totals()->rowCount(), 2);
  ASSERT_NE(dashboard->site_chart()->chart(), nullptr);
  EXPECT_EQ(dashboard->site_chart()->chart()->series().size(), 1);
  // Both sites' nearest deadlines, soonest first: the programme due in 5 days.
  ASSERT_EQ(dashboard->deadlines()->rowCount(), 4);
  EXPECT_EQ(dashboard->deadlines()->index(0, DeadlinesModel::kDaysLeft).data().toString(),
            QStringLiteral("あと5日"));
  SaveAndCheck(&window, "dashboard_page.png");
  // At the console's default size too (1280×640: the demo's picture showed every time label,
  // the rate axis and two legends cut to 「...」; the site axis read 「0 0 1 1」).
  const QSize tested = window.size();
  const QStringList modes = {QStringLiteral("目視確認"), QStringLiteral("暗証番号"),
                             QStringLiteral("顔認証")};
  for (const QSize size : {QSize(1280, 640), tested}) {
    window.resize(size);
    LayOut();
    SCOPED_TRACE(std::to_string(size.width()) + "x" + std::to_string(size.height()));
    ExpectChartReadsWhole(dashboard->mode_chart(), modes);
    ExpectChartReadsWhole(dashboard->rate_chart(),
                          {QStringLiteral("失敗率"), QStringLiteral("代替確認率")});
    QStringList site_texts;
    ExpectChartReadsWhole(dashboard->site_chart(), modes, &site_texts);
    // The count axis: whole numbers, each once (「0 0 1 1」 before).
    QStringList numbers;
    for (const QString& t : site_texts) {
      if (QRegularExpression(QStringLiteral("^\\d+$")).match(t).hasMatch()) numbers << t;
    }
    EXPECT_GE(numbers.size(), 3) << site_texts.join(QStringLiteral("|")).toStdString();
    EXPECT_EQ(numbers.removeDuplicates(), 0) << numbers.join(QStringLiteral(" ")).toStdString();
    if (size == QSize(1280, 640)) SaveAndCheck(&window, "dashboard_page_default_size.png");
  }
  // By day over 14 days: the same 16 checks; days without checks are shown, empty.
  dashboard_loaded.clear();
  dashboard->range_box()->setCurrentIndex(1);
  ASSERT_TRUE(dashboard_loaded.wait(kWaitMs));
  ASSERT_EQ(dashboard->model()->rowCount(), 14);
  EXPECT_EQ(dashboard->model()->series().total_checks, 16u);
  EXPECT_TRUE(dashboard->model()
                  ->index(13, DashboardModel::kTime)
                  .data()
                  .toString()
                  .contains(QRegularExpression(
                      QStringLiteral("^\\d{1,2}/\\d{1,2}\\([月火水木金土日]\\)$"))))
      << dashboard->model()->index(13, DashboardModel::kTime).data().toString().toStdString();
  SaveAndCheck(&window, "dashboard_page_daily.png");
  window.resize(1280, 640);  // by day at the default size too
  LayOut();
  ExpectChartReadsWhole(dashboard->mode_chart(), modes);
  ExpectChartReadsWhole(dashboard->rate_chart(),
                        {QStringLiteral("失敗率"), QStringLiteral("代替確認率")});
  window.resize(tested);
  LayOut();
  window.tabs()->setCurrentIndex(MainWindow::kResultsTab);

  // "More" walks the keyset pages to the end: 16 distinct rows, newest first.
  QSignalSpy more(results, &ResultsPage::moreLoaded);
  while (results->more_button()->isEnabled()) {
    results->more_button()->click();
    ASSERT_TRUE(more.wait(kWaitMs));
  }
  ASSERT_EQ(model->rowCount(), 16);
  std::set<std::string> ids;
  for (int r = 0; r < model->rowCount(); ++r) {
    ids.insert(model->RowAt(r)->check_id());
    if (r > 0) {
      EXPECT_GE(model->RowAt(r - 1)->result().checked_at().seconds(),
                model->RowAt(r)->result().checked_at().seconds());
    }
  }
  EXPECT_EQ(ids.size(), 16u);
  // HQ administrators never receive patient fields.
  EXPECT_FALSE(model->RowAt(0)->result().has_eligibility());

  // Server-side filters: outcome, then site.
  results->outcome_box()->setCurrentIndex(results->outcome_box()->findData(v1::OUTCOME_INELIGIBLE));
  results->search_button()->click();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_EQ(model->rowCount(), 2);  // checks 5 and 10
  for (int r = 0; r < model->rowCount(); ++r)
    EXPECT_EQ(model->RowAt(r)->result().outcome(), v1::OUTCOME_INELIGIBLE);
  results->outcome_box()->setCurrentIndex(0);
  results->site_box()->setCurrentIndex(results->site_box()->findData(QStringLiteral("ekimae")));
  results->search_button()->click();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_EQ(model->rowCount(), 4);
  EXPECT_EQ(model->index(0, ResultsModel::kSite).data().toString(),
            QStringLiteral("かくにん薬局 駅前店"));
  results->site_box()->setCurrentIndex(0);
  results->search_button()->click();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  if (!results->watcher()->is_open()) {
    ASSERT_TRUE(opened.wait(kWaitMs));
  }

  // --- Live: a check made after the page opened appears on top, without a search. ---
  QSignalSpy live(results, &ResultsPage::liveRowAdded);
  auto fresh = Check(13, v1::OUTCOME_NOT_REGISTERED, v1::CHECK_ROUTE_HOME_VISIT,
                     v1::IDENTITY_MODE_VISUAL, 0, "高橋 美咲");
  ASSERT_NO_FATAL_FAILURE(Deliver(honcho, {fresh}));
  ASSERT_TRUE(live.wait(kWaitMs));
  EXPECT_EQ(live.value(0).value(0).toString().toStdString(), fresh.check_id());
  EXPECT_EQ(model->RowAt(0)->check_id(), fresh.check_id());
  EXPECT_TRUE(model->index(0, 0).data(ResultsModel::kLiveRole).toBool());
  EXPECT_EQ(model->index(0, ResultsModel::kOutcome).data().toString(),
            QStringLiteral("マイナ保険証未登録"));

  // --- The server restarts; the watcher reconnects and the next check still arrives. ---
  QSignalSpy lost(results, &ResultsPage::liveLost);
  rig_->StopServer();
  ASSERT_TRUE(lost.wait(kWaitMs));
  EXPECT_FALSE(results->watcher()->is_open());
  ASSERT_TRUE(rig_->StartServer().ok());
  opened.clear();
  ASSERT_TRUE(opened.wait(kWaitMs)) << "the live feed did not come back after the restart";
  EXPECT_TRUE(opened.value(0).value(0).toBool());
  EXPECT_GE(results->watcher()->reconnects(), 1);
  QSignalSpy heard(results->watcher(), &ResultWatcher::resultReceived);
  auto after = Check(5, v1::OUTCOME_ELIGIBLE, v1::CHECK_ROUTE_COUNTER, v1::IDENTITY_MODE_PIN, 0,
                     "佐藤 花子");
  ASSERT_NO_FATAL_FAILURE(Deliver(station, {after}));
  ASSERT_TRUE(QTest::qWaitFor(
      [&] { return model->rowCount() > 0 && model->RowAt(0)->check_id() == after.check_id(); },
      kWaitMs));
  // It came through the reopened stream, not through a search.
  ASSERT_FALSE(heard.isEmpty());
  EXPECT_EQ(heard.value(0).value(0).value<v1::ResultRow>().check_id(), after.check_id());
  EXPECT_EQ(model->rowCount(), 7);  // the first page of 5 and the two live rows
  ASSERT_TRUE(results->SelectCheck(QString::fromStdString(fresh.check_id())));
  SaveAndCheck(&window, "results_page_live.png");
  // Issue 20: terminals by name (these report only a hostname), sites by name; ids in tooltips.
  for (int row = 0; row < results->model()->rowCount(); ++row) {
    const QModelIndex device = results->model()->index(row, ResultsModel::kDevice);
    EXPECT_EQ(device.data().toString(), QStringLiteral("test-terminal"));
    EXPECT_TRUE(device.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("dev-")));
    const QString site = results->model()->index(row, ResultsModel::kSite).data().toString();
    EXPECT_FALSE(site.contains(QRegularExpression(QStringLiteral("^[a-z_-]+$"))))
        << site.toStdString();
  }

  // A live row's details through GetResult: the check, no patient fields for HQ.
  QSignalSpy detail_opened(results, &ResultsPage::detailOpened);
  results->ShowSelected();
  ASSERT_TRUE(detail_opened.wait(kWaitMs));
  auto* detail = qobject_cast<ResultDetailDialog*>(results->open_dialog());
  ASSERT_NE(detail, nullptr);
  EXPECT_EQ(detail->patient_box(), nullptr);
  ASSERT_NE(detail->patient_note(), nullptr);
  SaveAndCheck(detail, "result_detail_hq.png");
  detail->reject();

  // A check from 100 days ago: its re-view window (翌月末) has closed.
  auto old = Check(14, v1::OUTCOME_ELIGIBLE, v1::CHECK_ROUTE_COUNTER, v1::IDENTITY_MODE_VISUAL,
                   100 * 24 * 60, "山田 太郎");
  ASSERT_NO_FATAL_FAILURE(Deliver(honcho, {old}));

  // --- Staff of 本町店 see the patient's answer for their own site's checks. ---
  auto staff_client = std::make_shared<ConsoleClient>(rig_->address(), ca_);
  ASSERT_TRUE(staff_client->Login("suzuki", kStaffPassword).ok());
  ResultsPage staff_page;
  staff_page.resize(1200, 600);
  staff_page.show();
  QSignalSpy staff_loaded(&staff_page, &ResultsPage::resultsLoaded);
  staff_page.SetSession(staff_client);
  ASSERT_TRUE(staff_loaded.wait(kWaitMs));
  ASSERT_EQ(staff_page.model()->rowCount(), 14);  // 本町店 only
  // Staff may not list terminals: the terminal filter is off, the site names still load.
  if (staff_page.site_box()->count() < 2) {
    QSignalSpy choices(&staff_page, &ResultsPage::choicesLoaded);
    ASSERT_TRUE(choices.wait(kWaitMs));
  }
  EXPECT_FALSE(staff_page.device_box()->isEnabled());
  EXPECT_EQ(staff_page.model()->index(0, ResultsModel::kSite).data().toString(),
            QStringLiteral("かくにん薬局 本町店"));
  ASSERT_TRUE(staff_page.SelectCheck(QString::fromStdString(morning[0].check_id())));
  QSignalSpy staff_opened(&staff_page, &ResultsPage::detailOpened);
  staff_page.ShowSelected();
  ASSERT_TRUE(staff_opened.wait(kWaitMs));
  auto* staff_detail = qobject_cast<ResultDetailDialog*>(staff_page.open_dialog());
  ASSERT_NE(staff_detail, nullptr);
  ASSERT_NE(staff_detail->patient_box(), nullptr);
  bool shows_name = false;
  for (auto* label : staff_detail->patient_box()->findChildren<QLabel*>())
    shows_name |= label->text() == QString::fromStdString(names[1]);
  EXPECT_TRUE(shows_name);
  SaveAndCheck(staff_detail, "result_detail_staff.png");
  staff_detail->reject();
  // The old check: no patient fields, and the note says when the window ended (Japanese date).
  ASSERT_TRUE(staff_page.SelectCheck(QString::fromStdString(old.check_id())));
  staff_page.ShowSelected();
  ASSERT_TRUE(staff_opened.wait(kWaitMs));
  auto* closed = qobject_cast<ResultDetailDialog*>(staff_page.open_dialog());
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->patient_box(), nullptr);
  ASSERT_NE(closed->patient_note(), nullptr);
  EXPECT_TRUE(closed->patient_note()->text().contains(
      QRegularExpression(QStringLiteral("\\d{4}年\\d{1,2}月\\d{1,2}日に終了"))))
      << closed->patient_note()->text().toStdString();
  closed->reject();

  // --- Audit: search by event type, one event in full, paging. ---
  AuditPage* audit = window.audit_page();
  window.tabs()->setCurrentIndex(MainWindow::kAuditTab);
  if (audit->model()->rowCount() == 0) {
    ASSERT_TRUE(audit_loaded.wait(kWaitMs));
  }
  EXPECT_EQ(audit->model()->rowCount(), 8);
  EXPECT_TRUE(audit->more_button()->isEnabled());
  QSignalSpy audit_more(audit, &AuditPage::moreLoaded);
  audit->more_button()->click();
  ASSERT_TRUE(audit_more.wait(kWaitMs));
  EXPECT_EQ(audit->model()->rowCount(), 16);
  EXPECT_GT(audit->model()->RecordAt(7)->seq(), audit->model()->RecordAt(8)->seq());

  audit->event_box()->setCurrentIndex(audit->event_box()->findData(QStringLiteral("device")));
  audit_loaded.clear();
  audit->search_button()->click();
  ASSERT_TRUE(audit_loaded.wait(kWaitMs));
  uint64_t enrolled_seq = 0;
  for (int r = 0; r < audit->model()->rowCount(); ++r) {
    auto rec = audit->model()->RecordAt(r);
    EXPECT_EQ(rec->event_type().rfind("device.", 0), 0u) << rec->event_type();
    if (rec->event_type() == "device.enrolled") enrolled_seq = rec->seq();
  }
  ASSERT_NE(enrolled_seq, 0u) << "device.enrolled not found";
  ASSERT_TRUE(audit->SelectSeq(enrolled_seq));
  const QString text = audit->detail()->toPlainText();
  EXPECT_TRUE(text.contains(QStringLiteral("端末の登録 (device.enrolled)"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral("[0-9a-f]{64}"))));

  // Verify: plain OK, in green, with the number of records checked.
  QSignalSpy verified(audit, &AuditPage::verified);
  audit->verify_button()->click();
  ASSERT_TRUE(verified.wait(kWaitMs));
  EXPECT_TRUE(verified.value(0).value(0).toBool());
  EXPECT_TRUE(audit->verify_label()->text().contains(QStringLiteral("改ざんはありません")))
      << audit->verify_label()->text().toStdString();
  EXPECT_TRUE(audit->verify_label()->styleSheet().contains(QStringLiteral("#1b5e20")));
  SaveAndCheck(&window, "audit_page_verified.png");

  // Export of the current search (device events), every page, ISO times.
  QSignalSpy exported(audit, &AuditPage::exported);
  const std::string csv_path = std::string(KAKUNIN_CONSOLE_ARTIFACT_DIR) + "/audit_devices.csv";
  audit->ExportCsvTo(QString::fromStdString(csv_path));
  ASSERT_TRUE(exported.wait(kWaitMs));
  auto csv = Lines(ReadFile(csv_path));
  ASSERT_EQ(static_cast<int>(csv.size()), exported.value(0).value(1).toInt() + 1);
  EXPECT_EQ(csv[0], audit::kCsvHeader);
  // seq, then `at` in ISO 8601 UTC with microseconds (FORMAT.md §6).
  const std::regex kIsoAt(R"(^\d+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,)");
  bool has_enrolled = false;
  for (size_t i = 1; i < csv.size(); ++i) {
    has_enrolled |= csv[i].find(",device.enrolled,") != std::string::npos;
    EXPECT_TRUE(std::regex_search(csv[i], kIsoAt)) << csv[i];
    EXPECT_EQ(csv[i].find("check.result"), std::string::npos);
  }
  EXPECT_TRUE(has_enrolled);

  // The same search as JSON lines, `audit export --format json`'s format with ISO times.
  const std::string json_path = std::string(KAKUNIN_CONSOLE_ARTIFACT_DIR) + "/audit_devices.jsonl";
  exported.clear();
  audit->ExportJsonTo(QString::fromStdString(json_path));
  ASSERT_TRUE(exported.wait(kWaitMs));
  auto json = Lines(ReadFile(json_path));
  ASSERT_EQ(json.size(), csv.size() - 1);
  for (const auto& line : json) {
    auto rec = audit::FromJsonLine(line);
    ASSERT_TRUE(rec.ok()) << line;
    EXPECT_EQ(rec->event.rfind("device.", 0), 0u);
    EXPECT_TRUE(std::regex_search(line, std::regex(R"("at":"\d{4}-\d\d-\d\dT[0-9:.]+Z")"))) << line;
  }

  // Signed heads as witness lines that verify with the server's public key.
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        auto h = server.ListSignedHeads(5);
        return h.ok() && h->heads_size() > 0;
      },
      std::chrono::seconds(30)));
  const std::string heads_path = std::string(KAKUNIN_CONSOLE_ARTIFACT_DIR) + "/audit_heads.jsonl";
  exported.clear();
  audit->ExportHeadsTo(QString::fromStdString(heads_path));
  ASSERT_TRUE(exported.wait(kWaitMs));
  auto heads = Lines(ReadFile(heads_path));
  ASSERT_FALSE(heads.empty());
  auto key = crypto::PublicKeyFromPem(ReadFile(rig_->data_dir() + "/audit/head.pub"));
  ASSERT_TRUE(key.ok()) << key.error().ToString();
  for (const auto& line : heads) {
    auto head = audit::HeadFromJson(line);
    ASSERT_TRUE(head.ok()) << line;
    EXPECT_TRUE(audit::VerifyHead(*head, key->get()).ok()) << line;
  }
  // The exported file is what `kakunin-server audit verify --witness` takes.
  auto verify =
      rig_->Cli({"audit", "verify"}, {"--data-dir", rig_->data_dir(), "--witness", heads_path});
  ASSERT_TRUE(verify.ok()) << verify.error().ToString();
  // …and it reads it: a witness whose root was altered is reported (exit 3).
  std::string forged = heads.front();
  const auto root = forged.find("\"root_hash\":\"");
  ASSERT_NE(root, std::string::npos) << forged;
  char& digit = forged[root + 13];
  digit = digit == '0' ? '1' : '0';
  const std::string forged_path = std::string(KAKUNIN_CONSOLE_ARTIFACT_DIR) + "/forged_heads.jsonl";
  std::ofstream(forged_path) << forged << "\n";
  auto refused =
      rig_->Cli({"audit", "verify"}, {"--data-dir", rig_->data_dir(), "--witness", forged_path});
  EXPECT_FALSE(refused.ok());

  // Someone with database rights edits the enrollment record: "verify chain" names it, in red.
  ASSERT_TRUE(rig_->pg()
                  .Psql("kakunin", "UPDATE audit_log SET actor = 'user:mallory' WHERE seq = " +
                                       std::to_string(enrolled_seq))
                  .ok());
  verified.clear();
  audit->verify_button()->click();
  ASSERT_TRUE(verified.wait(kWaitMs));
  EXPECT_FALSE(verified.value(0).value(0).toBool());
  const QString verdict = audit->verify_label()->text();
  EXPECT_TRUE(verdict.contains(QString::number(enrolled_seq))) << verdict.toStdString();
  // Issue 20: the banner is Japanese through and through; the verifier's English summary is
  // only in the folded support section.
  EXPECT_FALSE(
      verdict.contains(QRegularExpression(QStringLiteral("[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}"))))
      << verdict.toStdString();
  EXPECT_FALSE(audit->verify_detail()->isVisibleTo(audit));
  EXPECT_TRUE(audit->verify_label()->styleSheet().contains(QStringLiteral("#b00020")));
  SaveAndCheck(&window, "audit_page_tampered.png");
}

}  // namespace
}  // namespace kakunin::console
