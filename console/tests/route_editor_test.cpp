// The eligibility-route form gives back what it was given, sends nothing for a terminal that
// follows its site, and refuses before sending what the server would refuse, in the server's
// Japanese words; the site form carries the route, the terminal's route dialog sends it.
#include "console/ui/route_editor.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

#include "console/models/route_validation.h"
#include "console/ui/device_dialogs.h"
#include "console/ui/error_text.h"
#include "console/ui/site_dialog.h"

namespace kakunin::console {
namespace {

using google::protobuf::util::MessageDifferencer;

const QString kBadPath = QStringLiteral(
    "フォルダーは絶対パス（/…、C:\\…、\\\\server\\share… など）で入力してください（260バイトまで。"
    "「..」や制御文字は使えません）。");
const QString kSameFolder =
    QStringLiteral("要求フォルダーと応答フォルダーには、別々のフォルダーを指定してください。");
const QString kMissingFolder = QStringLiteral(
    "資格確認端末のフォルダー連携には、要求フォルダー（req）と応答フォルダー（res）の両方が必要で"
    "す。");
const QString kBadTimeout = QStringLiteral("応答の待ち時間は1〜120秒で指定してください。");
const QString kHandoffWithFiles = QStringLiteral(
    "受け渡しフォルダーはオンライン資格確認（API）の場合だけ使います。資格確認端末のフォルダー連携"
    "では、レセコンが端末の応答をそのまま読み取ります。");

class RouteEditorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "route_editor_test";
    static char* argv[] = {name};
    app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
  }
  static QApplication* app_;
};
QApplication* RouteEditorTest::app_ = nullptr;

v1::RouteSettings FolderRoute() {
  v1::RouteSettings r;
  r.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  r.set_req_dir("\\\\oqs-pc\\OQS\\req");
  r.set_res_dir("\\\\oqs-pc\\OQS\\res");
  r.set_answer_timeout_seconds(45);
  r.set_request_encoding(v1::FILE_ENCODING_SHIFT_JIS);
  r.set_header_institution_code("1342001014");
  r.set_face_pickup(false);
  return r;
}

void Choose(QComboBox* box, v1::EligibilityRoute route) {
  box->setCurrentIndex(box->findData(static_cast<int>(route)));
}

// The text a person reads for the first problem of `route`.
QString Refusal(const v1::RouteSettings& route, bool per_terminal = false) {
  auto s = ValidateRoute(route, per_terminal);
  return s.ok() ? QString() : ErrorText::For(s.error());
}

