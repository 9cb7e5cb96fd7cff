// The terminals model obeys Qt's model contract (QAbstractItemModelTester, on the model and on
// its filter proxy) through resets, in-place updates and inserts; shows the Japanese words HQ
// reads; filters by status and text; exports CSV with ISO dates.
#include "console/models/devices_model.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFont>
#include <QTextDocument>
#include <QTranslator>

namespace kakunin::console {
namespace {

constexpr int64_t kNow = 1778700000;  // 2026-05-14 04:20 JST

v1::Device Device(const std::string& id, v1::DeviceStatus status, bool online) {
  v1::Device d;
  d.set_device_id(id);
  d.set_site_id("honcho");
  d.set_status(status);
  d.set_online(online);
  d.mutable_facts()->set_terminal_name("本町薬局1号機");
  d.mutable_facts()->set_hostname("honcho-pc1");
  d.mutable_facts()->set_reader_name("ACS ACR39U ICC Reader 00 00");
  d.mutable_facts()->set_extended_apdu(true);
  d.mutable_facts()->set_agent_version("0.1.0");
  d.mutable_last_seen()->set_seconds(kNow - 30);
  d.mutable_certificate_not_after()->set_seconds(kNow + 365 * 86400);
  d.set_outbox_depth(2);
  d.set_verification_code("482 193");
  return d;
}

class DevicesModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "devices_model_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    ja_ = new QTranslator;
    ASSERT_TRUE(ja_->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja_);
  }
  static QApplication* app_;
  static QTranslator* ja_;
};
QApplication* DevicesModelTest::app_ = nullptr;
QTranslator* DevicesModelTest::ja_ = nullptr;

QString Cell(const QAbstractItemModel& m, int row, int column) {
  return m.data(m.index(row, column), Qt::DisplayRole).toString();
}

TEST_F(DevicesModelTest, KeepsTheContractAndSpeaksJapanese) {
  DevicesModel model;
  model.SetNowForTesting(kNow);
  DeviceFilterModel proxy;
  proxy.setSourceModel(&model);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  QAbstractItemModelTester proxy_tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
  model.SetSiteNames({{"honcho", "本町薬局"}});
  model.SetDevices({Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true),
                    Device("dev-p", v1::DEVICE_STATUS_PENDING, false)});
  ASSERT_EQ(model.rowCount(), 2);
  EXPECT_EQ(Cell(model, 0, DevicesModel::kStatus), QStringLiteral("有効"));
  EXPECT_EQ(Cell(model, 1, DevicesModel::kStatus), QStringLiteral("承認待ち"));
  EXPECT_EQ(Cell(model, 0, DevicesModel::kOnline), QStringLiteral("オンライン"));
  EXPECT_EQ(Cell(model, 1, DevicesModel::kOnline), QStringLiteral("オフライン"));
  EXPECT_EQ(Cell(model, 0, DevicesModel::kSite), QStringLiteral("本町薬局"));
  EXPECT_EQ(Cell(model, 0, DevicesModel::kExtendedApdu), QStringLiteral("対応"));
  EXPECT_EQ(Cell(model, 0, DevicesModel::kLastSeen), QStringLiteral("2026年5月14日 4:19"));
  EXPECT_EQ(model.headerData(DevicesModel::kLastSeen, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("最終接続"));
  EXPECT_EQ(model.headerData(DevicesModel::kQueueDepth, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("送信待ち件数"));
  EXPECT_EQ(model.headerData(DevicesModel::kExtendedApdu, Qt::Horizontal, Qt::DisplayRole),
            QStringLiteral("マイナンバーカード対応（拡張APDU）"));
  // A terminal without its own route follows its site's (API until the site says otherwise).
  EXPECT_EQ(Cell(model, 0, DevicesModel::kRoute), QStringLiteral("店舗に従う（API）"));
  v1::RouteSettings files;
  files.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  files.set_req_dir("/mnt/oqs/req");
  files.set_res_dir("/mnt/oqs/res");
  model.SetSiteRoutes({{"honcho", files}});
  EXPECT_EQ(Cell(model, 0, DevicesModel::kRoute),
            QStringLiteral("店舗に従う（端末フォルダー (/mnt/oqs/req → /mnt/oqs/res)）"));
  auto own = Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true);
  own.mutable_route_override()->set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  model.UpdateDevice(own);
  EXPECT_EQ(Cell(model, 0, DevicesModel::kRoute), QStringLiteral("API"));

  // An approval comes back as one device: updated in place, no reset.
  auto approved = Device("dev-p", v1::DEVICE_STATUS_ACTIVE, false);
  model.UpdateDevice(approved);
  EXPECT_EQ(Cell(model, 1, DevicesModel::kStatus), QStringLiteral("有効"));
  model.UpdateDevice(Device("dev-new", v1::DEVICE_STATUS_PENDING, false));
  EXPECT_EQ(model.rowCount(), 3);

  // Without a reader the compliance probe never ran: unknown, not "not supported".
  auto no_reader = Device("dev-r", v1::DEVICE_STATUS_ACTIVE, true);
  no_reader.mutable_facts()->clear_reader_name();
  model.UpdateDevice(no_reader);
  EXPECT_EQ(Cell(model, 3, DevicesModel::kExtendedApdu), QStringLiteral("—"));
  EXPECT_EQ(Cell(model, 3, DevicesModel::kReader), QStringLiteral("リーダー未接続"));
  // A revoked terminal is cut off even if the server saw it a moment ago.
  model.UpdateDevice(Device("dev-a", v1::DEVICE_STATUS_REVOKED, true));
  EXPECT_EQ(Cell(model, 0, DevicesModel::kOnline), QStringLiteral("切断（失効）"));
  model.SetDevices({});
  EXPECT_EQ(model.rowCount(), 0);
}

