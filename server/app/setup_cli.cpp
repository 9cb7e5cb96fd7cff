// kakunin-server's setup and housekeeping commands: admin create, site add, token issue,
// retention run. Each opens the database (migrated first), does one thing and says what it did.

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <iostream>
#include <pqxx/pqxx>
#include <string>

#include "common/cli/flags.h"
#include "common/cli/language.h"
#include "common/crypto/enroll_bundle.h"
#include "common/crypto/x509.h"
#include "common/log/log.h"
#include "common/os/files.h"
#include "server/app/app_common.h"
#include "server/auth/users.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/retention.h"

namespace kakunin::server {

namespace {

termios saved_terminal;

void RestoreEchoAndExit(int) {
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  ::_exit(130);
}

// At a terminal: asked twice, not shown (Ctrl-C gives the echo back). From a pipe: one line.
Result<std::string> ReadNewPassword() {
  std::string first, second;
  if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) {
    std::getline(std::cin, first);
    if (!first.empty() && first.back() == '\r') first.pop_back();
  } else {
    termios quiet = saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    auto* before = std::signal(SIGINT, RestoreEchoAndExit);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);  // typed-ahead input is kept
    std::cerr << "パスワード: " << std::flush;
    std::getline(std::cin, first);
    std::cerr << "\nもう一度入力してください: " << std::flush;
    std::getline(std::cin, second);
    std::cerr << "\n";
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    std::signal(SIGINT, before);
    if (first != second) {
      return MakeError(ErrorCode::kInvalidArgument, "auth.password_mismatch",
                       "the two passwords differ");
    }
  }
  if (first.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "auth.no_password", "no password was given");
  }
  return first;
}

}  // namespace

int AdminCreate(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server admin create --login NAME [--role ROLE] [--sites LIST]",
      cli::Localized(
          "Creates a console user. The password is asked twice at a terminal (not shown), "
          "or read as one line from standard input: 8 to 100 characters, with an upper-case "
          "letter, a lower-case letter and a digit.\n"
          "Exit codes: 0 created, 1 failed (the database, or the login name is taken), 2 bad\n"
          "input (an option or the password).",
          "管理コンソールのユーザーを作成します。パスワードは、ターミナルで実行したときは\n"
          "2 回尋ねます（入力は表示されません）。それ以外は標準入力から 1 行読みます。\n"
          "パスワードは 8〜100 文字で、英大文字・英小文字・数字をそれぞれ 1 文字以上含めます。\n"
          "終了コード: 0 作成した、1 失敗（データベースの問題、またはログイン名が使用済み）、\n"
          "2 入力の誤り（オプションかパスワード）"));
  AddCommonFlags(f);
  f.Option("login", "NAME", cli::Localized("login name", "ログイン名"))
      .Option("display-name", "TEXT",
              cli::Localized("name shown in the console", "管理コンソールに表示する名前"))
      .Option("role", "ROLE",
              cli::Localized("hq_admin, branch_manager, auditor or staff",
                             "役割: hq_admin（本部管理者）、branch_manager（店舗責任者）、"
                             "auditor（監査担当）、staff（店舗スタッフ）のいずれか"),
              "hq_admin")
      .Option("sites", "LIST",
              cli::Localized("site ids (comma list) for branch managers and staff",
                             "branch_manager と staff の担当店舗の ID（カンマ区切り）"))
      .Bool("password-stdin",
            cli::Localized(
                "accepted for scripts; standard input is always where it comes from",
                "スクリプトのために受け付けます（パスワードはいつも標準入力から読みます）"));
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  // Everything that can be checked here is, before the password is asked or a database opened.
  if (f.Get("login").empty()) {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "auth.no_login", "--login NAME is required"));
  }
  auto role = ParseRole(f.Get("role"));
  if (!role.ok()) return Fail(role.error());
  auto password_read = ReadNewPassword();
  if (!password_read.ok()) return Fail(password_read.error());
  const std::string password = std::move(*password_read);
  auto db = OpenMigratedDatabase(f);
  if (!db.ok()) return Fail(db.error());
  ConnectionPool pool(db->dsn, 1);
  UserStore users(&pool, AuthPolicy{});
  auto u = users.Create(f.Get("login"), f.Get("display-name"), password, *role,
                        SplitComma(f.Get("sites")));
  if (!u.ok()) return Fail(u.error());
  std::cout << "ユーザー " << u->login << "（" << RoleName(u->role) << "）を作成しました\n";
  return 0;
}

