// Issue 19: the certificate calendar as HQ reads it, for the 55 stores of the chain's import
// file (tests/data/site_import/stores_55.csv) with realistic dates: every store's 資格確認端末
// certificate (some read from the file on the store's PC, some recorded by HQ, some not yet
// entered) and one or two Kakunin terminals each. The page runs offscreen with the Japanese
// translation over a fake client; the test asserts the words a person reads, the red rows of
// stores whose certificate has expired (every row of such a store), the yellow 30-day and
// orange 7-day rows, the warnings-only filter, the dashboard's warning list and HQ's record
// dialog with the server's Japanese refusal. The page is saved as a screenshot.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFont>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/domain/date.h"
#include "console/models/cert_calendar_model.h"
#include "console/ui/cert_calendar_page.h"
#include "console/ui/dashboard_page.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;
constexpr char kToday[] = "2026-03-02";

// The store names of the import file (second column), in file order.
std::vector<std::string> StoreNames() {
  std::ifstream in(KAKUNIN_SITE_IMPORT_FIXTURE);
  std::string line;
  std::vector<std::string> names;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const size_t a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    names.push_back(line.substr(a + 1, b - a - 1));
  }
  return names;
}

v1::CertificateUrgency UrgencyOf(int days) {
  if (days < 0) return v1::CERTIFICATE_URGENCY_EXPIRED;
  if (days <= 7) return v1::CERTIFICATE_URGENCY_WARN_7;
  if (days <= 30) return v1::CERTIFICATE_URGENCY_WARN_30;
  if (days <= 60) return v1::CERTIFICATE_URGENCY_WARN_60;
  if (days <= 90) return v1::CERTIFICATE_URGENCY_WARN_90;
  return v1::CERTIFICATE_URGENCY_FINE;
}

int Rank(v1::CertificateUrgency u) {
  constexpr v1::CertificateUrgency kOrder[] = {
      v1::CERTIFICATE_URGENCY_EXPIRED, v1::CERTIFICATE_URGENCY_WARN_7,
      v1::CERTIFICATE_URGENCY_WARN_30, v1::CERTIFICATE_URGENCY_WARN_60,
      v1::CERTIFICATE_URGENCY_WARN_90, v1::CERTIFICATE_URGENCY_UNKNOWN};
  return static_cast<int>(std::find(std::begin(kOrder), std::end(kOrder), u) - kOrder);
}

// Days left of store i's 資格確認端末 certificate: two expired (one since yesterday), and
// stores on every threshold; every ninth store has no date yet.
std::optional<int> TerminalDaysLeft(size_t i) {
  static const int kDays[] = {-3, -1, 0, 5, 7, 12, 20, 30, 45, 60, 75, 88, 90, 140, 260, 400, 610};
  if (i % 9 == 8) return std::nullopt;
  if (i == 20) return -12;  // two more stores whose certificate lapsed: four red in all
  if (i == 37) return -40;
  return kDays[i % std::size(kDays)] + (i >= std::size(kDays) ? 150 + static_cast<int>(i) : 0);
}

v1::CertificateEntry Dated(v1::CertificateEntry e, int days) {
  e.set_days_left(days);
  e.set_last_valid_day(domain::FormatIso(domain::AddDays(domain::Date{2026, 3, 2}, days)));
  e.set_urgency(UrgencyOf(days));
  const int t = days < 0     ? 0
                : days <= 7  ? 7
                : days <= 30 ? 30
                : days <= 60 ? 60
                : days <= 90 ? 90
                             : 0;
  e.set_warning_threshold(t);
  e.set_renewal_open(days >= 0 && days <= 90);
  return e;
}

