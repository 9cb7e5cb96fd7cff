// Issue 19: the onboarding board as a person reads it. The 50 clean stores of a pharmacy chain
// (tests/data/site_import/stores_55.csv) are judged on 2026-06-15 by the domain's own rule
// (common/domain/onboarding.h) in a fake client — the one seam faked here — with a programme for
// pharmacies closing 2027-01-31 and a realistic spread of recorded stages. The page runs
// offscreen in Japanese; the test asserts the words in the cells, the red of overdue cells and
// the green of done ones, the counts in the summary, the region and stage filters, the stage
// dialog's refusal and save, and the CSV export (UTF-8 with a BOM). The board is saved as a
// screenshot in artifacts/console/.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBrush>
#include <QFile>
#include <QFont>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "common/domain/onboarding.h"
#include "common/domain/region.h"
#include "common/site/site_import.h"
#include "common/subsidy/transitional.h"
#include "console/export/onboarding_export.h"
#include "console/ui/onboarding_page.h"
#include "console/ui/onboarding_stage_dialog.h"

namespace kakunin::console {
namespace {

constexpr int kWaitMs = 10000;
constexpr domain::Date kToday{2026, 6, 15};
using Records = std::array<domain::StageRecord, domain::kOnboardingStageCount>;

std::string ReadFixture() {
  std::ifstream in(KAKUNIN_SITE_IMPORT_FIXTURE, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The chain as HQ's server would answer for it, judged by the domain's rule.
class FakeClient : public ConsoleClient {
 public:
  FakeClient() : ConsoleClient("127.0.0.1:1", "") {
    programme_.id = "kyotaku_home_visit_2027";
    programme_.deadline = {2027, 1, 31};
    for (auto kind : {domain::FacilityKind::kPharmacy, domain::FacilityKind::kLargeChainPharmacy,
                      domain::FacilityKind::kClinic}) {
      domain::FacilityTerms t;
      t.kind = kind;
      programme_.terms.push_back(t);
    }
    auto plan = site::ParseSiteImport(ReadFixture());
    EXPECT_TRUE(plan.ok());
    int n = 0;
    for (const auto& row : plan->rows) {
      if (!row.ok()) continue;
      Store s;
      s.id = row.site.fields.site_id;
      s.name = row.site.fields.name;
      s.prefecture = row.site.prefecture;
      s.kind = row.site.fields.facility_kind;
      s.category = row.site.fields.measure_category;
      s.event_date = row.site.fields.measure_event_date;
      // A realistic spread: a third applied in April, some of those reviewed and set up, a few
      // running since May; the rest planned to apply by the end of May (now overdue) or June.
      const int k = n++ % 6;
      auto& r = s.records;
      if (k <= 2) r[0].done = domain::Date{2026, 4, 1 + k};
      if (k <= 1) r[1].done = domain::Date{2026, 4, 20};
      if (k == 0) {
        r[2].done = domain::Date{2026, 5, 1};
        r[3].done = domain::Date{2026, 5, 8};
        r[4].done = domain::Date{2026, 5, 8};
        r[5].done = domain::Date{2026, 5, 11};
        s.owners[6] = "本部 経理課";
      }
      if (k == 1) r[2].planned = domain::Date{2026, 6, 10};
      if (k == 3) r[0].planned = domain::Date{2026, 5, 31};
      if (k >= 4) r[0].planned = domain::Date{2026, 6, 30};
      s.owners[0] = k % 2 == 0 ? "山田 花子" : "佐藤 健";
      stores_.push_back(std::move(s));
    }
  }

  Result<v1::ListOnboardingResponse> ListOnboarding(const v1::ListOnboardingRequest& req) override {
    std::lock_guard lock(mu_);
    requests_.push_back(req);
    v1::ListOnboardingResponse resp;
    resp.set_today(domain::FormatIso(kToday));
    resp.set_sites_total(static_cast<uint32_t>(stores_.size()));
    for (const auto& s : stores_) {
      v1::OnboardingSite row = Judge(s);
      if (!req.prefecture().empty() && row.prefecture() != req.prefecture()) continue;
      if (!req.region().empty() && row.region() != req.region()) continue;
      if (!req.stage().empty() && row.next_stage() != req.stage()) continue;
      if (req.overdue_only() && row.overdue() == 0) continue;
      *resp.add_sites() = std::move(row);
    }
    return resp;
  }
  Result<v1::OnboardingSite> UpdateOnboardingStage(
      const v1::UpdateOnboardingStageRequest& req) override {
    std::lock_guard lock(mu_);
    updates_.push_back(req);
    for (auto& s : stores_) {
      if (s.id != req.site_id()) continue;
      const int i = domain::StageIndex(*domain::OnboardingStageFromId(req.stage()));
      auto date = [](const std::string& iso) -> std::optional<domain::Date> {
        if (iso.empty()) return std::nullopt;
        return *domain::ParseIsoDate(iso);
      };
      s.records[i] = {date(req.planned()), date(req.done())};
      s.owners[i] = req.owner();
      return Judge(s);
    }
    return MakeError(ErrorCode::kNotFound, "onboarding.site_not_found", "no store");
  }

  std::vector<v1::ListOnboardingRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::vector<v1::UpdateOnboardingStageRequest> updates() {
    std::lock_guard lock(mu_);
    return updates_;
  }

 private:
  struct Store {
    std::string id, name, prefecture, kind, event_date;
    int category = 0;
    Records records{};
    std::array<std::string, domain::kOnboardingStageCount> owners;
  };

  v1::OnboardingSite Judge(const Store& s) const {
    v1::OnboardingSite out;
    out.set_site_id(s.id);
    out.set_name(s.name);
    out.set_prefecture(s.prefecture);
    out.set_region(std::string(domain::RegionId(*domain::RegionOfPrefecture(s.prefecture))));
    auto site = subsidy::SiteFromRecord(s.kind, s.category, s.event_date);
    EXPECT_TRUE(site.ok()) << s.name;
    const auto rules = domain::OnboardingRulesFor(*site, &programme_);
    const auto status = domain::OnboardingStatusOn(s.records, rules, kToday);
    auto iso = [](const std::optional<domain::Date>& d) {
      return d ? domain::FormatIso(*d) : std::string();
    };
    for (int i = 0; i < domain::kOnboardingStageCount; ++i) {
      const auto& st = status.stages[i];
      auto* o = out.add_stages();
      o->set_stage(std::string(domain::OnboardingStageId(domain::kOnboardingStages[i])));
      o->set_planned(iso(s.records[i].planned));
      o->set_done(iso(s.records[i].done));
      o->set_owner(s.owners[i]);
      o->set_deadline(iso(st.rule.date));
      o->set_deadline_basis(std::string(domain::DeadlineBasisId(st.rule.basis)));
      o->set_due(iso(st.due));
      o->set_state(std::string(domain::StageStateId(st.state)));
      o->set_days_left(st.days_left.value_or(0));
      o->set_done_late(st.done_late);
    }
    if (status.next) out.set_next_stage(std::string(domain::OnboardingStageId(*status.next)));
    out.set_overdue(status.overdue);
    out.set_done(status.done);
    return out;
  }

  domain::Programme programme_;
  std::vector<Store> stores_;
  std::mutex mu_;
  std::vector<v1::ListOnboardingRequest> requests_;
  std::vector<v1::UpdateOnboardingStageRequest> updates_;
};

int RowOf(OnboardingModel* m, const QString& name) {
  for (int r = 0; r < m->rowCount(); ++r) {
    if (m->index(r, OnboardingModel::kName).data().toString() == name) return r;
  }
  return -1;
}
QString Cell(OnboardingModel* m, int row, int stage) {
  return m->index(row, OnboardingModel::kFirstStage + stage).data().toString();
}
QColor Background(OnboardingModel* m, int row, int stage) {
  return m->index(row, OnboardingModel::kFirstStage + stage)
      .data(Qt::BackgroundRole)
      .value<QBrush>()
      .color();
}

class OnboardingBoardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "onboarding_board_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 9));
  }

  void Load(OnboardingPage& page, const std::shared_ptr<FakeClient>& client) {
    page.resize(1800, 1000);
    page.show();
    page.SetSession(client, /*may_edit=*/true);
    QSignalSpy loaded(&page, &OnboardingPage::loaded);
    page.Refresh();
    ASSERT_TRUE(loaded.wait(kWaitMs));
  }
  static inline QApplication* app_ = nullptr;
};

TEST_F(OnboardingBoardTest, BoardShowsFiftyStoresWithOverdueInRedAndDoneInGreen) {
  auto client = std::make_shared<FakeClient>();
  OnboardingPage page;
  QAbstractItemModelTester tester(page.model(),
                                  QAbstractItemModelTester::FailureReportingMode::Fatal);
  ASSERT_NO_FATAL_FAILURE(Load(page, client));
  OnboardingModel* m = page.model();
  ASSERT_EQ(m->rowCount(), 50);
  QStringList headers;
  for (int c = 0; c < m->columnCount(); ++c) {
    headers << m->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
  }
  EXPECT_EQ(headers, (QStringList{"店舗", "都道府県", "申請", "審査", "ユーザー設定情報受領",
                                  "端末設置", "アクティベーション", "運用開始", "補助金申請"}));

  // Counted on the screen: every red cell is an overdue stage, and the summary agrees.
  int red = 0, green = 0, stores_with_red = 0;
  for (int r = 0; r < m->rowCount(); ++r) {
    bool any = false;
    for (int i = 0; i < 7; ++i) {
      const QColor bg = Background(m, r, i);
      if (bg == OnboardingModel::OverdueBackground()) {
        ++red;
        any = true;
        EXPECT_TRUE(Cell(m, r, i).startsWith(QStringLiteral("期限超過"))) << r << "/" << i;
      }
      if (bg == OnboardingModel::DoneBackground()) {
        ++green;
        EXPECT_TRUE(Cell(m, r, i).startsWith(QStringLiteral("完了 "))) << r << "/" << i;
      }
    }
    stores_with_red += any ? 1 : 0;
  }
  // 8 stores planned to apply by 05-31 (one stage each), 8 due to get their settings by 06-10,
  // and the three stores whose 経過措置 ended (up to six stages each, fewer where done).
  EXPECT_GT(red, 16);
  EXPECT_GT(green, 50);
  const QString summary = page.summary()->text();
  EXPECT_EQ(summary,
            QStringLiteral("50 店舗中 50 店舗を表示（2026年6月15日 時点）：期限超過の工程が"
                           "ある店舗 %1（工程 %2 件）、すべての工程を終えた店舗 0。")
                .arg(stores_with_red)
                .arg(red));

  // 経過措置 (2), fibre from 2025-09-30: online checks were due on 2026-03-31.
  const int mito = RowOf(m, QStringLiteral("かくにん薬局 水戸南口店"));
  ASSERT_GE(mito, 0);
  EXPECT_EQ(m->index(mito, OnboardingModel::kPrefecture).data().toString(),
            QStringLiteral("08 茨城県"));
  EXPECT_EQ(Cell(m, mito, 5), QStringLiteral("期限超過 76日\n期限 2026年3月31日"));
  EXPECT_EQ(Background(m, mito, 5), OnboardingModel::OverdueBackground());
  EXPECT_EQ(m->index(mito, OnboardingModel::kFirstStage + 5)
                .data(Qt::ForegroundRole)
                .value<QBrush>()
                .color(),
            OnboardingModel::OverdueText());
  EXPECT_TRUE(m->index(mito, OnboardingModel::kFirstStage + 5)
                  .data(Qt::ToolTipRole)
                  .toString()
                  .contains(QStringLiteral("経過措置の終了")));
  // The first store: running since 05-11, the claim still open with its owner.
  EXPECT_EQ(Cell(m, 0, 5), QStringLiteral("完了 2026年5月11日"));
  EXPECT_EQ(Background(m, 0, 5), OnboardingModel::DoneBackground());
  EXPECT_EQ(Cell(m, 0, 6), QStringLiteral("あと 230日\n期限 2027年1月31日\n担当: 本部 経理課"));
  EXPECT_FALSE(m->index(0, OnboardingModel::kFirstStage + 6).data(Qt::BackgroundRole).isValid());

  std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  QApplication::processEvents();
  EXPECT_TRUE(
      page.grab().save(QStringLiteral(KAKUNIN_CONSOLE_ARTIFACT_DIR "/onboarding_board.png")));
}

TEST_F(OnboardingBoardTest, FiltersAskTheServerAgainAndShowOnlyThoseStores) {
  auto client = std::make_shared<FakeClient>();
  OnboardingPage page;
  ASSERT_NO_FATAL_FAILURE(Load(page, client));
  QSignalSpy loaded(&page, &OnboardingPage::loaded);

  const int kanto = page.region_box()->findData(QStringLiteral("kanto"));
  ASSERT_GE(kanto, 0);
  EXPECT_EQ(page.region_box()->itemText(kanto), QStringLiteral("関東"));
  page.region_box()->setCurrentIndex(kanto);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_EQ(client->requests().back().region(), "kanto");
  ASSERT_GT(page.model()->rowCount(), 0);
  for (int r = 0; r < page.model()->rowCount(); ++r) {
    const QString pref =
        page.model()->index(r, OnboardingModel::kPrefecture).data().toString().left(2);
    EXPECT_TRUE(pref >= QStringLiteral("08") && pref <= QStringLiteral("14")) << pref.toStdString();
  }
  EXPECT_TRUE(page.summary()->text().startsWith(
      QStringLiteral("50 店舗中 %1 店舗を表示").arg(page.model()->rowCount())));

  page.region_box()->setCurrentIndex(0);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  const int review = page.stage_box()->findData(QStringLiteral("review"));
  EXPECT_EQ(page.stage_box()->itemText(review), QStringLiteral("現在の工程: 審査"));
  page.stage_box()->setCurrentIndex(review);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  ASSERT_GT(page.model()->rowCount(), 0);
  for (int r = 0; r < page.model()->rowCount(); ++r) {
    EXPECT_TRUE(Cell(page.model(), r, 0).startsWith(QStringLiteral("完了 ")));
    EXPECT_FALSE(Cell(page.model(), r, 1).startsWith(QStringLiteral("完了 ")));
  }

  page.stage_box()->setCurrentIndex(0);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  page.overdue_only()->setChecked(true);
  ASSERT_TRUE(loaded.wait(kWaitMs));
  EXPECT_TRUE(client->requests().back().overdue_only());
  for (int r = 0; r < page.model()->rowCount(); ++r) {
    EXPECT_GT(page.model()->row(r)->overdue(), 0);
  }
}

TEST_F(OnboardingBoardTest, StageDialogRefusesBadFieldsAndSavesAGoodOne) {
  auto client = std::make_shared<FakeClient>();
  OnboardingPage page;
  ASSERT_NO_FATAL_FAILURE(Load(page, client));
  const int row = RowOf(page.model(), QStringLiteral("かくにん薬局 水戸南口店"));
  ASSERT_GE(row, 0);
  OnboardingStageDialog* dialog = page.EditStage(row, 3);  // 端末設置
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->windowTitle(), QStringLiteral("かくにん薬局 水戸南口店 — 端末設置"));
  EXPECT_TRUE(dialog->deadline()->text().contains(QStringLiteral("2026年3月31日")));

