#include "console/ui/main_window.h"

#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QShortcut>
#include <QStatusBar>
#include <QVBoxLayout>

#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

MainWindow::MainWindow(QString server, std::string ca_pem, QWidget* parent)
    : QMainWindow(parent), server_(std::move(server)), ca_pem_(std::move(ca_pem)) {
  setWindowTitle(tr("Kakunin HQ console"));
  pages_ = new QStackedWidget(this);

  // The login form sits in a card in the middle of the window; refusals are shown inside it.
  auto* login_page = new QWidget;
  auto* centre = new QGridLayout(login_page);
  auto* card = new QFrame;
  card->setFrameShape(QFrame::StyledPanel);
  card->setMaximumWidth(560);
  auto* card_layout = new QVBoxLayout(card);
  auto* title = new QLabel(tr("Kakunin HQ console"));
  title->setStyleSheet(QStringLiteral("font-size: 20pt; font-weight: bold;"));
  auto* subtitle = new QLabel(
      tr("Terminals, eligibility checks, the audit log and subsidies of the whole chain."));
  subtitle->setWordWrap(true);
  card_layout->addWidget(title);
  card_layout->addWidget(subtitle);
  auto* form = new QFormLayout;
  card_layout->addLayout(form);
  login_error_ = PlainLabel();
  login_error_->setWordWrap(true);
  login_error_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
  login_error_->hide();
  card_layout->addWidget(login_error_);
  centre->addWidget(card, 0, 0, Qt::AlignCenter);
  server_edit_ = new QLineEdit(server_);
  login_edit_ = new QLineEdit;
  password_edit_ = new QLineEdit;
  password_edit_->setEchoMode(QLineEdit::Password);
  login_button_ = new QPushButton(tr("Log in"));
  form->addRow(tr("Server"), server_edit_);
  form->addRow(tr("User"), login_edit_);
  form->addRow(tr("Password"), password_edit_);
  form->addRow(login_button_);
  connect(login_button_, &QPushButton::clicked, this, &MainWindow::StartLogin);
  connect(password_edit_, &QLineEdit::returnPressed, this, &MainWindow::StartLogin);
  pages_->addWidget(login_page);

  auto* work_page = new QWidget;
  auto* work_layout = new QVBoxLayout(work_page);
  user_label_ = PlainLabel();
  work_layout->addWidget(user_label_);
  tabs_ = new QTabWidget;
  results_ = new ResultsPage;
  terminals_ = new TerminalsPage;
  sites_ = new SitesPage;
  audit_ = new AuditPage;
  dashboard_ = new DashboardPage;
  tabs_->addTab(dashboard_, tr("&1 Dashboard"));
  tabs_->addTab(results_, tr("&2 Checks"));
  tabs_->addTab(terminals_, tr("&3 Terminals"));
  tabs_->addTab(sites_, tr("&4 Sites"));
  tabs_->addTab(audit_, tr("&5 Audit log"));
  AddSubsidyAndUserPages();
  failures_ = new FailureReportPage;
  tabs_->addTab(failures_, tr("Card failures"));
  connect(failures_, &FailureReportPage::failed, this, &MainWindow::failed);
  connect(failures_, &FailureReportPage::sessionExpired, this, &MainWindow::BackToLogin);
  certificates_ = new CertCalendarPage;
  tabs_->addTab(certificates_, CertCalendarPage::Title());
  connect(certificates_, &CertCalendarPage::failed, this, &MainWindow::failed);
  connect(certificates_, &CertCalendarPage::sessionExpired, this, &MainWindow::BackToLogin);
  onboarding_ = new OnboardingPage;
  tabs_->addTab(onboarding_, tr("Onboarding"));
  connect(onboarding_, &OnboardingPage::failed, this, &MainWindow::failed);
  connect(onboarding_, &OnboardingPage::sessionExpired, this, &MainWindow::BackToLogin);
  work_layout->addWidget(tabs_);
  pages_->addWidget(work_page);
  // Ctrl+1…4 switch pages from anywhere, as in a browser.
  for (int i = 0; i < tabs_->count(); ++i) {
    auto* s = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
    connect(s, &QShortcut::activated, this, [this, i] { tabs_->setCurrentIndex(i); });
  }
  // A page is loaded when it is first shown, then on F5.
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
    if (i == kTerminalsTab && terminals_->model()->rowCount() == 0) terminals_->Refresh();
    if (i == kSitesTab && sites_->model()->rowCount() == 0) sites_->Refresh();
    if (tabs_->widget(i) == failures_ && !failures_->loaded_once()) failures_->Refresh();
    if (tabs_->widget(i) == certificates_ && !certificates_->loaded_once()) {
      certificates_->Refresh();
    }
    if (tabs_->widget(i) == onboarding_ && !onboarding_->loaded_once()) onboarding_->Refresh();
  });
  // The page shows its own count (live rows change it); the status bar only says "loading".
  connect(results_, &ResultsPage::resultsLoaded, this, [this](int n) {
    status_->clear();
    emit resultsLoaded(n);
  });
  connect(results_, &ResultsPage::failed, this, &MainWindow::failed);
  connect(terminals_, &TerminalsPage::failed, this, &MainWindow::failed);
  connect(sites_, &SitesPage::failed, this, &MainWindow::failed);
  connect(audit_, &AuditPage::failed, this, &MainWindow::failed);
  connect(dashboard_, &DashboardPage::failed, this, &MainWindow::failed);
  connect(dashboard_, &DashboardPage::sessionExpired, this, &MainWindow::BackToLogin);
  connect(results_, &ResultsPage::sessionExpired, this, &MainWindow::BackToLogin);
  connect(terminals_, &TerminalsPage::sessionExpired, this, &MainWindow::BackToLogin);
  connect(sites_, &SitesPage::sessionExpired, this, &MainWindow::BackToLogin);
  connect(audit_, &AuditPage::sessionExpired, this, &MainWindow::BackToLogin);

  setCentralWidget(pages_);
  status_ = PlainLabel();
  statusBar()->addWidget(status_);
  resize(1280, 640);
}