int SiteAdd(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server site add --id ID --name NAME [options]",
      cli::Localized("Creates a site, or updates an existing one: only the options given\n"
                     "change; every other setting stays as it is (a flag is turned off\n"
                     "with =false, e.g. --auto-approve=false).\n"
                     "Exit codes: 0 saved, 1 failed (the database), 2 bad input (an option, or a\n"
                     "value the site cannot take, such as a wrong 医療機関等コード).",
                     "店舗を登録します。登録済みの店舗では、指定したオプションだけを変更し、\n"
                     "ほかの設定はそのまま残します（オンの設定は --auto-approve=false の\n"
                     "ように =false でオフにします）。\n"
                     "終了コード: 0 保存した、1 失敗（データベースの問題）、2 入力の誤り\n"
                     "（オプションや、誤った医療機関等コードなど店舗に設定できない値）"));
  AddCommonFlags(f);
  f.Option("id", "ID", cli::Localized("site id", "店舗 ID"))
      .Option("name", "TEXT", cli::Localized("the facility's name (医療機関等名)", "医療機関等名"))
      .Option("code", "DIGITS",
              cli::Localized("the facility's code (医療機関等コード, 10 digits)",
                             "医療機関等コード（10 桁）"))
      .Option("prefecture", "NN", cli::Localized("prefecture code", "都道府県コード"))
      .Option("kind", "KIND",
              cli::Localized(
                  "hospital, clinic, pharmacy, chain_pharmacy, health_check, midwife, exempt",
                  "施設種別: hospital、clinic、pharmacy、chain_pharmacy、"
                  "health_check、midwife、exempt のいずれか"),
              "pharmacy")
      .Option(
          "code-override-reason", "TEXT",
          cli::Localized("why a 調剤 code whose check digit disagrees stands (recorded, audited)",
                         "検証番号が合わない調剤の医療機関等コードをそのまま使う理由"
                         "（記録され、監査ログに残ります）"))
      .Option(
          "default-mode", "MODE",
          cli::Localized("visual or pin", "本人確認の方法: visual（目視確認）か pin（暗証番号）"),
          "visual")
      .Bool("allow-local-mode", cli::Localized("staff may switch the identity mode at the counter",
                                               "職員が窓口で本人確認の方法を切り替えられる"))
      .Bool(
          "auto-approve",
          cli::Localized("new terminals are active at once (else pending approval)",
                         "新しい端末をすぐに使えるようにする（指定しなければ承認待ちになります）"));
  AddRouteFlags(f);
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  // Refused rather than read as visual: `--default-mode PIN` or a typo must not quietly give a
  // branch the other way of confirming identity.
  const std::string mode = f.Get("default-mode");
  if (mode != "visual" && mode != "pin") {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.bad_mode",
                  cli::Localized("--default-mode is visual or pin, not '" + mode + "'",
                                 "--default-mode は visual か pin です（指定: '" + mode + "'）")));
  }
  auto fleet = OpenFleetStore(f);
  if (!fleet.ok()) return Fail(fleet.error());
  FleetStore& store = *fleet->store;
  // A store's settings are many (route, folders, address, measures): running `site add` again to
  // turn one on must not reset the others to their defaults, as a whole-row write did.
  v1::Site site;
  auto existing = store.GetSite(f.Get("id"));
  const bool update = existing.ok();
  if (update) {
    site = *existing;
  } else if (existing.error().code() != ErrorCode::kNotFound) {
    return Fail(existing.error());
  }
  auto given = [&](const char* name) { return !update || f.Has(name); };
  site.set_site_id(f.Get("id"));
  if (given("name")) site.set_name(f.Get("name"));
  if (given("code")) site.set_institution_code(f.Get("code"));
  if (given("prefecture")) site.set_prefecture(f.Get("prefecture"));
  if (given("kind")) site.set_facility_kind(f.Get("kind"));
  if (given("code-override-reason")) site.set_code_override_reason(f.Get("code-override-reason"));
  if (given("default-mode")) {
    site.set_default_mode(mode == "pin" ? v1::IDENTITY_MODE_PIN : v1::IDENTITY_MODE_VISUAL);
  }
  if (given("auto-approve")) site.set_auto_approve_devices(f.GetBool("auto-approve"));
  if (given("allow-local-mode"))
    site.set_local_mode_override_allowed(f.GetBool("allow-local-mode"));
  if (given("route")) {
    auto route = RouteFromFlags(f);
    if (!route.ok()) return Fail(route.error());
    *site.mutable_route() = *route;
  }
  auto r = store.UpsertSite(site, "cli:site-add");
  if (!r.ok()) return Fail(r.error());
  if (update) {
    std::cout << "店舗 " << r->site_id() << " を更新しました（指定しなかった設定は変わりません）\n";
  } else {
    std::cout << "店舗 " << r->site_id() << " を保存しました\n";
  }
  return 0;
}