v1::CertificateCalendar ChainCalendar() {
  const auto names = StoreNames();
  v1::CertificateCalendar cal;
  cal.set_today(kToday);
  for (int d : {90, 60, 30, 7}) cal.add_warning_days(d);
  std::vector<v1::CertificateEntry> entries;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string id = "store-" + std::to_string(i + 1);
    v1::CertificateEntry t;
    t.set_kind(v1::CERTIFICATE_KIND_TERMINAL);
    t.set_site_id(id);
    t.set_site_name(names[i]);
    if (auto days = TerminalDaysLeft(i)) {
      t = Dated(t, *days);
      if (i % 2 == 0) {
        t.set_source("file");
        t.set_certificate_path("/mnt/oqs/cert/terminal.cer");
        t.set_terminal_name(names[i] + "1号機");
        t.mutable_reported_at()->set_seconds(1772380800);  // 2026-03-02 01:00 JST
      } else {
        t.set_source("hq");
        t.set_recorded_by("user:admin");
      }
    } else {
      t.set_source("none");
      t.set_urgency(v1::CERTIFICATE_URGENCY_UNKNOWN);
    }
    if (i == 10) t.set_file_problem("cert_file.private_key");
    entries.push_back(t);
    for (int n = 1; n <= (i % 3 == 0 ? 2 : 1); ++n) {
      v1::CertificateEntry d;
      d.set_kind(v1::CERTIFICATE_KIND_DEVICE);
      d.set_site_id(id);
      d.set_site_name(names[i]);
      d.set_device_id("dev-" + std::to_string(i + 1) + "-" + std::to_string(n));
      d.set_terminal_name(names[i] + std::to_string(n) + "号機");
      d.set_source("device");
      d = Dated(d, 200 + static_cast<int>(i));
      d.mutable_last_renewed_at()->set_seconds(1760000000);
      if (i == 4) {  // renewal failing for weeks: 6 days left
        d = Dated(d, 6);
        d.mutable_last_renewal_failed_at()->set_seconds(1772300000);
        d.set_last_renewal_failure("device.not_active");
      }
      entries.push_back(d);
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (Rank(a.urgency()) != Rank(b.urgency())) return Rank(a.urgency()) < Rank(b.urgency());
    return a.days_left() < b.days_left();
  });
  std::set<std::string> red;
  for (auto& e : entries) {
    if (e.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED) {
      red.insert(e.site_id());
      cal.set_expired(cal.expired() + 1);
    } else if (e.warning_threshold() > 0) {
      cal.set_warnings(cal.warnings() + 1);
    } else if (e.urgency() == v1::CERTIFICATE_URGENCY_UNKNOWN) {
      cal.set_unknown(cal.unknown() + 1);
    }
    *cal.add_entries() = e;
  }
  cal.set_sites(static_cast<uint32_t>(names.size()));
  cal.set_sites_expired(static_cast<uint32_t>(red.size()));
  return cal;
}

class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {}
  Result<v1::CertificateCalendar> GetCertificateCalendar(const std::string&) override {
    ++calendar_calls;
    return ChainCalendar();
  }
  Result<v1::CertificateEntry> SetTerminalCertificateExpiry(
      const v1::SetTerminalCertificateExpiryRequest& req) override {
    sets.push_back(req);
    // The server's refusal, as it words it (server/storage/cert_calendar_store.cpp).
    return MakeError(ErrorCode::kInvalidArgument, "cert.bad_date",
                     "日付は 2027-03-31 のように「年-月-日」で入力してください。");
  }
  int calendar_calls = 0;
  std::vector<v1::SetTerminalCertificateExpiryRequest> sets;
};

QString Cell(QAbstractItemModel* m, int row, int column) {
  return m->index(row, column).data().toString();
}
QColor Background(QAbstractItemModel* m, int row, int column) {
  return m->index(row, column).data(Qt::BackgroundRole).value<QColor>();
}
bool HasEnglishSentence(const QString& text) {
  static const QRegularExpression words(QStringLiteral("[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}"));
  return words.match(text).hasMatch();
}

class CertCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "cert_calendar_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));
  }
  static inline QApplication* app_ = nullptr;
};

