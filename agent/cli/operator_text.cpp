#include "agent/cli/operator_text.h"

#include <map>
#include <string_view>

namespace kakunin::agent {
namespace {

// The PC/SC service by the name the terminal's system gives it.
#ifdef _WIN32
constexpr std::string_view kNoCardService =
    "カードリーダーのサービス（Windows の「スマート カード」サービス）が動いていません。端末を"
    "再起動するか、管理者に連絡してください。";
#else
constexpr std::string_view kNoCardService =
    "カードリーダーのサービス（pcscd）が動いていません。端末を再起動するか、管理者に連絡して"
    "ください。";
#endif

}  // namespace

std::optional<std::string> OperatorText(const Error& e) {
  static const std::map<std::string_view, std::string_view> by_reason = {
      // Enrollment (server/storage/fleet_store.cpp, server/rpc/agent_service.cpp).
      {"enroll.bad_token",
       "登録トークンが正しくありません。本部から受け取った登録用の文字列を、そのまま貼り付けて"
       "ください。"},
      {"enroll.token_used",
       "この登録トークンは使用済みです（1 台に 1 回だけ使えます）。本部で新しいトークンを発行して"
       "もらってください。"},
      {"enroll.token_expired",
       "登録トークンの有効期限が切れています。本部で新しいトークンを発行してもらってください。"},
      {"enroll.rate_limited",
       "登録の失敗が続いたため、しばらく受け付けられません。1 分ほど待ってから、正しいトークンで"
       "やり直してください。"},
      {"enroll.busy", "本部サーバーが混み合っています。1 分ほど待ってからやり直してください。"},
      {"enroll.bad_request",
       "登録の内容を本部サーバーが受け付けませんでした。端末名などの設定を確認してください。"},
      {"enroll.unreachable",
       "本部サーバーに接続できません。ネットワークと、登録用の文字列のサーバー名を確認して"
       "ください。"},
      {"enroll.ca_mismatch",
       "接続先が本部サーバーであることを確認できませんでした（証明書の指紋が一致しません）。"
       "登録用の文字列が途中で変わっていないか確認し、本部に連絡してください。"},
      {"enroll.no_ca",
       "本部サーバーの証明書を取得できませんでした。しばらく待ってからやり直し、続く場合は本部に"
       "連絡してください。"},
      {"bundle.malformed",
       "登録用の文字列として読めません。本部の管理画面（端末 → 登録トークン発行）の文字列を、"
       "そのまま貼り付けてください。"},
      // Running (agent/uplink, server/rpc/agent_service.cpp).
      {"agent.not_enrolled",
       "この端末はまだ登録されていません。先に kakunin-agent enroll で登録してください。"},
      {"agent.state_corrupt",
       "端末の登録情報が壊れています。本部に連絡し、端末を登録し直してください。"},
      {"agent.no_server", "本部サーバーの接続先が設定されていません。端末を登録し直してください。"},
      {"agent.bad_server", "本部サーバーの接続先の書き方が正しくありません（ホスト名:ポート）。"},
      {"agent.unreachable",
       "この端末の確認サービス（kakunin-agent）が応答しません。サービスが動いているか確認して"
       "ください。"},
      {"local.permission_denied",
       "この利用者には確認サービス（kakunin-agent）を使う権限がありません。kakunin-agent "
       "グループに追加し、ログインし直してください（管理者は sudo で実行できます）。"},
      {"device.pending",
       "本部での承認待ちです。本部に、登録時に表示された確認コードを伝えて承認してもらって"
       "ください。"},
      {"device.revoked", "この端末は本部で失効されました。本部に連絡してください。"},
      {"device.stale_certificate",
       "この端末の証明書は更新済みの古いものです。端末の状態フォルダーを確認し、本部に連絡して"
       "ください。"},
      {"outbox.sqlite",
       "この端末に保存した結果（outbox.db）を開けません。状態フォルダー（--state-dir）とその権限を"
       "確認し、続く場合は管理者に連絡してください。"},
      {"outbox.full",
       "ディスクがいっぱいで、この端末の結果（outbox.db）に書き込めません。不要なファイルを削除して"
       "空きを作ってください。"},
      {"outbox.busy",
       "ほかのプログラムがこの端末の結果（outbox.db）を使っています。kakunin-agent "
       "が二重に起動していないか、バックアップやウイルス対策ソフトが掴んでいないか確認してください"
       "。"},
      {"outbox.key_unreadable",
       "この端末の結果を開く鍵（store.key）を読めません。状態フォルダーの所有者（kakunin-agent）"
       "として実行してください。"},
      {"outbox.damaged",
       "この端末の結果（outbox.db）が壊れています。管理者に連絡してください（ファイルは消さずに"
       "残してください）。"},
      {"cli.bundle_missing", "--bundle に本部の登録用文字列を指定してください。"},
      // The card reader (agent/card/pcsc.cpp, agent/daemon/agent_core.cpp): these are
      // "unavailable" too, but the network is not where staff should look.
      {"card.no_service", kNoCardService},
      {"card.no_reader", "カードリーダーが見つかりません。USBケーブルを確認してください。"},
      {"card.reader_gone", "カードリーダーが見つかりません。USBケーブルを確認してください。"},
      {"card.busy",
       "カードリーダーは別の確認で使用中です。終わるのを待ってからやり直してください。"},
      {"reader.busy",
       "カードリーダーは別の確認で使用中です。終わるのを待ってからやり直してください。"},
      {"card.no_card",
       "カードが置かれていません。カードをリーダーに置いてからやり直してください。"},
      {"card.timeout",
       "カードが置かれていません。カードをリーダーに置いてからやり直してください。"},
      {"card.removed",
       "確認の途中でカードがリーダーから離れました。結果が出るまでカードを置いたままにして、"
       "やり直してください。"},
      {"card.reset",
       "確認の途中でカードがリーダーから離れました。結果が出るまでカードを置いたままにして、"
       "やり直してください。"},
      {"card.not_answering",
       "カードが応答しません。カードをリーダーから外し、少し待ってから置き直してください。"},
      {"card.unresponsive",
       "カードが応答しません。カードをリーダーから外し、少し待ってから置き直してください。"},
      {"card.transmit_failed",
       "カードを読み取れません。カードをリーダーに平らに置き直してからやり直してください。"},
      {"card.pcsc_error",
       "カードリーダーが予期しないエラーを返しました。リーダーのUSBケーブルを抜き差ししてから"
       "やり直し、続く場合は管理者に連絡してください。"},
      {"card.reader_not_compliant",
       "このカードリーダーではマイナンバーカードを読み取れません（拡張APDU非対応）。対応機種に"
       "交換してください。"},
      // The eligibility service and the on-site 資格確認端末 (agent/eligibility).
      {"eligibility.unavailable",
       "オンライン資格確認のサービスに接続できません。マイナポータルの画面か資格情報のお知らせと"
       "カードで確認し、後でやり直してください。"},
      {"eligibility.service_error",
       "オンライン資格確認のサービスがエラーを返しました。マイナポータルの画面か資格情報の"
       "お知らせとカードで確認し、後でやり直してください。"},
      {"eligibility.timeout",
       "オンライン資格確認のサービスから時間内に応答がありません。マイナポータルの画面か資格情報"
       "のお知らせとカードで確認し、後でやり直してください。"},
      {"xml.folder_missing",
       "資格確認端末の共有フォルダーに接続できません。資格確認端末の電源と、フォルダーの接続を確認"
       "してください。"},
      {"xml.terminal_error",
       "資格確認端末がエラーを返しました。入力内容と資格確認端末の画面を確認してください。"},
      {"xml.processing", "資格確認端末がまだ処理中です。少し待ってからやり直してください。"},
      {"xml.timeout",
       "資格確認端末から時間内に応答がありません。資格確認端末の電源が入っているか確認して"
       "ください。"},
  };
  if (auto it = by_reason.find(e.reason()); it != by_reason.end()) return std::string(it->second);
  if (e.reason() == "cli.missing") {
    return "必要な項目が指定されていません（詳細にある項目を指定してください）。"
           "kakunin-agent <コマンド> --help で使い方を確認できます。";
  }
  if (e.reason().rfind("cli.", 0) == 0) {
    return "コマンドの指定に誤りがあります。kakunin-agent <コマンド> --help で使い方を確認して"
           "ください。";
  }
  if (e.reason().rfind("insurer_number.", 0) == 0) {
    return "保険者番号が正しくありません。資格確認書などに書かれた保険者番号（6桁または8桁の"
           "数字）を確認してください。";
  }
  if (e.reason().rfind("date.", 0) == 0) {
    return "日付は YYYY-MM-DD の形式（例: 1980-04-01）で、実在する日付を指定してください。";
  }
  // The HQ sentences only for the connection to HQ: other "unavailable" errors (a reader, the
  // eligibility service) would send staff to check the network for nothing.
  const bool hq = e.reason().rfind("uplink.", 0) == 0 || e.reason().rfind("rpc.", 0) == 0 ||
                  e.reason().rfind("net.", 0) == 0;
  if (!hq) return std::nullopt;
  switch (e.code()) {
    case ErrorCode::kUnavailable:
      return "本部サーバーに接続できません。ネットワークを確認し、しばらく待ってからやり直して"
             "ください。";
    case ErrorCode::kDeadlineExceeded:
      return "本部サーバーから時間内に応答がありません。ネットワークを確認してやり直してください。";
    default:
      return std::nullopt;
  }
}

std::string OperatorLines(const Error& e) {
  auto text = OperatorText(e);
  if (!text) return "kakunin-agent: " + e.ToString() + "\n";
  return "kakunin-agent: " + *text + "\n  （詳細: " + e.ToString() + "）\n";
}

}  // namespace kakunin::agent