int TokenIssue(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server token issue --site ID [--ttl SECONDS] [--bundle-server HOST:PORT,…]",
      cli::Localized(
          "Issues a one-time enrollment token; prints it once (only its hash is kept). The\n"
          "first line is the token; the second, when HQ's addresses are known (--bundle-server,\n"
          "else `advertise` in server.toml), the enrollment bundle a terminal takes whole:\n"
          "kakunin-agent enroll --bundle - (or the MSI's BUNDLE=).\n"
          "Exit codes: 0 issued, 1 failed (the database, a site not registered, HQ's CA\n"
          "missing), 2 bad input.",
          "1 回だけ使える登録トークンを発行します。トークンは 1 回だけ表示します\n"
          "（保存されるのはハッシュだけです）。1 行目がトークンです。本部の宛先がわかるとき\n"
          "（--bundle-server、なければ server.toml の advertise）は、2 行目に登録用の文字列を\n"
          "出します。端末ではこの文字列を kakunin-agent enroll --bundle - （または MSI の\n"
          "BUNDLE=）にそのまま渡します。\n"
          "終了コード: 0 発行した、1 失敗（データベースの問題、登録されていない店舗、\n"
          "本部の CA 証明書がない）、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("site", "ID", cli::Localized("site the terminal will belong to", "端末を登録する店舗"))
      .Option("ttl", "SECONDS",
              cli::Localized("validity, 60 to 604800 (one week)",
                             "有効期間（秒）。60〜604800（1 週間）"),
              "3600")
      .Option("bundle-server", "HOST:PORT[,…]",
              cli::Localized("HQ's addresses for the enrollment bundle (default: advertise in "
                             "server.toml; the CA from --data-dir)",
                             "登録用の文字列に入れる本部の宛先（指定しなければ server.toml の "
                             "advertise。CA 証明書は --data-dir のもの）"))
      // Read from server.toml's top, where `serve` reads it: the addresses terminals reach.
      .Option("advertise", "HOST:PORT[,…]",
              cli::Localized("HQ's addresses as terminals reach them (as serve's)",
                             "端末から接続するときの本部のアドレス（serve と同じ設定）"))
      .List();
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  if (f.Get("site").empty()) {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.missing",
                  cli::Localized("--site ID is required", "--site に店舗 ID を指定してください")));
  }
  auto ttl = f.GetInt("ttl");
  if (!ttl.ok()) return Fail(ttl.error());
  const std::string servers = f.Has("bundle-server") ? f.Get("bundle-server")
                              : f.Has("advertise")   ? f.Get("advertise")
                                                     : "";
  // The CA is read before the token is issued: a token printed and then a failure left one
  // unusable token behind, and a message about PEM parsing.
  std::string fingerprint;
  if (!servers.empty()) {
    const std::string ca_path = f.Get("data-dir") + "/pki/ca.pem";
    auto pem = os::ReadRegularFile(ca_path, 1 << 20);
    auto digest = pem.ok() ? crypto::CertificateSha256Hex(*pem) : Result<std::string>(pem.error());
    if (!digest.ok()) {
      return Fail(MakeError(
          ErrorCode::kFailedPrecondition, "token.no_ca",
          cli::Localized("HQ's CA " + ca_path +
                             " is missing or unreadable: start kakunin-server serve once (it "
                             "makes the CA), or give the right --data-dir",
                         "本部の CA 証明書 " + ca_path +
                             " がないか読めません。先に kakunin-server serve を一度起動する"
                             "（CA が作られます）か、正しい --data-dir を指定してください")));
    }
    fingerprint = *digest;
  }
  auto fleet = OpenFleetStore(f);
  if (!fleet.ok()) return Fail(fleet.error());
  FleetStore& store = *fleet->store;
  auto t = store.IssueEnrollmentToken(f.Get("site"), *ttl, "cli:token-issue");
  if (!t.ok()) return Fail(t.error());
  std::cout << t->token << "\n";
  if (!servers.empty()) {
    std::cout << crypto::FormatEnrollBundle(
                     {SplitComma(servers), fingerprint, f.Get("site"), t->token})
              << "\n";
  }
  // For a person at a terminal only: scripts read the lines above from standard output.
  if (::isatty(STDERR_FILENO)) {
    std::cerr << (servers.empty()
                      ? "（1 行目: 登録トークン。登録用の文字列も出すには --bundle-server "
                        "HOST:PORT を指定するか、server.toml に advertise を書いてください）\n"
                      : "（1 行目: 登録トークン、2 行目: 登録用の文字列。端末では 2 行目を "
                        "kakunin-agent enroll --bundle - に貼り付けます）\n")
              << "有効期間: " << *ttl << " 秒\n";
  }
  return 0;
}