  QString long_owner;
  for (int i = 0; i < 65; ++i) long_owner += QStringLiteral("担");
  dialog->owner()->setMaxLength(1000);  // as if pasted past the field's limit
  dialog->owner()->setText(long_owner);
  dialog->done()->setText(QStringLiteral("2026/05/20"));
  dialog->Save();
  EXPECT_EQ(dialog->error()->text(), QStringLiteral("日付は 2026-04-30 のように書いてください。\n"
                                                    "担当者は 64 文字以内にしてください。"));
  EXPECT_TRUE(client->updates().empty());

  dialog->owner()->setText(QStringLiteral("設置業者 田中"));
  dialog->done()->setText(QStringLiteral("2026-05-20"));
  QSignalSpy saved(dialog, &OnboardingStageDialog::saved);
  dialog->Save();
  ASSERT_TRUE(saved.wait(kWaitMs));
  ASSERT_EQ(client->updates().size(), 1u);
  EXPECT_EQ(client->updates()[0].stage(), "terminal_installed");
  EXPECT_EQ(Cell(page.model(), row, 3), QStringLiteral("完了 2026年5月20日\n担当: 設置業者 田中"));
  EXPECT_EQ(Background(page.model(), row, 3), OnboardingModel::DoneBackground());

  // Without HQ's right, no dialog opens.
  page.SetSession(client, /*may_edit=*/false);
  EXPECT_EQ(page.EditStage(row, 3), nullptr);
}

TEST_F(OnboardingBoardTest, CsvExportIsUtf8WithBomOneRowPerStore) {
  auto client = std::make_shared<FakeClient>();
  OnboardingPage page;
  ASSERT_NO_FATAL_FAILURE(Load(page, client));
  EXPECT_EQ(page.export_button()->text(), QStringLiteral("CSVで書き出す"));
  const QByteArray csv = OnboardingExport::Csv(page.board());
  ASSERT_TRUE(csv.startsWith("\xEF\xBB\xBF"));
  const QString text = QString::fromUtf8(csv.mid(3));
  const QStringList lines = text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 51);
  EXPECT_TRUE(lines[0].startsWith(QStringLiteral(
      "店舗ID,店舗,都道府県,地方,次の工程,期限超過の工程数,申請 予定日,申請 期限,申請 完了日,"
      "申請 状態,申請 担当者,申請 メモ,審査 予定日")))
      << lines[0].toStdString();
  EXPECT_EQ(lines[0].split(QLatin1Char(',')).size(), 6 + 7 * 6);
  QString mito;
  for (const auto& l : lines) {
    if (l.contains(QStringLiteral("水戸南口店"))) mito = l;
  }
  // Planned for 06-30 but held to the 経過措置's 03-31: overdue, with its owner.
  EXPECT_TRUE(mito.contains(
      QStringLiteral(",08 茨城県,関東,申請,6,2026-06-30,2026-03-31,,期限超過,佐藤 健,,")))
      << mito.toStdString();