void MainWindow::SetCredentials(const QString& login, const QString& password) {
  login_edit_->setText(login);
  password_edit_->setText(password);
}

void MainWindow::BackToLogin() {
  results_->EndSession();
  dashboard_->EndSession();
  failures_->EndSession();
  certificates_->EndSession();
  onboarding_->EndSession();
  pages_->setCurrentIndex(0);
}

void MainWindow::ShowError(const Error& e) {
  QString text = ErrorText::For(e);
  if (ErrorText::NeedsLogin(e)) BackToLogin();
  status_->setText(text);
  if (pages_->currentIndex() == 0) {
    login_error_->setText(text);
    login_error_->show();
  }
  emit failed(text);
}

void MainWindow::StartLogin() {
  login_button_->setEnabled(false);
  status_->setText(tr("Logging in…"));
  server_ = server_edit_->text();
  // Calls of the previous session keep their own client alive until they finish.
  client_ = std::make_shared<ConsoleClient>(server_.toStdString(), ca_pem_);
  runner_.Run(
      [client = client_, login = login_edit_->text().toStdString(),
       password = password_edit_->text().toStdString()] { return client->Login(login, password); },
      [this](Result<v1::LoginResponse>& r) {
        login_button_->setEnabled(true);
        if (!r.ok()) return ShowError(r.error());
        password_edit_->clear();
        const auto& user = r->user();
        user_label_->setText(tr("Logged in as %1").arg(QString::fromStdString(user.login())));
        terminals_->SetSession(client_, user.role());
        sites_->SetSession(client_, user.role());
        // The server refuses results to auditors and the audit log to branch roles; the
        // console does not offer what would only be refused.
        const bool sees_results = user.role() != v1::ROLE_AUDITOR;
        const bool sees_audit = user.role() == v1::ROLE_HQ_ADMIN || user.role() == v1::ROLE_AUDITOR;
        const bool sees_dashboard = user.role() != v1::ROLE_STAFF;
        tabs_->setTabEnabled(kDashboardTab, sees_dashboard);
        tabs_->setTabEnabled(kResultsTab, sees_results);
        tabs_->setTabEnabled(kAuditTab, sees_audit);
        tabs_->setCurrentIndex(sees_dashboard ? kDashboardTab : kResultsTab);
        StartSubsidyAndUserPages(user.role());
        login_error_->hide();
        pages_->setCurrentIndex(1);
        emit loggedIn();
        if (sees_results) results_->SetSession(client_);
        if (sees_audit) audit_->SetSession(client_);
        if (sees_dashboard) dashboard_->SetSession(client_);
        // Same roles as the dashboard; the report loads when its tab is first shown.
        tabs_->setTabVisible(tabs_->indexOf(failures_), sees_dashboard);
        if (sees_dashboard) failures_->SetSession(client_);
        // The certificate calendar: readers as the dashboard; HQ administrators record.
        tabs_->setTabVisible(tabs_->indexOf(certificates_), sees_dashboard);
        if (sees_dashboard) certificates_->SetSession(client_, user.role());
        // The onboarding board: readers as the dashboard; HQ administrators change stages.
        tabs_->setTabVisible(tabs_->indexOf(onboarding_), sees_dashboard);
        if (sees_dashboard) {
          onboarding_->SetSession(client_, user.role() == v1::ROLE_HQ_ADMIN);
        }
      });
}

void MainWindow::Refresh() {
  if (!client_) return;
  status_->setText(tr("Loading…"));
  results_->Search();
}

// ---- Subsidies and Users pages ----

void MainWindow::AddSubsidyAndUserPages() {
  subsidies_ = new SubsidiesPage;
  users_ = new UsersPage;
  tabs_->addTab(subsidies_, tr("Subsidies"));
  tabs_->addTab(users_, tr("Users and roles"));
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
    QWidget* page = tabs_->widget(i);
    if (page == subsidies_ && subsidies_->claims_model()->rowCount() == 0 &&
        subsidies_->programs_model()->rowCount() == 0) {
      subsidies_->Refresh();
    }
    if (page == users_ && users_->model()->rowCount() == 0) users_->Refresh();
  });
  connect(subsidies_, &SubsidiesPage::failed, this, &MainWindow::failed);
  connect(subsidies_, &SubsidiesPage::sessionExpired, this, &MainWindow::BackToLogin);
  connect(users_, &UsersPage::failed, this, &MainWindow::failed);
  connect(users_, &UsersPage::sessionExpired, this, &MainWindow::BackToLogin);
}

void MainWindow::StartSubsidyAndUserPages(v1::Role role) {
  subsidies_->SetSession(client_, role);
  users_->SetSession(client_, role);
  // Staff have no subsidy view; only HQ administrators manage users.
  tabs_->setTabVisible(tabs_->indexOf(subsidies_), role != v1::ROLE_STAFF);
  tabs_->setTabVisible(tabs_->indexOf(users_), role == v1::ROLE_HQ_ADMIN);
}

}  // namespace kakunin::console
