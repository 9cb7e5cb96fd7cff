#pragma once
// Shared set-up of the window tests: an offscreen QApplication with the Japanese translation and
// Noto Sans CJK JP, a FakeAgent on a temporary socket and the real window over the real gRPC
// client. Waits are on conditions with a deadline (QTest::qWaitFor), never fixed sleeps.

#include <gtest/gtest.h>

#include <QApplication>
#include <QFont>
#include <QTest>
#include <QTranslator>
#include <memory>

#include "agent/station/tests/fake_agent.h"
#include "agent/station/tests/fixtures.h"
#include "agent/station/ui/station_window.h"

namespace kakunin::station::testing {

inline constexpr int kWaitMs = 10000;

class WindowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "station_test";
    static char* argv[] = {name};
    if (!QApplication::instance()) {
      auto* app = new QApplication(argc, argv);
      auto* ja = new QTranslator(app);
      ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_station_ja.qm")));
      app->installTranslator(ja);
      app->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 11));
    }
  }

  // Starts the window against the fake agent, which first reports `status`.
  void Open(const v1::AgentStatus& status) {
    agent_.SetStatus(status);
    window_ = std::make_unique<StationWindow>(MakeGrpcStationBackend(agent_.address()));
    window_->show();
    window_->Start();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window_.get()));
    ASSERT_TRUE(WaitFor([&] { return window_->have_status() && window_->idle(); }));
  }

  // Pushes a new status and waits until the window shows it.
  void Push(const v1::AgentStatus& status) {
    agent_.SetStatus(status);
    ASSERT_TRUE(WaitFor(
        [&] { return window_->status().SerializeAsString() == status.SerializeAsString(); }));
  }

  template <typename F>
  static bool WaitFor(F condition) {
    return QTest::qWaitFor(condition, kWaitMs);
  }

  void TearDown() override { window_.reset(); }

  FakeAgent agent_;
  std::unique_ptr<StationWindow> window_;
};

}  // namespace kakunin::station::testing