int RetentionRun(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server retention run [--today YYYY-MM-DD] [--months N]",
      cli::Localized(
          "Drops the patient data of every month whose re-view window (翌月末) has passed.\n"
          "Non-personal result rows stay. Signed audit heads older than 30 days are thinned\n"
          "to the newest of each day. The server also runs this every hour. A month\n"
          "another session (a backup) holds is left for a later run; so is everything while\n"
          "another server is purging.\n"
          "Exit codes: 0 done, 1 failed, 2 bad input, 3 a month was held or another server\n"
          "was purging: run again later.",
          "再確認できる期間（翌月末まで）を過ぎた月の患者情報を消去します。\n"
          "個人を特定しない結果の行は残ります。30 日より前の監査ログの署名\n"
          "（署名済みチェックポイント）は、1 日 1 件（その日の最新のもの）に間引きます。\n"
          "サーバーも 1 時間ごとにこの処理を行います。ほかの処理（バックアップなど）が\n"
          "使用中の月と、ほかのサーバーが消去中のときは全体を、次の実行に回します。\n"
          "終了コード: 0 完了、1 失敗、2 入力の誤り、3 使用中の月があったか、ほかのサーバーが\n"
          "消去中だった（後で再実行）"));
  AddCommonFlags(f);
  f.Option("today", "DATE",
           cli::Localized("Japan's date to judge by (default: today)",
                          "判断に使う日付（日本時間。指定しなければ今日）"))
      .Option("months", "N",
              cli::Localized("re-view window in months after the check's month",
                             "確認した月の後、再確認できる期間（か月）"),
              "1");
  if (auto end = BeginCommand(f, argc, argv, 3, "info")) return *end;
  domain::Date today = TodayInJapan();
  if (f.Has("today")) {
    auto d = domain::ParseIsoDate(f.Get("today"));
    if (!d.ok()) return Fail(d.error());
    today = *d;
  }
  auto months = f.GetInt("months");
  if (!months.ok()) return Fail(months.error());
  auto db = OpenMigratedDatabase(f);
  if (!db.ok()) return Fail(db.error());
  try {
    pqxx::connection conn(db->dsn);
    auto r = PurgeExpiredPatientData(conn, today, *months);
    if (!r.ok()) return Fail(r.error());
    long long thinned = 0;
    HeadThinning walk;
    do {
      auto n = ThinAuditHeads(conn, std::chrono::system_clock::now(), &walk);
      if (!n.ok()) return Fail(n.error());
      thinned += *n;
      if (!walk.reached_recent) {
        std::cerr << "古い監査ログの署名を間引いています… " << thinned << " 件\n";
      }
    } while (!walk.reached_recent);
    std::cout << "30 日より前の監査ログの署名を 1 日 1 件に間引きました: " << thinned << " 件\n";
    if (r->another_purging) {
      // Another server (a replica's hourly run) is purging: nothing was done here.
      std::cout << "ほかのサーバーが保存期間を過ぎた患者情報を消去している最中のため、消去しません"
                   "でした。しばらくしてからもう一度実行してください。\n";
      return 3;
    }
    std::cout << "保存期間を過ぎた患者情報を消去しました: " << r->dropped.size() << " か月分、"
              << r->rows_removed << " 件\n";
    if (!r->waiting.empty()) {
      // Expired but held by another session (a backup): run again once it has finished.
      std::cout << "ほかの処理（バックアップなど）が使用中のため、" << r->waiting.size()
                << " か月分は消去できませんでした。終わってからもう一度実行してください:";
      for (const auto& name : r->waiting) std::cout << ' ' << name;
      std::cout << '\n';
      return 3;
    }
  } catch (const std::exception& e) {
    return Fail(MakeError(ErrorCode::kUnavailable, "db.unavailable", e.what()));
  }
  return 0;
}

}  // namespace kakunin::server
