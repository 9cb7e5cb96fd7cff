// The Terminals and Sites pages against a real HQ: PostgreSQL and kakunin-server (ServerRig),
// real kakunin-agent processes enrolling with tokens issued through the console's own dialog.
// Proves that the pages show what the server holds, that approving and revoking through the UI
// changes what the server reports (and what a terminal can do), that a terminal's own
// eligibility route set through the UI is what the server stores, and saves screenshots as
// artifacts (QT_QPA_PLATFORM=offscreen, Noto CJK fonts) that must not be blank.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "console/client/allowance_client.h"
#include "console/models/allowance_model.h"
#include "console/models/labels.h"
#include "console/tests/console_e2e.h"
#include "console/ui/allowance_history_dialog.h"
#include "console/ui/device_dialogs.h"
#include "console/ui/enrollment_token_dialog.h"
#include "console/ui/main_window.h"
#include "console/ui/site_dialog.h"
#include "console/ui/visual_allowance_dialog.h"
#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"

namespace kakunin::console {
namespace {
namespace fs = std::filesystem;
using testing::ServerRig;

constexpr int kWaitMs = 30000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename Dialog, typename Page>
Dialog* OpenedDialog(Page* page) {
  auto* d = qobject_cast<Dialog*>(page->open_dialog());
  EXPECT_NE(d, nullptr);
  return d;
}

class ConsolePagesE2E : public ConsoleE2ETest {
 protected:
  // kakunin-agent with the given words; the parsed --json answer and the exit code.
  std::pair<nlohmann::json, int> Agent(std::vector<std::string> argv) {
    argv.insert(argv.begin(), KAKUNIN_AGENT_BIN);
    argv.push_back("--json");
    auto r = testing::RunCommand(argv, {}, "", false, std::chrono::seconds(60));
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return {{}, -1};
    auto j = nlohmann::json::parse(r->output, nullptr, false);
    return {j, r->exit_code};
  }
  nlohmann::json Enroll(const std::string& token, const std::string& state,
                        const std::string& name) {
    auto [j, rc] =
        Agent({"enroll", "--server", rig_->address(), "--token", token, "--ca", rig_->ca_path(),
               "--state-dir", dir_ + "/" + state, "--terminal-name", name});
    EXPECT_EQ(rc, 0) << j.dump();
    return j;
  }
  // What a terminal can do: record a document check and try to deliver it to HQ at once.
  nlohmann::json DocumentCheck(const std::string& state) {
    auto [j, rc] =
        Agent({"check", "--document", "eligibility-certificate", "--issued", "2025-12-01",
               "--expires", "2026-11-30", "--state-dir", dir_ + "/" + state});
    EXPECT_EQ(rc, 0) << j.dump();
    return j;
  }
  // What the server itself reports, through a second session of our client layer.
  v1::Device ServerDevice(ConsoleClient& client, const std::string& id) {
    auto list = client.ListDevices();
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      for (const auto& d : list->devices()) {
        if (d.device_id() == id) return d;
      }
    }
    ADD_FAILURE() << "server does not list " << id;
    return {};
  }

