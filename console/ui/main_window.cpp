#include "console/ui/main_window.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QMetaObject>
#include <QStatusBar>
#include <QVBoxLayout>
#include <thread>

namespace kakunin::console {

MainWindow::MainWindow(QString server, std::string ca_pem, QWidget* parent)
    : QMainWindow(parent), server_(std::move(server)), ca_pem_(std::move(ca_pem)) {
  setWindowTitle(tr("Kakunin Console"));
  pages_ = new QStackedWidget(this);

  auto* login_page = new QWidget;
  auto* form = new QFormLayout(login_page);
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

  auto* results_page = new QWidget;
  auto* layout = new QVBoxLayout(results_page);
  user_label_ = new QLabel;
  auto* title = new QLabel(tr("Eligibility checks"));
  title->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
  auto* refresh = new QPushButton(tr("Refresh"));
  connect(refresh, &QPushButton::clicked, this, &MainWindow::Refresh);
  model_ = new ResultsModel(this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  table_ = new QTableView;
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  layout->addWidget(title);
  layout->addWidget(user_label_);
  layout->addWidget(refresh);
  layout->addWidget(table_);
  pages_->addWidget(results_page);

  setCentralWidget(pages_);
  status_ = new QLabel;
  statusBar()->addWidget(status_);
  resize(1100, 600);
}

MainWindow::~MainWindow() {
  for (auto& t : workers_) t.join();
}

void MainWindow::SetCredentials(const QString& login, const QString& password) {
  login_edit_->setText(login);
  password_edit_->setText(password);
}

void MainWindow::RunAsync(std::function<void()> work, std::function<void()> done) {
  workers_.emplace_back([this, work = std::move(work), done = std::move(done)] {
    work();
    QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
  });
}

void MainWindow::ShowError(const Error& e) {
  QString text;
  if (e.reason() == "auth.bad_credentials") {
    text = tr("Wrong user name or password.");
  } else if (e.reason() == "auth.locked") {
    text = tr("This account is locked after repeated failures. Try again later.");
  } else if (e.reason() == "auth.session_expired") {
    text = tr("Your session has expired. Please log in again.");
    pages_->setCurrentIndex(0);
  } else if (e.code() == ErrorCode::kUnavailable) {
    text = tr("Cannot reach the server. Check the address and the network.");
  } else {
    text = tr("The server refused the request: %1").arg(QString::fromStdString(e.message()));
  }
  status_->setText(text);
  emit failed(text);
}

void MainWindow::StartLogin() {
  login_button_->setEnabled(false);
  status_->setText(tr("Logging in…"));
  server_ = server_edit_->text();
  client_ = std::make_unique<ConsoleClient>(server_.toStdString(), ca_pem_);
  auto result = std::make_shared<std::optional<Result<v1::LoginResponse>>>();
  std::string login = login_edit_->text().toStdString();
  std::string password = password_edit_->text().toStdString();
  ConsoleClient* client = client_.get();
  RunAsync([=, this] { result->emplace(client->Login(login, password)); },
           [=, this] {
             login_button_->setEnabled(true);
             if (!(*result)->ok()) return ShowError((*result)->error());
             password_edit_->clear();
             const auto& user = (**result)->user();
             user_label_->setText(tr("Logged in as %1").arg(QString::fromStdString(user.login())));
             pages_->setCurrentIndex(1);
             emit loggedIn();
             Refresh();
           });
}

void MainWindow::Refresh() {
  if (!client_) return;
  status_->setText(tr("Loading…"));
  auto result = std::make_shared<std::optional<Result<v1::QueryResultsResponse>>>();
  ConsoleClient* client = client_.get();
  RunAsync(
      [=, this] {
        v1::QueryResultsRequest req;
        req.set_page_size(200);
        result->emplace(client->QueryResults(req));
      },
      [=, this] {
        if (!(*result)->ok()) return ShowError((*result)->error());
        std::vector<v1::ResultRow> rows((**result)->rows().begin(), (**result)->rows().end());
        int n = static_cast<int>(rows.size());
        model_->SetRows(std::move(rows));
        table_->resizeColumnsToContents();
        status_->setText(tr("%n check(s)", "", n));
        emit resultsLoaded(n);
      });
}

}  // namespace kakunin::console