TEST_F(CertCalendarTest, FiftyFiveStoresMostUrgentFirstExpiredStoresRed) {
  auto client = std::make_shared<FakeClient>();
  CertCalendarPage page;
  QAbstractItemModelTester tester(page.model(),
                                  QAbstractItemModelTester::FailureReportingMode::Fatal);
  page.resize(1400, 900);
  page.show();
  page.SetSession(client, v1::ROLE_HQ_ADMIN);
  QSignalSpy loaded(&page, &CertCalendarPage::loaded);
  page.Refresh();
  ASSERT_TRUE(loaded.wait(kWaitMs));
  CertCalendarModel* m = page.model();
  ASSERT_GE(StoreNames().size(), 50u);
  ASSERT_GE(m->rowCount(), 100);  // every store's two or three certificates

  QStringList headers;
  for (int c = 0; c < CertCalendarModel::kColumnCount; ++c) {
    headers << m->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
  }
  EXPECT_EQ(headers, (QStringList{QStringLiteral("店舗"), QStringLiteral("証明書"),
                                  QStringLiteral("有効期限"), QStringLiteral("残り日数"),
                                  QStringLiteral("状態"), QStringLiteral("詳細")}));

  // First row: the store whose certificate lapsed longest ago (40 days), in red, in words.
  EXPECT_EQ(Cell(m, 0, CertCalendarModel::kStore), QString::fromStdString(StoreNames()[37]));
  EXPECT_EQ(Cell(m, 0, CertCalendarModel::kCertificate), QStringLiteral("資格確認端末（店舗）"));
  EXPECT_EQ(Cell(m, 0, CertCalendarModel::kDaysLeft), QStringLiteral("40 日前に期限切れ"));
  EXPECT_EQ(Cell(m, 2, CertCalendarModel::kStore), QStringLiteral("かくにん薬局 札幌駅前店"));
  EXPECT_EQ(Cell(m, 2, CertCalendarModel::kDaysLeft), QStringLiteral("3 日前に期限切れ"));
  EXPECT_EQ(Cell(m, 0, CertCalendarModel::kStatus),
            QStringLiteral("期限切れ：オンライン資格確認が止まります"));
  // Every row of a store with an expired certificate is red — its Kakunin terminals too.
  int red_rows = 0;
  std::set<QString> red_stores;
  for (int r = 0; r < m->rowCount(); ++r) {
    const std::string site = m->RowAt(r).site_id();
    const bool red = Background(m, r, CertCalendarModel::kStatus) == CertCalendarModel::kRed;
    EXPECT_EQ(red, m->StoreIsRed(site)) << r;
    if (red) {
      ++red_rows;
      red_stores.insert(Cell(m, r, CertCalendarModel::kStore));
    }
  }
  EXPECT_EQ(red_stores.size(), 4u);
  EXPECT_GT(red_rows, static_cast<int>(red_stores.size()));  // their device rows as well
  // A certificate expired since yesterday, and one on its last day (not red, orange).
  bool yesterday = false, last_day = false, day20 = false, unknown = false, failed = false;
  for (int r = 0; r < m->rowCount(); ++r) {
    const QString days = Cell(m, r, CertCalendarModel::kDaysLeft);
    yesterday |= days == QStringLiteral("1 日前に期限切れ");
    if (days == QStringLiteral("本日が最終日")) {
      last_day = true;
      EXPECT_EQ(Background(m, r, 0), CertCalendarModel::kOrange);
      EXPECT_EQ(Cell(m, r, CertCalendarModel::kStatus),
                QStringLiteral("7日以内：至急更新してください"));
    }
    if (days == QStringLiteral("あと 20 日")) {
      day20 = true;
      EXPECT_EQ(Background(m, r, 0), CertCalendarModel::kYellow);
      EXPECT_EQ(Cell(m, r, CertCalendarModel::kStatus), QStringLiteral("30日以内：窓口にも表示中"));
    }
    if (Cell(m, r, CertCalendarModel::kLastDay) == QStringLiteral("未登録")) {
      unknown = true;
      EXPECT_EQ(Cell(m, r, CertCalendarModel::kStatus),
                QStringLiteral("期限未登録：登録してください"));
    }
    const QString details = Cell(m, r, CertCalendarModel::kDetails);
    if (details.contains(QStringLiteral("最後の更新失敗"))) {
      failed = true;
      // The reason in words, not the server's id.
      EXPECT_TRUE(details.contains(QStringLiteral("端末が有効ではありませんでした")))
          << details.toStdString();
      EXPECT_FALSE(details.contains(QStringLiteral("device."))) << details.toStdString();
    }
    EXPECT_FALSE(details.contains(QStringLiteral("cert_file."))) << details.toStdString();
  }
  EXPECT_TRUE(yesterday && last_day && day20 && unknown && failed);
  // A file with a private key: said in words.
  bool key_refused = false;
  for (int r = 0; r < m->rowCount(); ++r) {
    key_refused |= Cell(m, r, CertCalendarModel::kDetails)
                       .contains(QStringLiteral("秘密鍵を含むファイルのため読み取っていません"));
  }
  EXPECT_TRUE(key_refused);

  const QString summary = page.summary()->text();
  EXPECT_TRUE(summary.startsWith(QStringLiteral("2026年3月2日 時点：55 店舗。")))
      << summary.toStdString();
  // Dates as every other table shows them, in date order when sorted; HQ's entries name the
  // login, not the audit log's "user:" id.
  bool japanese_date = false, hq_entry = false;
  for (int r = 0; r < m->rowCount(); ++r) {
    const QString until = Cell(m, r, CertCalendarModel::kLastDay);
    EXPECT_FALSE(until.contains(QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\d"))))
        << until.toStdString();
    japanese_date |=
        until.contains(QRegularExpression(QStringLiteral("^\\d{4}年\\d{1,2}月\\d{1,2}日$")));
    const QString details = Cell(m, r, CertCalendarModel::kDetails);
    EXPECT_FALSE(details.contains(QStringLiteral("user:"))) << details.toStdString();
    hq_entry |= details.contains(QStringLiteral("（admin）"));
  }
  EXPECT_TRUE(japanese_date);
  EXPECT_TRUE(hq_entry);
  EXPECT_TRUE(summary.contains(QStringLiteral("期限切れ（確認停止・赤色）：4 店舗")))
      << summary.toStdString();
  for (auto* l : page.findChildren<QLabel*>()) {
    if (l->isVisibleTo(&page)) {
      EXPECT_FALSE(HasEnglishSentence(l->text())) << l->text().toStdString();
    }
  }
  EXPECT_TRUE(page.record_button()->isVisible());
  EXPECT_EQ(page.record_button()->text(), QStringLiteral("資格確認端末の証明書を登録…"));

  std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  QApplication::processEvents();
  EXPECT_TRUE(page.grab().save(QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/cert_calendar.png")));

  // Warnings only: the fine certificates leave, every red row stays.
  const int all_rows = m->rowCount();
  page.warnings_only()->setChecked(true);
  EXPECT_LT(m->rowCount(), all_rows);
  int red_after = 0;
  for (int r = 0; r < m->rowCount(); ++r) {
    EXPECT_NE(Cell(m, r, CertCalendarModel::kStatus), QStringLiteral("問題なし"));
    red_after += Background(m, r, 0) == CertCalendarModel::kRed;
  }
  EXPECT_GE(red_after, static_cast<int>(red_stores.size()));
  EXPECT_EQ(client->calendar_calls, 1);  // filtering does not ask the server again
}

TEST_F(CertCalendarTest, RecordDialogShowsTheServersJapaneseRefusal) {
  auto client = std::make_shared<FakeClient>();
  auto cal = ChainCalendar();
  TerminalCertificateDialog dialog(client, {cal.entries().begin(), cal.entries().end()});
  EXPECT_EQ(dialog.store_box()->count(), static_cast<int>(StoreNames().size()));
  dialog.last_day_edit()->setText(QStringLiteral("2027/03/31"));
  dialog.path_edit()->setText(QStringLiteral("/mnt/oqs/cert/terminal.cer"));
  dialog.save_button()->click();
  ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog.error_label()->text().isEmpty(); }, kWaitMs));
  EXPECT_EQ(dialog.error_label()->text(),
            QStringLiteral("日付は 2027-03-31 のように「年-月-日」で入力してください。"));
  ASSERT_EQ(client->sets.size(), 1u);
  EXPECT_EQ(client->sets[0].last_valid_day(), "2027/03/31");
  EXPECT_EQ(client->sets[0].certificate_path(), "/mnt/oqs/cert/terminal.cer");
}

TEST_F(CertCalendarTest, BranchManagersDoNotGetTheRecordButton) {
  CertCalendarPage page;
  page.SetSession(std::make_shared<FakeClient>(), v1::ROLE_BRANCH_MANAGER);
  page.show();
  EXPECT_FALSE(page.record_button()->isVisible());
}

}  // namespace
}  // namespace kakunin::console