TEST_F(DevicesModelTest, FiltersByStatusAndText) {
  DevicesModel model;
  DeviceFilterModel proxy;
  proxy.setSourceModel(&model);
  QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
  auto other = Device("dev-e", v1::DEVICE_STATUS_ACTIVE, true);
  other.set_site_id("ekimae");
  other.mutable_facts()->set_terminal_name("駅前店2号機");
  model.SetDevices({Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true),
                    Device("dev-p", v1::DEVICE_STATUS_PENDING, false), other,
                    Device("dev-x", v1::DEVICE_STATUS_REVOKED, false)});
  proxy.SetStatus(v1::DEVICE_STATUS_PENDING);
  ASSERT_EQ(proxy.rowCount(), 1);
  EXPECT_EQ(proxy.index(0, 0).data(DevicesModel::kDeviceIdRole).toString(), "dev-p");
  proxy.SetStatus(v1::DEVICE_STATUS_ACTIVE);
  EXPECT_EQ(proxy.rowCount(), 2);
  proxy.SetText(QStringLiteral("駅前"));
  ASSERT_EQ(proxy.rowCount(), 1);
  EXPECT_EQ(proxy.index(0, 0).data(DevicesModel::kDeviceIdRole).toString(), "dev-e");
  proxy.SetStatus(v1::DEVICE_STATUS_UNSPECIFIED);
  proxy.SetText(QString());
  EXPECT_EQ(proxy.rowCount(), 4);
  // Sorting by queue depth is numeric, not textual.
  proxy.sort(DevicesModel::kQueueDepth);
  EXPECT_EQ(proxy.rowCount(), 4);
}

TEST_F(DevicesModelTest, WarnsAboutCertificatesNearTheirEnd) {
  DevicesModel model;
  model.SetNowForTesting(kNow);
  auto soon = Device("dev-s", v1::DEVICE_STATUS_ACTIVE, true);
  soon.mutable_certificate_not_after()->set_seconds(kNow + 5 * 86400);
  model.SetDevices({Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true), soon});
  EXPECT_FALSE(model.index(0, DevicesModel::kCertificateExpiry).data(Qt::ForegroundRole).isValid());
  EXPECT_TRUE(model.index(1, DevicesModel::kCertificateExpiry).data(Qt::ForegroundRole).isValid());
}

TEST_F(DevicesModelTest, ExportsCsvWithIsoTimes) {
  DevicesModel model;
  auto revoked = Device("dev-x", v1::DEVICE_STATUS_REVOKED, false);
  revoked.set_revoke_reason("紛失, 警察に届出済み");
  model.SetDevices({Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true), revoked});
  QStringList lines = model.ToCsv().split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 3);
  EXPECT_TRUE(lines[0].startsWith(QStringLiteral("device_id,terminal_name,site_id,status")));
  EXPECT_TRUE(lines[0].endsWith(QStringLiteral(
      ",outbox_depth,route,revoke_reason,reader_status,store_status,unsaved_results")));
  EXPECT_TRUE(lines[1].endsWith(QStringLiteral(",2,site,,,,0"))) << lines[1].toStdString();
  EXPECT_TRUE(lines[1].contains(QStringLiteral(",active,true,2026-05-14T04:19:30+09:00,")))
      << lines[1].toStdString();
  // A reason with a comma stays one field.
  EXPECT_TRUE(lines[2].endsWith(QStringLiteral(",\"紛失, 警察に届出済み\",,,0")))
      << lines[2].toStdString();
}