  // The same bytes through the page's export.
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("onboarding.csv"));
  ASSERT_TRUE(page.ExportTo(path));
  QFile file(path);
  ASSERT_TRUE(file.open(QIODevice::ReadOnly));
  EXPECT_EQ(file.readAll(), csv);
}

TEST(OnboardingExport, QuotesWhatASpreadsheetWouldMisread) {
  v1::ListOnboardingResponse board;
  auto* s = board.add_sites();
  s->set_site_id("a");
  s->set_name("=HYPERLINK(\"x\"),店");
  auto* st = s->add_stages();
  st->set_stage("application");
  st->set_note("1行目\n2行目");
  const QString text = QString::fromUtf8(OnboardingExport::Csv(board).mid(3));
  EXPECT_TRUE(text.contains(QStringLiteral(",\"'=HYPERLINK(\"\"x\"\"),店\",")))
      << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("\"1行目\n2行目\""))) << text.toStdString();
}

// Every formula start a spreadsheet knows, in the fields a branch types (owner, note).
TEST(OnboardingExport, NoFieldStartsAFormula) {
  v1::ListOnboardingResponse board;
  auto* s = board.add_sites();
  s->set_site_id("+1");
  s->set_name("-1");
  auto* st = s->add_stages();
  st->set_stage("application");
  st->set_owner("@SUM(A1:A9)");
  st->set_note("\t=1+1");
  auto* st2 = s->add_stages();
  st2->set_stage("review");
  st2->set_owner("\r=1+1");
  st2->set_note("佐藤 健");
  const QString text = QString::fromUtf8(OnboardingExport::Csv(board).mid(3));
  EXPECT_TRUE(text.contains(QStringLiteral("\r\n'+1,'-1,"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral(",'@SUM(A1:A9),'\t=1+1,"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral(",\"'\r=1+1\",佐藤 健"))) << text.toStdString();
}

}  // namespace
}  // namespace kakunin::console
