// `kakunin-server site route` and `kakunin-server terminal route`: HQ sets how a site's
// terminals, or one terminal, reach the eligibility service (issue 14). A running server hears
// the change through the database and sends the terminals their new settings at once.
#include <iostream>
#include <optional>

#include "common/cli/language.h"
#include "common/log/log.h"
#include "server/app/app_common.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/route_rules.h"

namespace kakunin::server {
namespace {

Result<v1::FileEncoding> EncodingFlag(const cli::Flags& f, const std::string& name) {
  const std::string v = f.Get(name);
  if (v.empty() || v == "utf8" || v == "utf-8") return v1::FILE_ENCODING_UTF8;
  if (v == "sjis" || v == "shift_jis" || v == "shift-jis") return v1::FILE_ENCODING_SHIFT_JIS;
  return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                   cli::Localized("--" + name + " is utf8 or sjis, not '" + v + "'",
                                  "--" + name + " は utf8 か sjis です（指定: '" + v + "'）"));
}

}  // namespace

void AddRouteFlags(cli::Flags& f) {
  f.Option("route", "ROUTE",
           cli::Localized("service-api or terminal-files",
                          "照会の経路: service-api（オンライン資格確認の API）か "
                          "terminal-files（資格確認端末のフォルダー連携）"))
      .Option("req-dir", "DIR",
              cli::Localized(
                  "terminal-files: the 資格確認端末's request folder (or share)",
                  "terminal-files のとき: 資格確認端末の要求フォルダー（または共有フォルダー）"))
      .Option("res-dir", "DIR",
              cli::Localized("terminal-files: its answer folder (face files appear here)",
                             "terminal-files のとき: 資格確認端末の応答フォルダー"
                             "（顔認証付きカードリーダーのファイルもここに出ます）"))
      .Option("answer-timeout", "SECONDS",
              cli::Localized("terminal-files: wait for an answer (1-120)",
                             "terminal-files のとき: 応答を待つ時間（秒、1〜120）"),
              "30")
      .Option("request-encoding", "ENC",
              cli::Localized("terminal-files: utf8 or sjis",
                             "terminal-files のとき: 要求ファイルの文字コード（utf8 か sjis）"),
              "utf8")
      .Option(
          "header-code", "DIGITS",
          cli::Localized("医療機関等コード in the request header (default: the site's)",
                         "要求のヘッダーに入れる医療機関等コード（指定しなければ店舗のコード）"))
      .Bool(
          "no-face-pickup",
          cli::Localized(
              "terminal-files: do not turn face-reader files into results",
              "terminal-files のとき: 顔認証付きカードリーダーのファイルを結果として取り込まない"))
      .Option("handoff-dir", "DIR",
              cli::Localized(
                  "service-api: write each card check as a face-reader file here for the receipt "
                  "computer",
                  "service-api のとき: 受け渡しフォルダー。カードでの確認ごとに、顔認証付き"
                  "カードリーダーと同じ形式のファイルをレセコン向けにここへ書きます"))
      .Option("handoff-encoding", "ENC",
              cli::Localized("utf8 or sjis", "受け渡しファイルの文字コード（utf8 か sjis）"),
              "utf8");
}