// A terminal controls its name, reader name and agent version: none may open as a formula in
// HQ's spreadsheet, and Japanese text, quotes, commas and line breaks still come out intact.
TEST_F(DevicesModelTest, CsvNeverStartsAFieldWithAFormula) {
  DevicesModel model;
  auto d = Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true);
  d.mutable_facts()->set_terminal_name("=HYPERLINK(\"http://evil.example/\",\"本町\")");
  d.mutable_facts()->set_reader_name("@SUM(1+1)*cmd|' /C calc'!A0");
  d.mutable_facts()->set_agent_version("+1");
  d.set_revoke_reason("-1");
  auto e = Device("dev-b", v1::DEVICE_STATUS_ACTIVE, true);
  e.mutable_facts()->set_terminal_name("本町薬局 \"2号機\", 受付\n奥");
  e.mutable_facts()->set_reader_name("\tSUM(A1)");
  e.mutable_facts()->set_agent_version("\r=1+1");
  model.SetDevices({d, e});
  const QString csv = model.ToCsv();
  const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 3) << csv.toStdString();
  EXPECT_TRUE(lines[1].startsWith(
      QStringLiteral("dev-a,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"本町\"\")\",honcho,")))
      << lines[1].toStdString();
  EXPECT_TRUE(lines[1].contains(QStringLiteral(",'@SUM(1+1)*cmd|' /C calc'!A0,true,'+1,")))
      << lines[1].toStdString();
  EXPECT_TRUE(lines[1].endsWith(QStringLiteral(",site,'-1,,,0"))) << lines[1].toStdString();
  EXPECT_TRUE(lines[2].startsWith(QStringLiteral("dev-b,\"本町薬局 \"\"2号機\"\", 受付\n奥\",")))
      << lines[2].toStdString();
  EXPECT_TRUE(lines[2].contains(QStringLiteral(",'\tSUM(A1),true,\"'\r=1+1\",")))
      << lines[2].toStdString();
}

// The name's tooltip shows the terminal's host name as it is, even when it looks like markup.
TEST_F(DevicesModelTest, TheNamesTooltipNeverRendersTheTerminalsMarkup) {
  DevicesModel model;
  v1::Device plain = Device("dev-a", v1::DEVICE_STATUS_ACTIVE, true);
  plain.mutable_facts()->set_os("Debian 12");
  v1::Device marked = Device("dev-b", v1::DEVICE_STATUS_ACTIVE, true);
  marked.mutable_facts()->set_hostname("<b>HQ</b><img src=\"x\">");
  marked.mutable_facts()->set_os("Debian 12");
  model.SetDevices({plain, marked});
  auto tip = [&](int row) {
    return model.index(row, DevicesModel::kName).data(Qt::ToolTipRole).toString();
  };
  EXPECT_EQ(tip(0), QStringLiteral("honcho-pc1 · Debian 12"));
  QTextDocument shown;
  shown.setHtml(tip(1));
  EXPECT_EQ(shown.toPlainText(), QStringLiteral("<b>HQ</b><img src=\"x\"> · Debian 12"));
}