TEST_F(RouteEditorTest, GivesBackWhatItWasGiven) {
  RouteEditor editor(RouteEditor::Scope::kSite);
  EXPECT_EQ(editor.title(), QStringLiteral("資格確認の経路"));
  const auto files = FolderRoute();
  editor.SetSettings(files);
  EXPECT_EQ(editor.route_box()->currentText(), QStringLiteral("資格確認端末のフォルダー連携"));
  EXPECT_EQ(editor.encoding_box()->currentText(), QStringLiteral("Shift_JIS"));
  EXPECT_FALSE(editor.face_pickup_box()->isChecked());
  EXPECT_TRUE(editor.IsRowShown(editor.req_edit()));
  EXPECT_FALSE(editor.IsRowShown(editor.handoff_edit()));
  EXPECT_TRUE(editor.valid());
  EXPECT_TRUE(MessageDifferencer::Equals(editor.settings(), files))
      << editor.settings().DebugString();

  // The folder rows give way to the hand-off rows on the API route, and back.
  Choose(editor.route_box(), v1::ELIGIBILITY_ROUTE_SERVICE_API);
  EXPECT_FALSE(editor.IsRowShown(editor.req_edit()));
  EXPECT_TRUE(editor.IsRowShown(editor.handoff_edit()));
  editor.handoff_edit()->setText(QStringLiteral("D:\\Rececom\\face"));
  editor.handoff_encoding_box()->setCurrentIndex(1);
  auto api = editor.settings();
  EXPECT_EQ(api.route(), v1::ELIGIBILITY_ROUTE_SERVICE_API);
  EXPECT_EQ(api.handoff_dir(), "D:\\Rececom\\face");
  EXPECT_EQ(api.handoff_encoding(), v1::FILE_ENCODING_SHIFT_JIS);
  EXPECT_TRUE(api.req_dir().empty());  // the server refuses folders on the API route
  RouteEditor again(RouteEditor::Scope::kSite);
  again.SetSettings(api);
  EXPECT_TRUE(MessageDifferencer::Equals(again.settings(), api));

  // A site never configured stays so when nothing is changed (defaults are not written in).
  editor.SetSettings({});
  EXPECT_EQ(editor.route_box()->currentText(), QStringLiteral("オンライン資格確認（API）"));
  EXPECT_EQ(editor.settings().ByteSizeLong(), 0u);
  // New folder settings start with 30 s and the face-reader pickup on.
  Choose(editor.route_box(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  EXPECT_EQ(editor.timeout_box()->value(), 30);
  EXPECT_TRUE(editor.face_pickup_box()->isChecked());
  EXPECT_EQ(editor.timeout_box()->minimum(), 1);
  EXPECT_EQ(editor.timeout_box()->maximum(), 120);
}

TEST_F(RouteEditorTest, ATerminalFollowingItsSiteSendsNothing) {
  RouteEditor editor(RouteEditor::Scope::kTerminal);
  editor.SetSiteRoute(FolderRoute());
  EXPECT_EQ(editor.route_box()->itemText(0), QStringLiteral("店舗の設定に従う"));
  EXPECT_EQ(editor.route_box()->currentIndex(), 0);
  EXPECT_EQ(editor.note_label()->text(),
            QStringLiteral("この端末は店舗の経路を使います: 端末フォルダー (\\\\oqs-pc\\OQS\\req → "
                           "\\\\oqs-pc\\OQS\\res)"));
  EXPECT_FALSE(editor.IsRowShown(editor.req_edit()));
  EXPECT_FALSE(editor.IsRowShown(editor.handoff_edit()));
  EXPECT_EQ(editor.settings().ByteSizeLong(), 0u);

  // An override given up again: what was typed is not sent.
  editor.SetSettings(FolderRoute());
  EXPECT_EQ(editor.settings().route(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  editor.route_box()->setCurrentIndex(0);
  EXPECT_TRUE(editor.valid());
  EXPECT_EQ(editor.settings().ByteSizeLong(), 0u);
}

TEST_F(RouteEditorTest, RefusesAsTheServerWouldInItsWords) {
  RouteEditor editor(RouteEditor::Scope::kTerminal);
  Choose(editor.route_box(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  EXPECT_EQ(editor.problem_label()->text(), kMissingFolder);
  QTest::keyClicks(editor.req_edit(), "OQS\\req");  // relative
  QTest::keyClicks(editor.res_edit(), "C:\\OQS\\res");
  EXPECT_FALSE(editor.valid());
  EXPECT_EQ(editor.problem_label()->text(), kBadPath);
  editor.req_edit()->setText(QStringLiteral("C:\\OQS\\res"));
  EXPECT_EQ(editor.problem_label()->text(), kSameFolder);
  editor.req_edit()->setText(QStringLiteral("C:\\OQS\\req"));
  EXPECT_TRUE(editor.valid());
  EXPECT_TRUE(editor.problem_label()->text().isEmpty());
  editor.code_edit()->setText(QStringLiteral("13420"));
  EXPECT_EQ(editor.problem_label()->text(),
            QStringLiteral("ヘッダーの医療機関等コードは半角数字10桁です（空欄の場合は店舗のコード"
                           "を使います）。"));

  // What the form cannot produce, checked by the same rules.
  auto files = FolderRoute();
  files.set_answer_timeout_seconds(0);
  EXPECT_EQ(Refusal(files), kBadTimeout);
  files.set_answer_timeout_seconds(121);
  EXPECT_EQ(Refusal(files), kBadTimeout);
  files.set_answer_timeout_seconds(120);
  EXPECT_TRUE(Refusal(files).isEmpty());
  files.set_handoff_dir("D:\\Rececom\\face");
  EXPECT_EQ(Refusal(files), kHandoffWithFiles);
  files = FolderRoute();
  files.set_res_dir("\\\\oqs-pc\\OQS\\req\\..\\res");
  EXPECT_EQ(Refusal(files), kBadPath);
  files.set_res_dir("/mnt/oqs/" + std::string(260, 'r'));
  EXPECT_EQ(Refusal(files), kBadPath);
  files.set_res_dir("/mnt/oqs/res");
  EXPECT_TRUE(Refusal(files).isEmpty());
  v1::RouteSettings follow;
  follow.set_answer_timeout_seconds(30);
  EXPECT_EQ(Refusal(follow, true),
            QStringLiteral("経路の設定の組み合わせが正しくありません（例: APIの経路にフォルダーを"
                           "設定している、店舗の設定に従う端末にほかの設定がある）。入力内容を確"
                           "認してください。"));
  EXPECT_TRUE(Refusal(follow, false).isEmpty());  // a site's unset route is the API
}

TEST_F(RouteEditorTest, TheSiteFormCarriesTheRoute) {
  SiteDialog dialog(nullptr, nullptr);
  QSignalSpy saves(&dialog, &SiteDialog::saveRequested);
  dialog.site_id_edit()->setText(QStringLiteral("ekimae"));
  dialog.name_edit()->setText(QStringLiteral("かくにん薬局 駅前店"));
  dialog.code_edit()->setText(QStringLiteral("1341234566"));
  ASSERT_TRUE(dialog.save_button()->isEnabled()) << dialog.problems_label()->text().toStdString();
  RouteEditor* route = dialog.route_editor();
  Choose(route->route_box(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  EXPECT_FALSE(dialog.save_button()->isEnabled());  // no folders yet
  route->req_edit()->setText(QStringLiteral("\\\\oqs-pc\\OQS\\req"));
  route->res_edit()->setText(QStringLiteral("\\\\oqs-pc\\OQS\\res"));
  ASSERT_TRUE(dialog.save_button()->isEnabled()) << route->problem_label()->text().toStdString();
  dialog.save_button()->click();
  ASSERT_EQ(saves.size(), 1);
  auto site = saves[0][0].value<v1::Site>();
  EXPECT_EQ(site.route().route(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  EXPECT_EQ(site.route().res_dir(), "\\\\oqs-pc\\OQS\\res");
  EXPECT_EQ(site.route().answer_timeout_seconds(), 30u);
  EXPECT_TRUE(site.route().face_pickup());

  // Editing a site keeps its route as stored when the route is not touched.
  v1::Site existing = site;
  existing.mutable_route()->set_answer_timeout_seconds(0);  // stored by the CLI: 30 s
  existing.add_allowed_routes(v1::CHECK_ROUTE_HOME_VISIT);
  SiteDialog edit(&existing, nullptr);
  EXPECT_TRUE(edit.save_button()->isEnabled());
  EXPECT_TRUE(MessageDifferencer::Equals(edit.site(), existing)) << edit.site().DebugString();
}

TEST_F(RouteEditorTest, TheTerminalDialogSendsTheRoute) {
  v1::Device d;
  d.set_device_id("dev-1");
  d.set_site_id("honcho");
  v1::RouteSettings site_route;
  site_route.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
  DeviceRouteDialog dialog(d, QStringLiteral("本町薬局"), site_route, nullptr);
  QSignalSpy sent(&dialog, &DeviceRouteDialog::routeRequested);
  EXPECT_EQ(dialog.windowTitle(), QStringLiteral("端末の資格確認の経路"));
  EXPECT_EQ(dialog.editor()->note_label()->text(),
            QStringLiteral("この端末は店舗の経路を使います: API"));
  ASSERT_TRUE(dialog.save_button()->isEnabled());

  Choose(dialog.editor()->route_box(), v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
  dialog.editor()->req_edit()->setText(QStringLiteral("req"));
  dialog.editor()->res_edit()->setText(QStringLiteral("/srv/oqs/res"));
  EXPECT_FALSE(dialog.save_button()->isEnabled());
  EXPECT_EQ(dialog.editor()->problem_label()->text(), kBadPath);
  dialog.editor()->req_edit()->setText(QStringLiteral("/srv/oqs/req"));
  ASSERT_TRUE(dialog.save_button()->isEnabled());
  dialog.save_button()->click();
  ASSERT_EQ(sent.size(), 1);
  EXPECT_EQ(sent[0][0].toString(), QStringLiteral("dev-1"));
  auto route = sent[0][1].value<v1::RouteSettings>();
  EXPECT_EQ(route.req_dir(), "/srv/oqs/req");
  EXPECT_FALSE(dialog.save_button()->isEnabled());  // busy until the server answers

  // The server's refusal, shown in the dialog in the same words.
  dialog.ShowError(ErrorText::For(MakeError(ErrorCode::kInvalidArgument, "route.same_folder", "")));
  EXPECT_EQ(dialog.error_label()->text(), kSameFolder);
  EXPECT_TRUE(dialog.save_button()->isEnabled());
}

}  // namespace
}  // namespace kakunin::console
