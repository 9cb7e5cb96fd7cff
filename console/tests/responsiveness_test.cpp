// No server call blocks the UI thread. A fake client (the one seam faked in these tests) holds
// QueryResults and VerifyAudit until the test releases them; meanwhile a QTimer on the UI
// thread must keep firing every few milliseconds, and the answer must still arrive once the call
// returns; the dashboard's automatic refresh does not stack calls behind a slow one. The same fake
// shows that the Results page sends its filters and page tokens to the server rather than filtering
// on the client.
#include <gtest/gtest.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "console/client/result_watcher.h"
#include "console/ui/audit_page.h"
#include "console/ui/dashboard_page.h"
#include "console/ui/results_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;

// Holds the slow calls until Release(); the rest answer at once. The watch goes to a closed
// port and simply keeps retrying, as it would with the server down.
class SlowClient : public ConsoleClient {
 public:
  SlowClient() : ConsoleClient("127.0.0.1:1", "") {}

  Result<v1::QueryResultsResponse> QueryResults(const v1::QueryResultsRequest& req) override {
    Hold(req);
    v1::QueryResultsResponse resp;
    for (int i = 0; i < 2; ++i) {
      auto* row = resp.add_rows();
      row->set_check_id(req.page_token() + "chk-" + std::to_string(i));
      row->set_site_id("honcho");
      row->mutable_result()->set_outcome(v1::OUTCOME_ELIGIBLE);
    }
    if (req.page_token().empty()) resp.set_next_page_token("page2/");
    return resp;
  }
  Result<v1::VerifyAuditResponse> VerifyAudit(const v1::VerifyAuditRequest&) override {
    Hold({});
    v1::VerifyAuditResponse resp;
    resp.set_ok(true);
    resp.set_records_checked(1234);
    return resp;
  }
  Result<v1::Dashboard> GetDashboard(const v1::GetDashboardRequest& req) override {
    dashboard_calls_++;
    v1::QueryResultsRequest as_seen;
    *as_seen.mutable_filter()->mutable_from() = req.from();
    Hold(as_seen);
    v1::Dashboard d;
    auto* b = d.add_buckets();
    *b->mutable_start() = req.from();
    b->set_site_id("honcho");
    b->set_mode(v1::IDENTITY_MODE_PIN);
    b->set_checks(42);
    b->set_failures(2);
    d.set_devices_online(3);
    return d;
  }
  int dashboard_calls() const { return dashboard_calls_; }
  Result<v1::QueryAuditResponse> QueryAudit(const v1::QueryAuditRequest&) override {
    return v1::QueryAuditResponse();
  }
  Result<v1::ListSitesResponse> ListSites() override { return v1::ListSitesResponse(); }
  Result<v1::ListDevicesResponse> ListDevices(const std::string&) override {
    return v1::ListDevicesResponse();
  }

  void SetSlow(bool slow) {
    std::lock_guard lock(mu_);
    released_ = !slow;
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  int held() const { return held_; }
  v1::QueryResultsRequest last_request() {
    std::lock_guard lock(mu_);
    return last_;
  }

 private:
  void Hold(const v1::QueryResultsRequest& req) {
    std::unique_lock lock(mu_);
    last_ = req;
    ++held_;
    cv_.wait(lock, [this] { return released_; });
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool released_ = false;
  std::atomic<int> held_{0};
  std::atomic<int> dashboard_calls_{0};
  v1::QueryResultsRequest last_;
};

// Counts UI-thread timer ticks and the longest gap between two of them.
struct Heartbeat {
  Heartbeat() {
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, [this] {
      if (ticks > 0)
        longest_gap_ms = std::max(longest_gap_ms, clock.restart());
      else
        clock.start();
      ++ticks;
    });
    timer.start();
  }
  QTimer timer;
  QElapsedTimer clock;
  int ticks = 0;
  qint64 longest_gap_ms = 0;
};

class Responsiveness : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "responsiveness_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static QApplication* app_;
};
QApplication* Responsiveness::app_ = nullptr;

