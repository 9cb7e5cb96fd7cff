#pragma once
// The console's main window: a login page, then tabs for the dashboard, results (live),
// terminals, sites and the audit log. Every server call runs on a worker thread; its answer comes
// back to the UI thread as a queued call.

#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <memory>

#include "console/client/console_client.h"
#include "console/ui/async_runner.h"
#include "console/ui/audit_page.h"
#include "console/ui/cert_calendar_page.h"
#include "console/ui/dashboard_page.h"
#include "console/ui/failure_report_page.h"
#include "console/ui/onboarding_page.h"
#include "console/ui/results_page.h"
#include "console/ui/sites_page.h"
#include "console/ui/subsidies_page.h"
#include "console/ui/terminals_page.h"
#include "console/ui/users_page.h"

namespace kakunin::console {

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  enum Tab { kDashboardTab, kResultsTab, kTerminalsTab, kSitesTab, kAuditTab };
  MainWindow(QString server, std::string ca_pem, QWidget* parent = nullptr);
  void SetCredentials(const QString& login, const QString& password);
  ResultsModel* results_model() { return results_->model(); }
  ResultsPage* results_page() { return results_; }
  AuditPage* audit_page() { return audit_; }
  DashboardPage* dashboard_page() { return dashboard_; }
  TerminalsPage* terminals_page() { return terminals_; }
  SitesPage* sites_page() { return sites_; }
  QTabWidget* tabs() { return tabs_; }
  // Subsidies and Users (HQ administrators only) pages.
  SubsidiesPage* subsidies_page() { return subsidies_; }
  UsersPage* users_page() { return users_; }
  // Issue 19: card and reader failures per store and reader model (not for staff).
  FailureReportPage* failure_page() { return failures_; }
  // Issue 19: the certificate calendar (not for staff).
  CertCalendarPage* certificate_page() { return certificates_; }
  // Issue 19: the onboarding board (not for staff).
  OnboardingPage* onboarding_page() { return onboarding_; }
  // The address of the last login (what the server field said then).
  const QString& server() const { return server_; }

 public slots:
  void StartLogin();
  void Refresh();

 signals:
  void loggedIn();
  void resultsLoaded(int rows);
  void failed(QString message);

 private:
  void ShowError(const Error& e);
  void BackToLogin();

  AsyncRunner runner_{this};
  QString server_;
  std::string ca_pem_;
  std::shared_ptr<ConsoleClient> client_;
  QStackedWidget* pages_;
  QLineEdit* server_edit_;
  QLineEdit* login_edit_;
  QLineEdit* password_edit_;
  QPushButton* login_button_;
  QLabel* status_;
  QLabel* login_error_;
  QTabWidget* tabs_;
  QLabel* user_label_;
  ResultsPage* results_;
  AuditPage* audit_;
  DashboardPage* dashboard_;
  TerminalsPage* terminals_;
  SitesPage* sites_;
  // Subsidies and Users pages.
  void AddSubsidyAndUserPages();
  void StartSubsidyAndUserPages(v1::Role role);
  SubsidiesPage* subsidies_ = nullptr;
  UsersPage* users_ = nullptr;
  FailureReportPage* failures_ = nullptr;
  CertCalendarPage* certificates_ = nullptr;
  OnboardingPage* onboarding_ = nullptr;
};

}  // namespace kakunin::console