Result<v1::RouteSettings> RouteFromFlags(const cli::Flags& f) {
  v1::RouteSettings r;
  const std::string route = f.Get("route");
  if (route.empty()) return r;
  if (route == "terminal-files") {
    r.set_route(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES);
    r.set_req_dir(f.Get("req-dir"));
    r.set_res_dir(f.Get("res-dir"));
    r.set_face_pickup(!f.GetBool("no-face-pickup"));
    KAKUNIN_ASSIGN_OR_RETURN(int timeout, f.GetInt("answer-timeout"));
    if (timeout < 1 || timeout > static_cast<int>(kMaxAnswerTimeoutSeconds)) {
      return MakeError(ErrorCode::kInvalidArgument, "route.bad_timeout",
                       "--answer-timeout is 1 to 120 seconds");
    }
    r.set_answer_timeout_seconds(static_cast<uint32_t>(timeout));
    KAKUNIN_ASSIGN_OR_RETURN(auto enc, EncodingFlag(f, "request-encoding"));
    r.set_request_encoding(enc);
  } else if (route == "service-api") {
    r.set_route(v1::ELIGIBILITY_ROUTE_SERVICE_API);
    r.set_handoff_dir(f.Get("handoff-dir"));
    if (!r.handoff_dir().empty()) {
      KAKUNIN_ASSIGN_OR_RETURN(auto enc, EncodingFlag(f, "handoff-encoding"));
      r.set_handoff_encoding(enc);
    }
  } else if (route != "site") {
    return MakeError(
        ErrorCode::kInvalidArgument, "cli.bad_value",
        cli::Localized("--route is service-api or terminal-files, not '" + route + "'",
                       "--route は service-api か terminal-files です（指定: '" + route + "'）"));
  }
  r.set_header_institution_code(f.Get("header-code"));
  if (route == "site") r.Clear();  // a terminal back on its site's route
  return r;
}

int SiteRoute(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server site route --id ID --route ROUTE [options]",
      cli::Localized(
          "Sets how a site's terminals reach the eligibility service: the service API, or\n"
          "the on-site 資格確認端末's req/res folders. The rest of the site stays as it is.\n"
          "Exit codes: 0 saved, 1 database trouble, 2 bad input.",
          "店舗の端末がオンライン資格確認に照会する経路を設定します。オンライン資格確認の\n"
          "API か、店舗にある資格確認端末の req/res フォルダーです。店舗のほかの設定は\n"
          "変わりません。\n"
          "終了コード: 0 保存した、1 データベースの問題、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("id", "ID", cli::Localized("site id", "店舗 ID"));
  AddRouteFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  auto route = RouteFromFlags(f);
  if (!route.ok()) return Fail(route.error());
  if (route->route() == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                  cli::Localized("--route service-api or --route terminal-files",
                                 "--route に service-api か terminal-files を指定してください")));
  }
  auto o = OpenFleetStore(f);
  if (!o.ok()) return Fail(o.error());
  auto site = o->store->GetSite(f.Get("id"));
  if (!site.ok()) return Fail(site.error());
  *site->mutable_route() = *route;
  auto saved = o->store->UpsertSite(*site, "cli:site-route");
  if (!saved.ok()) return Fail(saved.error());
  std::cout << "店舗 " << saved->site_id() << " の照会の経路を " << f.Get("route")
            << " にしました（動いている端末にもすぐ伝わります）\n";
  return 0;
}

int TerminalRoute(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server terminal route --device ID --route ROUTE|site [options]",
      cli::Localized(
          "Sets one terminal's own route (it overrides its site's); --route site puts it\n"
          "back on its site's route. Exit codes: 0 saved, 1 database trouble, 2 bad input.",
          "1 台の端末だけの照会の経路を設定します（店舗の経路より優先されます）。\n"
          "--route site で店舗の経路に戻します。\n"
          "終了コード: 0 保存した、1 データベースの問題、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("device", "ID",
           cli::Localized("device id (kakunin-agent status shows it)",
                          "端末 ID（kakunin-agent status で表示されます）"));
  AddRouteFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  if (f.Get("route").empty()) {
    return Fail(MakeError(
        ErrorCode::kInvalidArgument, "cli.missing",
        cli::Localized("--route service-api, terminal-files or site",
                       "--route に service-api、terminal-files、site のどれかを指定してください")));
  }
  auto route = RouteFromFlags(f);
  if (!route.ok()) return Fail(route.error());
  auto o = OpenFleetStore(f);
  if (!o.ok()) return Fail(o.error());
  auto device = o->store->SetDeviceRoute(f.Get("device"), *route, "cli:terminal-route");
  if (!device.ok()) return Fail(device.error());
  std::cout << "端末 " << device->device_id() << " の照会の経路を " << f.Get("route")
            << " にしました（動いている端末にもすぐ伝わります）\n";
  return 0;
}

}  // namespace kakunin::server