TEST_F(Responsiveness, TheUiKeepsRunningWhileASearchIsSlow) {
  auto client = std::make_shared<SlowClient>();
  ResultsPage page;
  page.SetWatchBackoff({std::chrono::seconds(5), std::chrono::seconds(5)});
  page.show();
  QSignalSpy loaded(&page, &ResultsPage::resultsLoaded);
  page.SetSession(client);  // loads choices, then searches: the search is held
  ASSERT_TRUE(QTest::qWaitFor([&] { return client->held() == 1; }, kWaitMs));

  Heartbeat beat;
  // 40 ticks of 5 ms while the call is still held: the UI thread is free.
  ASSERT_TRUE(QTest::qWaitFor([&] { return beat.ticks >= 40; }, kWaitMs));
  EXPECT_EQ(page.pending_calls(), 1);
  EXPECT_TRUE(loaded.isEmpty());
  EXPECT_FALSE(page.search_button()->isEnabled());  // no second search while one runs
  EXPECT_LT(beat.longest_gap_ms, 250);
  // Staff can still work the filters meanwhile.
  page.outcome_box()->setCurrentIndex(2);
  EXPECT_EQ(page.Filter().outcome(), v1::OUTCOME_INELIGIBLE);

  client->Release();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(loaded.value(0).value(0).toInt(), 2);
  EXPECT_EQ(page.pending_calls(), 0);
}

TEST_F(Responsiveness, TheUiKeepsRunningWhileVerificationIsSlow) {
  auto client = std::make_shared<SlowClient>();
  AuditPage page;
  page.show();
  QSignalSpy searched(&page, &AuditPage::recordsLoaded);
  page.SetSession(client);
  ASSERT_TRUE(searched.wait(kWaitMs));
  QSignalSpy verified(&page, &AuditPage::verified);
  page.verify_button()->click();
  ASSERT_TRUE(QTest::qWaitFor([&] { return client->held() == 1; }, kWaitMs));

  Heartbeat beat;
  ASSERT_TRUE(QTest::qWaitFor([&] { return beat.ticks >= 40; }, kWaitMs));
  EXPECT_TRUE(verified.isEmpty());
  EXPECT_FALSE(page.verify_button()->isEnabled());
  EXPECT_LT(beat.longest_gap_ms, 250);

  client->Release();
  ASSERT_TRUE(verified.wait(kWaitMs));
  EXPECT_TRUE(verified.value(0).value(0).toBool());
  EXPECT_TRUE(page.verify_label()->text().contains(QStringLiteral("1234")));
  EXPECT_TRUE(page.verify_label()->styleSheet().contains(QStringLiteral("#1b5e20")));
}

// The dashboard refreshes itself every few ms here; a slow answer must neither freeze the UI
// nor pile calls up behind it.
TEST_F(Responsiveness, TheUiKeepsRunningWhileTheDashboardIsSlow) {
  auto client = std::make_shared<SlowClient>();
  DashboardPage page;
  page.SetRefreshInterval(std::chrono::milliseconds(10));
  page.show();
  QSignalSpy loaded(&page, &DashboardPage::loaded);
  page.SetSession(client);
  ASSERT_TRUE(QTest::qWaitFor([&] { return client->held() == 1; }, kWaitMs));

  Heartbeat beat;
  ASSERT_TRUE(QTest::qWaitFor([&] { return beat.ticks >= 40; }, kWaitMs));
  EXPECT_TRUE(loaded.isEmpty());
  EXPECT_EQ(client->dashboard_calls(), 1);  // the timer fired many times; one call in flight
  EXPECT_EQ(page.pending_calls(), 1);
  EXPECT_LT(beat.longest_gap_ms, 250);

  client->Release();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(page.tile_value(DashboardPage::kChecks)->text(), QStringLiteral("42"));
  EXPECT_EQ(page.tile_value(DashboardPage::kOnline)->text(), QStringLiteral("3"));
  // Released, the timer's next refreshes go through again.
  ASSERT_TRUE(QTest::qWaitFor([&] { return client->dashboard_calls() >= 3; }, kWaitMs));
  page.EndSession();
}