// The last heartbeat's reader and outbox states in the words HQ reads, highlighted with what to
// do; a fine terminal and one never heard from are not highlighted; what the server kept as
// "unknown" is named so, never shown raw.
TEST_F(DevicesModelTest, ShowsAMissingReaderAndUnkeptResultsInJapaneseWithWhatToDo) {
  DevicesModel model;
  model.SetNowForTesting(kNow);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  auto fine = Device("dev-ok", v1::DEVICE_STATUS_ACTIVE, true);
  fine.set_reader_status("ready");
  fine.set_store_status("ok");
  auto unplugged = Device("dev-nr", v1::DEVICE_STATUS_ACTIVE, true);
  unplugged.set_reader_status("no_reader");
  unplugged.mutable_reader_status_since()->set_seconds(kNow - 3600);
  unplugged.set_store_status("cannot_save");
  unplugged.mutable_store_status_since()->set_seconds(kNow - 60);
  unplugged.set_unsaved_results(3);
  auto unreadable = Device("dev-cr", v1::DEVICE_STATUS_ACTIVE, true);
  unreadable.set_reader_status("ready");
  unreadable.set_store_status("cannot_read");
  auto odd = Device("dev-un", v1::DEVICE_STATUS_ACTIVE, true);
  odd.set_reader_status("unknown");
  odd.set_store_status("ok");
  auto silent = Device("dev-old", v1::DEVICE_STATUS_ACTIVE, false);  // an older agent
  model.SetDevices({fine, unplugged, unreadable, odd, silent});

  const int c = DevicesModel::kHealth;
  EXPECT_EQ(model.headerData(c, Qt::Horizontal, Qt::DisplayRole), QStringLiteral("リーダーと結果"));
  EXPECT_EQ(Cell(model, 0, c), QStringLiteral("正常"));
  EXPECT_EQ(Cell(model, 1, c),
            QStringLiteral("カードリーダーが見つかりません、結果を保存できません"));
  EXPECT_EQ(Cell(model, 2, c), QStringLiteral("結果を読み出せません"));
  EXPECT_EQ(Cell(model, 3, c), QStringLiteral("不明な状態の報告"));
  EXPECT_EQ(Cell(model, 4, c), QStringLiteral("—"));

  auto highlighted = [&](int row) {
    const QModelIndex i = model.index(row, c);
    return i.data(Qt::BackgroundRole).isValid() && i.data(Qt::ForegroundRole).isValid() &&
           i.data(Qt::FontRole).value<QFont>().bold();
  };
  EXPECT_FALSE(highlighted(0));
  EXPECT_TRUE(highlighted(1));
  EXPECT_TRUE(highlighted(2));
  EXPECT_TRUE(highlighted(3));
  EXPECT_FALSE(highlighted(4));
  EXPECT_FALSE(model.index(0, c).data(Qt::ToolTipRole).isValid());

  // What to do, since when, and how many checks a stop would lose.
  const QString tip = model.index(1, c).data(Qt::ToolTipRole).toString();
  EXPECT_TRUE(
      tip.contains(QStringLiteral("2026年5月14日 3:20 から。店舗に、カードリーダーが接続"
                                  "されているか")))
      << tip.toStdString();
  EXPECT_TRUE(
      tip.contains(QStringLiteral("2026年5月14日 4:19 から。3件の確認結果が端末のメモリー"
                                  "にしかなく、電源を切ると失われます")))
      << tip.toStdString();
  EXPECT_TRUE(model.index(2, c)
                  .data(Qt::ToolTipRole)
                  .toString()
                  .contains(QStringLiteral("本部に送れません")));

  // The worst first when sorted; a search for the reader finds the terminal without one.
  DeviceFilterModel proxy;
  proxy.setSourceModel(&model);
  proxy.sort(c, Qt::DescendingOrder);
  EXPECT_EQ(proxy.index(0, DevicesModel::kDevice).data().toString(), QStringLiteral("dev-nr"));
  EXPECT_EQ(proxy.index(1, DevicesModel::kDevice).data().toString(), QStringLiteral("dev-cr"));
  proxy.SetText(QStringLiteral("カードリーダー"));
  ASSERT_EQ(proxy.rowCount(), 1);
  EXPECT_EQ(proxy.index(0, DevicesModel::kDevice).data().toString(), QStringLiteral("dev-nr"));
}

// A terminal HQ does not hear now keeps its last report, marked so and not highlighted (the
// 接続 column says offline; the state may have been fixed since), below the live problems
// when sorted; its tooltip says it is the last report and when it came.
TEST_F(DevicesModelTest, AnOfflineTerminalsLastReportIsMarkedAndNotHighlighted) {
  DevicesModel model;
  model.SetNowForTesting(kNow);
  auto live = Device("dev-live", v1::DEVICE_STATUS_ACTIVE, true);
  live.set_reader_status("ready");
  live.set_store_status("cannot_read");
  auto gone = Device("dev-gone", v1::DEVICE_STATUS_ACTIVE, false);
  gone.set_reader_status("no_reader");
  gone.mutable_reader_status_since()->set_seconds(kNow - 7200);
  gone.set_store_status("ok");
  gone.mutable_last_seen()->set_seconds(kNow - 600);
  auto quiet = Device("dev-quiet", v1::DEVICE_STATUS_ACTIVE, false);
  quiet.set_reader_status("ready");
  quiet.set_store_status("ok");
  model.SetDevices({gone, live, quiet});

  const int c = DevicesModel::kHealth;
  EXPECT_EQ(Cell(model, 0, c), QStringLiteral("カードリーダーが見つかりません（最後の報告）"));
  EXPECT_EQ(Cell(model, 2, c), QStringLiteral("正常（最後の報告）"));
  const QModelIndex gone_cell = model.index(0, c);
  EXPECT_FALSE(gone_cell.data(Qt::BackgroundRole).isValid());
  EXPECT_FALSE(gone_cell.data(Qt::ForegroundRole).isValid());
  EXPECT_TRUE(model.index(1, c).data(Qt::BackgroundRole).isValid());  // heard now: highlighted
  const QString tip = gone_cell.data(Qt::ToolTipRole).toString();
  EXPECT_TRUE(
      tip.contains(QStringLiteral("端末からの最後の報告です（2026年5月14日 4:10）。いまは"
                                  "本部につながっていないため")))
      << tip.toStdString();
  EXPECT_TRUE(tip.contains(QStringLiteral("カードリーダーが接続されているか")))
      << tip.toStdString();

  DeviceFilterModel proxy;
  proxy.setSourceModel(&model);
  proxy.sort(c, Qt::DescendingOrder);
  EXPECT_EQ(proxy.index(0, DevicesModel::kDevice).data().toString(), QStringLiteral("dev-live"));
  EXPECT_EQ(proxy.index(1, DevicesModel::kDevice).data().toString(), QStringLiteral("dev-gone"));
}

}  // namespace
}  // namespace kakunin::console