  // Issues a token through the Terminals page's dialog and returns what the dialog shows.
  std::string IssueTokenThroughUi(TerminalsPage* page, const QString& site_id,
                                  const std::string& screenshot) {
    page->token_action()->trigger();
    auto* dialog = OpenedDialog<EnrollmentTokenDialog>(page);
    if (!dialog) return "";
    dialog->site_box()->setCurrentIndex(dialog->site_box()->findData(site_id));
    QSignalSpy issued(page, &TerminalsPage::tokenIssued);
    dialog->issue_button()->click();
    EXPECT_TRUE(issued.wait(kWaitMs));
    std::string token = dialog->token_text().toStdString();
    EXPECT_EQ(token, issued.value(0).value(0).toString().toStdString());
    EXPECT_FALSE(dialog->qr_image().isNull());
    // The bundle (and its QR code) is all a store needs: HQ's address, its CA pinned, the token.
    const std::string bundle = dialog->bundle_text().toStdString();
    EXPECT_EQ(bundle.rfind("kakunin-enroll:v1?server=" + rig_->address() + "&ca=sha256:", 0), 0u)
        << bundle;
    EXPECT_NE(bundle.find("&site=" + site_id.toStdString() + "&token=" + token), std::string::npos)
        << bundle;
    if (!screenshot.empty()) SaveAndCheck(dialog, screenshot);
    dialog->accept();
    return token;
  }
};

v1::Site MakeSite(const std::string& id, const std::string& name, const std::string& code,
                  v1::TransitionalCategory measure, const std::string& event_date) {
  v1::Site s;
  s.set_site_id(id);
  s.set_name(name);
  s.set_institution_code(code);
  s.set_prefecture(code.substr(0, 2));
  s.set_facility_kind("chain_pharmacy");
  s.set_transitional(measure);
  s.set_transitional_event_date(event_date);
  s.set_default_mode(v1::IDENTITY_MODE_VISUAL);
  return s;
}

TEST_F(ConsolePagesE2E, TerminalsAndSitesAgainstARealServer) {
  auto rig = ServerRig::Start(dir_ + "/hq", "honcho", "かくにん薬局 本町店");
  ASSERT_TRUE(rig.ok()) << rig.error().ToString();
  rig_ = std::move(*rig);
  const std::string ca = ReadFile(rig_->ca_path());
  ConsoleClient server(rig_->address(), ca);
  ASSERT_TRUE(server.Login("admin", testing::kAdminPassword).ok());

  // --- Without HQ's CA (a console started from the menu before ca.pem was placed): the login
  // says what is missing, not that the network is down. ---
  {
    MainWindow no_ca(QString::fromStdString(rig_->address()), "");
    QSignalSpy failed(&no_ca, &MainWindow::failed);
    no_ca.SetCredentials(QStringLiteral("admin"), QString::fromLatin1(testing::kAdminPassword));
    no_ca.StartLogin();
    ASSERT_TRUE(failed.wait(kWaitMs));
    EXPECT_EQ(failed.value(0).value(0).toString(),
              QStringLiteral("サーバーの証明書を確認できません。本部のCA証明書（ca.pem）を "
                             "/etc/kakunin/ca.pem に置くか、--ca で指定してコンソールを起動して"
                             "ください。"));
  }

  MainWindow window(QString::fromStdString(rig_->address()), ca);
  window.show();
  // --- Login: a wrong password is refused in plain words, then the right one gets in. ---
  QSignalSpy login_failed(&window, &MainWindow::failed);
  window.SetCredentials(QStringLiteral("admin"), QStringLiteral("Wrong-Password-1"));
  window.StartLogin();
  ASSERT_TRUE(login_failed.wait(kWaitMs));
  EXPECT_FALSE(login_failed.value(0).value(0).toString().isEmpty());
  SaveAndCheck(&window, "login_page_refused.png");
  window.SetCredentials(QStringLiteral("admin"), QString::fromLatin1(testing::kAdminPassword));
  QSignalSpy logged_in(&window, &MainWindow::loggedIn);
  window.StartLogin();
  ASSERT_TRUE(logged_in.wait(kWaitMs));

  // --- Sites: a new branch through the form, where terminals need HQ's approval. ---
  SitesPage* sites = window.sites_page();
  QSignalSpy sites_loaded(sites, &SitesPage::sitesLoaded);
  window.tabs()->setCurrentIndex(MainWindow::kSitesTab);
  ASSERT_TRUE(sites_loaded.wait(kWaitMs));
  sites->new_action()->trigger();
  auto* form = OpenedDialog<SiteDialog>(sites);
  ASSERT_NE(form, nullptr);
  form->site_id_edit()->setText(QStringLiteral("ekimae"));
  form->name_edit()->setText(QStringLiteral("かくにん薬局 駅前店"));
  form->kind_box()->setCurrentIndex(form->kind_box()->findData(QStringLiteral("chain_pharmacy")));
  form->code_edit()->setText(QStringLiteral("1342001015"));  // a typo in the check digit
  EXPECT_FALSE(form->save_button()->isEnabled());
  EXPECT_TRUE(form->override_reason_edit()->isEnabled());
  SaveAndCheck(form, "site_dialog_check_digit.png");
  form->code_edit()->setText(QStringLiteral("1342001014"));
  form->measure_box()->setCurrentIndex(form->measure_box()->findData(2));
  form->event_known_box()->setChecked(true);
  form->event_date_edit()->setDate(QDate(2025, 10, 1));
  ASSERT_TRUE(form->save_button()->isEnabled()) << form->problems_label()->text().toStdString();
  EXPECT_FALSE(form->auto_approve_box()->isChecked());
  QSignalSpy saved(sites, &SitesPage::siteSaved);
  form->save_button()->click();
  ASSERT_TRUE(saved.wait(kWaitMs));
  auto listed = server.ListSites();
  ASSERT_TRUE(listed.ok());
  bool found = false;
  for (const auto& s : listed->sites()) {
    if (s.site_id() != "ekimae") continue;
    found = true;
    EXPECT_EQ(s.institution_code(), "1342001014");
    EXPECT_EQ(s.facility_kind(), "chain_pharmacy");
    EXPECT_EQ(s.transitional(), v1::TRANSITIONAL_NO_FIBRE);
    EXPECT_EQ(s.transitional_event_date(), "2025-10-01");
    EXPECT_FALSE(s.auto_approve_devices());
  }
  EXPECT_TRUE(found);

  // More of the chain, straight through the client, so the list looks like a real one.
  for (const auto& s :
       {MakeSite("yamanobe", "かくにん薬局 山辺店", "2741234567", v1::TRANSITIONAL_OTHER, ""),
        MakeSite("kasetsu", "かくにん薬局 仮設店舗", "1445102033", v1::TRANSITIONAL_RECONSTRUCTION,
                 "2026-09-30"),
        MakeSite("minato", "かくにん薬局 港店", "0147654321", v1::TRANSITIONAL_CATEGORY_UNSPECIFIED,
                 "")}) {
    ASSERT_TRUE(server.UpsertSite(s).ok());
  }
  sites->Refresh();
  ASSERT_TRUE(sites_loaded.wait(kWaitMs));
  ASSERT_EQ(sites->model()->rowCount(), 5);
  int row = sites->model()->RowOf("ekimae");
  // Issue 20: a measure already over reads as ended, as on the 経過措置 tab.
  const bool ended = Labels::JapanToday() > QDate(2026, 4, 1);
  EXPECT_EQ(sites->model()->index(row, SitesModel::kMeasureEnds).data().toString(),
            ended ? QStringLiteral("2026年4月1日に終了") : QStringLiteral("2026年4月1日まで"));
  // The rig's own site has a valid code: not flagged.
  row = sites->model()->RowOf("honcho");
  EXPECT_FALSE(
      sites->model()->index(row, SitesModel::kInstitutionCode).data(Qt::ForegroundRole).isValid());
  SaveAndCheck(&window, "sites_page.png");

  // --- Terminals: tokens from the dialog enroll real agents. ---
  TerminalsPage* terminals = window.terminals_page();
  QSignalSpy devices_loaded(terminals, &TerminalsPage::devicesLoaded);
  window.tabs()->setCurrentIndex(MainWindow::kTerminalsTab);
  ASSERT_TRUE(devices_loaded.wait(kWaitMs));
  EXPECT_EQ(terminals->model()->rowCount(), 0);

  std::string honcho_token =
      IssueTokenThroughUi(terminals, QStringLiteral("honcho"), "enrollment_token_dialog.png");
  ASSERT_EQ(honcho_token.size(), 32u);
  auto active = Enroll(honcho_token, "agent-honcho", "本町店 1号機");
  EXPECT_EQ(active["status"], "active");  // the rig's site approves automatically
  std::string ekimae_token = IssueTokenThroughUi(terminals, QStringLiteral("ekimae"), "");
  auto pending = Enroll(ekimae_token, "agent-ekimae", "駅前店 1号機");
  EXPECT_EQ(pending["status"], "pending");
  const QString active_id = QString::fromStdString(active["device_id"].get<std::string>());
  const QString pending_id = QString::fromStdString(pending["device_id"].get<std::string>());

  // The active terminal delivers at once; the pending one keeps its check in the outbox.
  EXPECT_EQ(DocumentCheck("agent-honcho")["delivered"], true);
  auto held = DocumentCheck("agent-ekimae");
  EXPECT_EQ(held["delivered"], false);
  EXPECT_EQ(held["queued"], 1);

  terminals->Refresh();
  ASSERT_TRUE(devices_loaded.wait(kWaitMs));
  DevicesModel* model = terminals->model();
  ASSERT_EQ(model->rowCount(), 2);
  auto cell = [&](const QString& id, int column) {
    return model->index(model->RowOf(id.toStdString()), column).data().toString();
  };
  EXPECT_EQ(cell(active_id, DevicesModel::kStatus), QStringLiteral("有効"));
  EXPECT_EQ(cell(pending_id, DevicesModel::kStatus), QStringLiteral("承認待ち"));
  EXPECT_EQ(cell(active_id, DevicesModel::kName), QStringLiteral("本町店 1号機"));
  EXPECT_EQ(cell(pending_id, DevicesModel::kSite), QStringLiteral("かくにん薬局 駅前店"));
  // The active terminal said hello after enrolling; the pending one may not connect.
  EXPECT_EQ(cell(active_id, DevicesModel::kOnline), QStringLiteral("オンライン"));
  EXPECT_EQ(cell(pending_id, DevicesModel::kOnline), QStringLiteral("オフライン"));
  ASSERT_TRUE(terminals->SelectDevice(pending_id));
  SaveAndCheck(&window, "terminals_page.png");

  // --- Approve the pending terminal after comparing its code. ---
  terminals->approve_action()->trigger();
  auto* approve = OpenedDialog<ApproveDeviceDialog>(terminals);
  ASSERT_NE(approve, nullptr);
  EXPECT_EQ(approve->code().toStdString(), pending["verification_code"].get<std::string>());
  SaveAndCheck(approve, "approve_dialog.png");
  approve->confirm_box()->setChecked(true);
  QSignalSpy changed(terminals, &TerminalsPage::deviceChanged);
  approve->approve_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs));
  EXPECT_EQ(ServerDevice(server, pending_id.toStdString()).status(), v1::DEVICE_STATUS_ACTIVE);
  EXPECT_EQ(cell(pending_id, DevicesModel::kStatus), QStringLiteral("有効"));
  // Now the terminal can deliver what it held.
  auto [flushed, flush_rc] = Agent({"flush", "--state-dir", dir_ + "/agent-ekimae"});
  EXPECT_EQ(flush_rc, 0) << flushed.dump();
  EXPECT_EQ(flushed["queued"], 0);

  // --- Issue 19: one visual check allowed through the dialog, then found in the history. ---
  ASSERT_TRUE(terminals->SelectDevice(pending_id));
  ASSERT_TRUE(terminals->allow_visual_action()->isEnabled());
  terminals->allow_visual_action()->trigger();
  auto* allow = OpenedDialog<VisualAllowanceDialog>(terminals);
  ASSERT_NE(allow, nullptr);
  allow->reason_edit()->setText(QStringLiteral("x"));  // one character: the rule wants two
  EXPECT_FALSE(allow->allow_button()->isEnabled());
  EXPECT_FALSE(allow->problem_label()->text().isEmpty());
  const QString reason = QStringLiteral("暗証番号ロック・顔写真で本人確認済み");
  allow->reason_edit()->setText(reason);
  ASSERT_TRUE(allow->allow_button()->isEnabled()) << allow->problem_label()->text().toStdString();
  EXPECT_TRUE(allow->problem_label()->text().isEmpty());
  SaveAndCheck(allow, "visual_allowance_dialog.png");
  allow->allow_button()->click();
  ASSERT_TRUE(QTest::qWaitFor([&] { return terminals->open_dialog() == nullptr; }, kWaitMs));
  auto granted = ListVisualAllowances(server, pending_id.toStdString());
  ASSERT_TRUE(granted.ok()) << granted.error().ToString();
  ASSERT_EQ(granted->allowances_size(), 1);
  EXPECT_EQ(granted->allowances(0).state(), "open");
  EXPECT_EQ(granted->allowances(0).reason(), reason.toStdString());
  EXPECT_EQ(granted->allowances(0).granted_by(), "user:admin");

  terminals->allowance_history_action()->trigger();
  auto* history = OpenedDialog<AllowanceHistoryDialog>(terminals);
  ASSERT_NE(history, nullptr);
  ASSERT_TRUE(QTest::qWaitFor([&] { return history->model()->rowCount() == 1; }, kWaitMs))
      << history->status_label()->text().toStdString();
  auto history_cell = [&](int column) {
    return history->model()->index(0, column).data().toString();
  };
  EXPECT_TRUE(history_cell(AllowanceModel::kState).startsWith(QStringLiteral("未使用（")))
      << history_cell(AllowanceModel::kState).toStdString();
  EXPECT_TRUE(history_cell(AllowanceModel::kState).endsWith(QStringLiteral("まで）")));
  EXPECT_EQ(history_cell(AllowanceModel::kReason), reason);
  EXPECT_EQ(history_cell(AllowanceModel::kGrantedBy), QStringLiteral("admin"));
  EXPECT_EQ(history_cell(AllowanceModel::kUsedAt), QStringLiteral("—"));
  EXPECT_EQ(history_cell(AllowanceModel::kGrantedAt),
            Labels::DateTime(granted->allowances(0).granted_at().seconds()));
  EXPECT_EQ(history->status_label()->text(), QStringLiteral("許可 1 件"));
  SaveAndCheck(history, "allowance_history_dialog.png");
  history->reject();
  ASSERT_TRUE(QTest::qWaitFor([&] { return terminals->open_dialog() == nullptr; }, kWaitMs));

  // --- The approved terminal gets its own eligibility route, then follows its site again. ---
  ASSERT_TRUE(terminals->SelectDevice(pending_id));
  terminals->route_action()->trigger();
  auto* route = OpenedDialog<DeviceRouteDialog>(terminals);
  ASSERT_NE(route, nullptr);
  QComboBox* route_box = route->editor()->route_box();
  route_box->setCurrentIndex(
      route_box->findData(static_cast<int>(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES)));
  route->editor()->req_edit()->setText(QStringLiteral("\\\\oqs-pc\\OQS\\req"));
  route->editor()->res_edit()->setText(QStringLiteral("\\\\oqs-pc\\OQS\\res"));
  SaveAndCheck(route, "route_dialog.png");
  route->save_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs)) << route->error_label()->text().toStdString();
  auto routed = ServerDevice(server, pending_id.toStdString()).route_override();
  EXPECT_EQ(routed.route(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  EXPECT_EQ(routed.res_dir(), "\\\\oqs-pc\\OQS\\res");
  EXPECT_EQ(cell(pending_id, DevicesModel::kRoute),
            QStringLiteral("端末フォルダー (\\\\oqs-pc\\OQS\\req → \\\\oqs-pc\\OQS\\res)"));
  ASSERT_TRUE(QTest::qWaitFor([&] { return terminals->open_dialog() == nullptr; }, kWaitMs));
  terminals->route_action()->trigger();
  route = OpenedDialog<DeviceRouteDialog>(terminals);
  ASSERT_NE(route, nullptr);
  route->editor()->route_box()->setCurrentIndex(0);  // follow the site
  route->save_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs)) << route->error_label()->text().toStdString();
  EXPECT_EQ(ServerDevice(server, pending_id.toStdString()).route_override().route(),
            v1::ELIGIBILITY_ROUTE_UNSPECIFIED);
  EXPECT_EQ(cell(pending_id, DevicesModel::kRoute), QStringLiteral("店舗に従う（API）"));

  // --- Revoke the other one, with a reason. ---
  ASSERT_TRUE(terminals->SelectDevice(active_id));
  terminals->revoke_action()->trigger();
  auto* revoke = OpenedDialog<RevokeDeviceDialog>(terminals);
  ASSERT_NE(revoke, nullptr);
  revoke->reason_box()->setEditText(QStringLiteral("端末の入れ替え（2号機へ）"));
  SaveAndCheck(revoke, "revoke_dialog.png");
  revoke->revoke_button()->click();
  ASSERT_TRUE(changed.wait(kWaitMs));
  auto revoked = ServerDevice(server, active_id.toStdString());
  EXPECT_EQ(revoked.status(), v1::DEVICE_STATUS_REVOKED);
  EXPECT_EQ(revoked.revoke_reason(), "端末の入れ替え（2号機へ）");
  // The revoked terminal is refused: its next check stays on the terminal.
  EXPECT_EQ(DocumentCheck("agent-honcho")["delivered"], false);

  terminals->Refresh();
  ASSERT_TRUE(devices_loaded.wait(kWaitMs));
  EXPECT_EQ(cell(active_id, DevicesModel::kStatus), QStringLiteral("失効"));
  EXPECT_EQ(cell(active_id, DevicesModel::kOnline), QStringLiteral("切断（失効）"));
  EXPECT_EQ(cell(pending_id, DevicesModel::kOnline), QStringLiteral("オンライン"));
  EXPECT_TRUE(model->ToCsv().contains(QStringLiteral(",revoked,")));
  SaveAndCheck(&window, "terminals_page_after.png");
}

}  // namespace
}  // namespace kakunin::console