TEST_F(Responsiveness, FiltersAndPageTokensGoToTheServer) {
  auto client = std::make_shared<SlowClient>();
  client->SetSlow(false);
  ResultsPage page;
  page.SetWatchBackoff({std::chrono::seconds(5), std::chrono::seconds(5)});
  page.SetPageSize(2);
  QSignalSpy loaded(&page, &ResultsPage::resultsLoaded);
  page.SetSession(client);
  ASSERT_TRUE(loaded.wait(kWaitMs));

  page.outcome_box()->setCurrentIndex(page.outcome_box()->findData(v1::OUTCOME_NOT_FOUND));
  page.route_box()->setCurrentIndex(page.route_box()->findData(v1::CHECK_ROUTE_ONLINE));
  page.mode_box()->setCurrentIndex(page.mode_box()->findData(v1::IDENTITY_MODE_PIN));
  page.range_box()->setChecked(true);
  page.from_edit()->setDate(QDate(2026, 4, 1));
  page.to_edit()->setDate(QDate(2026, 4, 30));
  page.search_button()->click();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  auto req = client->last_request();
  EXPECT_EQ(req.page_size(), 2u);
  EXPECT_TRUE(req.page_token().empty());
  EXPECT_EQ(req.filter().outcome(), v1::OUTCOME_NOT_FOUND);
  EXPECT_EQ(req.filter().route(), v1::CHECK_ROUTE_ONLINE);
  EXPECT_EQ(req.filter().mode(), v1::IDENTITY_MODE_PIN);
  // Whole days in Japan time: 2026-04-01 00:00 to 2026-04-30 23:59:59 (+09:00).
  EXPECT_EQ(req.filter().from().seconds(), 1774969200);
  EXPECT_EQ(req.filter().to().seconds(), 1777561199);
  EXPECT_TRUE(page.more_button()->isEnabled());

  QSignalSpy more(&page, &ResultsPage::moreLoaded);
  page.more_button()->click();
  ASSERT_TRUE(more.wait(kWaitMs));
  EXPECT_EQ(client->last_request().page_token(), "page2/");
  EXPECT_EQ(client->last_request().filter().outcome(), v1::OUTCOME_NOT_FOUND);
  EXPECT_EQ(page.model()->rowCount(), 4);
  EXPECT_FALSE(page.more_button()->isEnabled());  // the fake's second page is the last
}

// The live feed can be switched (a new filter) and closed (a page closed, a logout) at any moment,
// also while its call is still being placed. gRPC 1.51 lost the end of a call cancelled that
// early, and closing the Results page then froze the window (once in about twenty runs of the
// test above). Each round uses a new channel, as a new login does; the server is unreachable, so
// every call is in its first moments when it is cancelled.
void BusyFor(std::chrono::microseconds span) {
  const auto end = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < end) {
  }
}

TEST_F(Responsiveness, TheLiveFeedStopsAtAnyMoment) {
  using std::chrono::milliseconds;
  const int abandoned_before = ResultWatcher::abandoned_workers();
  v1::WatchRequest other;
  other.mutable_filter()->set_site_id("honcho");
  for (int round = 0; round < 400; ++round) {
    auto client = std::make_shared<SlowClient>();
    auto watcher = std::make_unique<ResultWatcher>(
        client, ResultWatcher::Backoff{milliseconds(1), milliseconds(2)});
    watcher->Watch(v1::WatchRequest());
    // The cancels land anywhere in a call's first two milliseconds: where its pick is made.
    const auto spread = std::chrono::microseconds(round % 200 * 10);
    BusyFor(spread);
    watcher->Watch(other);
    BusyFor(spread);
    watcher.reset();  // returns only once the worker has ended, or gives it up
  }
  EXPECT_EQ(ResultWatcher::abandoned_workers(), abandoned_before)
      << "a watch call's end was lost; its worker was left behind";
}

}  // namespace
}  // namespace kakunin::console
