#include "agent/cli/operator_text.h"

#include <map>
#include <string_view>
#include <utility>

#include "common/cli/command_help.h"
#include "common/cli/language.h"
#include "common/core/text_match.h"

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

constexpr std::string_view kPinGuard =
    "暗証番号の残り回数が1回のため、暗証番号を送りませんでした（もう一度間違えるとカードが"
    "ロックされます）。目視確認（--mode visual）で、カードの顔写真とご本人を見比べてください。";
constexpr std::string_view kOutsideConsent =
    "患者さんの同意の範囲外のため照会できません（同意の前か、診療日の翌日を過ぎています）。"
    "マイナンバーカードで確認してください。";

// "wrong PIN; 2 tries left" (agent/card/jpki.cpp): the count, or -1.
int TriesLeft(const std::string& message) {
  const auto semi = message.find("; ");
  if (semi == std::string::npos) return -1;
  int n = 0;
  size_t i = semi + 2;
  if (i >= message.size() || message[i] < '0' || message[i] > '9') return -1;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9' && n < 100; ++i) {
    n = n * 10 + (message[i] - '0');
  }
  return n;
}

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
       "この端末の常駐サービス（kakunin-agent）が応答しません。サービスが動いているか確認して"
       "ください。"},
      {"config.unreadable",
       "設定ファイル（agent.toml）を読めません。ファイルの場所と、この利用者に読む権限があるかを"
       "確認してください（管理者は sudo で実行できます）。"},
      {"agent.already_running",
       "この端末の常駐サービス（kakunin-agent）はすでに動いています。状態は kakunin-agent status "
       "で確認できます（もう一つ起動する必要はありません）。"},
      {"agent.not_the_daemon",
       "この端末の常駐サービス（kakunin-agent）ではないプログラムが応答したため、何も送って"
       "いません（暗証番号も送っていません）。サービスを再起動し、続く場合は本部に連絡して"
       "ください。"},
      {"local.permission_denied",
       "この利用者には常駐サービス（kakunin-agent）を使う権限がありません。kakunin-agent "
       "グループに追加し、ログインし直してください（管理者は sudo で実行できます）。"},
      {"device.pending",
       "本部での承認待ちです。本部に、登録時に表示された確認コードを伝えて承認してもらって"
       "ください。"},
      {"device.revoked", "この端末は本部で失効されました。本部に連絡してください。"},
      {"device.unknown",
       "本部にこの端末の登録がありません。本部に連絡し、この端末を登録し直してください"
       "（kakunin-agent enroll）。"},
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
      {"outbox.too_new",
       "この端末の結果（outbox.db）は、より新しい版の kakunin-agent が書いたものです。その版を"
       "入れ直してください（古い版では送信待ちの結果を正しく扱えません。ファイルは消さずに残して"
       "ください）。"},
      {"outbox.damaged",
       "この端末の結果（outbox.db）が壊れています。kakunin-agent のサービスを再起動すると、読める"
       "結果を新しいファイルに移して修復します（壊れたファイルは残されます）。直らない場合は管理者"
       "に連絡してください（ファイルは消さずに残してください）。"},
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
      // The patient's PIN and the card itself (agent/card/jpki.cpp, card_session.cpp,
      // common/domain/pin.cpp): the station's sentences (agent/station/models/error_text.cpp),
      // with the command line's options for what the station does with a key.
      {"card.pin_guard", kPinGuard},
      {"card.pin_last_try", kPinGuard},
      {"card.pin_locked",
       "カードの暗証番号がロックされています。解除は市区町村の窓口でのみできることを患者さんに"
       "お伝えください。目視確認（--mode visual）で、カードの顔写真とご本人を見比べてください。"},
      {"pin.fullwidth",
       "暗証番号が全角数字で入力されました。半角に切り替えて、もう一度入力してもらって"
       "ください。"},
      {"card.jpki_missing",
       "このカードには電子証明書がありません（またはマイナンバーカードではありません）。書類で"
       "確認してください（kakunin-agent check --document）。"},
      {"card.unsupported",
       "マイナンバーカードではないか、このカードリーダーでは読めないカードです。カードを確認し、"
       "マイナンバーカードなら書類で確認してください（kakunin-agent check --document）。"},
      {"card.cancelled", "確認を取り消しました。"},
      {"pin.cancelled",
       "暗証番号の入力を取り消しました。もう一度確認するか、目視確認（--mode visual）を使って"
       "ください。"},
      {"check.no_service",
       "暗証番号での確認には、オンライン資格確認の接続先が必要です。目視確認（--mode "
       "visual）を使うか、本部に連絡してください。"},
      // HQ's settings for this terminal (agent/daemon/agent_core.cpp).
      {"mode.override_not_allowed",
       "本部の設定により、この端末ではこの本人確認の方法を使えません。--mode を付けずに実行するか、"
       "書類で確認してください（kakunin-agent check --document）。"},
      {"route.not_allowed",
       "本部の設定により、この店舗ではこの動線は使えません。別の --route を選ぶか、管理者に連絡"
       "してください。"},
      {"xml.card_query_unsupported",
       "この店舗では顔認証付きカードリーダーでカードを読み取り、その結果はこの端末に自動で届き"
       "ます。この端末は再照会と書類での確認にお使いください。"},
      {"eligibility.not_configured",
       "この端末にはオンライン資格確認の接続先が設定されていません。本部に連絡してください。"
       "それまでは書類で確認してください（kakunin-agent check --document）。"},
      {"allowance.expired",
       "店舗責任者の許可の有効時間が過ぎました。もう一度店舗責任者に許可をもらうか、書類で確認"
       "してください（kakunin-agent check --document）。"},
      // Home-visit re-inquiries refused by the rules (common/domain/visits.cpp).
      {"visit.no_first_visit_check",
       "この端末には初回訪問時のカード確認の記録がないため、再照会できません。マイナンバーカード"
       "で確認してください。"},
      {"visit.first_visit_without_consent",
       "初回訪問時にカードは確認しましたが、患者さんの同意が記録されていないため、再照会できま"
       "せん。マイナンバーカードで確認し、同意をいただいてください。"},
      {"visit.recheck_before_first_visit",
       "初回訪問の日付が今日より後になっているため、再照会できません。端末の日付を確かめて"
       "ください。マイナンバーカードで確認してください。"},
      {"visit.relationship_ended",
       "この患者さんの定期的な訪問（訪問診療・訪問服薬指導）は終了として記録されているため、"
       "再照会できません。マイナンバーカードで確認してください。"},
      {"visit.house_call_needs_card_check",
       "往診では毎回カードでの確認が必要です。マイナンバーカードで確認してください。"},
      {"visit.before_consent", kOutsideConsent},
      {"visit.consent_window_over", kOutsideConsent},
      // Files this command was told to read, and its own settings file.
      {"agent.read", "ファイルを読めません。指定したパスと読み取り権限を確認してください。"},
      {"enroll.ca_file",
       "--ca に指定した本部のCA証明書ファイルを読めません。パスと読み取り権限を確認して"
       "ください。"},
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
  const std::string& r = e.reason();
  if (r == "card.pin_wrong") {
    const int left = TriesLeft(e.message());
    // The last try is never sent (card.pin_guard): asking for it would contradict the guard.
    if (left == 1) {
      return "暗証番号が違います。残り1回のため、ここでは照合しません（もう一度間違えるとカードが"
             "ロックされます）。目視確認（--mode visual）でカードの顔写真とご本人を見比べてくだ"
             "さい。";
    }
    std::string text = "暗証番号が違います。";
    if (left > 0) text += "残り" + std::to_string(left) + "回です。";
    text += "患者さんにもう一度ゆっくり入力してもらってください。";
    return text;
  }
  if (r == "card.pin_format" || StartsWith(r, "pin.")) {
    return "暗証番号は4桁の数字です。患者さんにもう一度入力してもらってください。";
  }
  if (StartsWith(r, "document.")) return DocumentText(r);
  // A usage mistake is said by its own message (Japanese, naming the option and what was
  // given), with the way to the command's help.
  if (StartsWith(r, "cli.")) {
    if (e.message().find("kakunin-agent --help") != std::string::npos) return e.message();
    return e.message() + cli::Localized(". " + cli::HelpCommand("kakunin-agent", "<command>") +
                                            " shows how to use it.",
                                        "。" + cli::HelpCommand("kakunin-agent", "<コマンド>") +
                                            " で使い方を確認できます。");
  }
  // Families: every reason of one without words of its own shares the family's sentence.
  static constexpr std::pair<std::string_view, std::string_view> kFamilies[] = {
      // Every other failure of the card itself (its answers, its certificate): read it again.
      {"card.",
       "カードを読み取れません。ケースから出し、金属から離して、リーダーに平らに置き直して"
       "ください。再び失敗する場合は、マイナポータルの画面か資格情報のお知らせとカードで"
       "確認してください（kakunin-agent check --document）。"},
      {"visit.",
       "再照会ができるのは、定期的な訪問の2回目以降だけです。マイナンバーカードで確認して"
       "ください。"},
      {"allowance.",
       "店舗責任者の許可はもう使えません（1回使用済み、または新しい許可に置き換え済み）。もう"
       "一度店舗責任者に許可をもらうか、書類で確認してください（kakunin-agent check "
       "--document）。"},
      {"institution_code.",
       "本部から届いたこの端末の医療機関等コードが正しくないため、資格確認を依頼できません。"
       "本部に連絡してください。それまでは書類で確認してください（kakunin-agent check "
       "--document）。"},
      {"config.",
       "設定ファイル（agent.toml）に誤りがあります。詳細に示された箇所を直してください"
       "（kakunin-agent config-template で書き方を確認できます）。"},
      {"insurer_number.",
       "保険者番号が正しくありません。資格確認書などに書かれた保険者番号（6桁または8桁の"
       "数字）を確認してください。"},
      {"date.", "日付は YYYY-MM-DD の形式（例: 1980-04-01）で、実在する日付を指定してください。"},
  };
  for (const auto& [prefix, text] : kFamilies) {
    if (StartsWith(r, prefix)) return std::string(text);
  }
  // The HQ sentences only for the connection to HQ: other "unavailable" errors (a reader, the
  // eligibility service) would send staff to check the network for nothing.
  const bool hq = StartsWith(r, "uplink.") || StartsWith(r, "rpc.") || StartsWith(r, "net.");
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
  // A sentence that already carries the message needs only the reason after it.
  const bool said = !e.message().empty() && text->find(e.message()) != std::string::npos;
  return "kakunin-agent: " + *text + "\n  （詳細: " + (said ? e.reason() : e.ToString()) + "）\n";
}

std::string ResultErrorLine(const v1::CheckResult& result) {
  if (result.error_reason().empty()) return "";
  const Error e = MakeError(ErrorCode::kUnavailable, result.error_reason(), result.error_message());
  const auto text = OperatorText(e);
  return (text ? *text
               : std::string("確認できませんでした。マイナポータルの画面か資格情報のお知らせと"
                             "カードで確認してください（kakunin-agent check --document）。")) +
         "\n  （詳細: " + e.ToString() + "）\n";
}

std::string DocumentText(const std::string& reason) {
  static const std::map<std::string_view, std::string_view> by_reason = {
      {"document.expired",
       "書類の有効期限が切れています。別の書類（マイナポータルの画面、資格情報のお知らせと"
       "カード）をお願いしてください。"},
      {"document.legacy_card_abolished",
       "従来の健康保険証は、経過措置の期限（2025年12月1日）を過ぎたため使えません。資格確認書、また"
       "はカードと"
       "マイナポータルの画面をお願いしてください。"},
      {"document.expiry_missing", "書類に記載の有効期限を --expires で指定してください。"},
      {"document.text_too_long",
       "入力が長すぎます。メモは全角で約340文字まで、記号・番号は約26文字までです。"},
      {"document.bad_text", "入力に改行や制御文字があります。それぞれ1行で入力してください。"},
      {"document.beyond_max_validity",
       "有効期限が交付日から5年を超えています。書類の両方の日付を確認してください。"},
      {"document.notice_needs_card",
       "資格情報のお知らせはマイナンバーカードと一緒の場合のみ有効です。カードもお願いして"
       "ください。"},
      {"document.concession_ended",
       "暫定的な取扱いは終了しました。マイナンバーカードと資格情報のお知らせ、または資格確認書を"
       "お願いしてください。"},
  };
  if (auto it = by_reason.find(reason); it != by_reason.end()) return std::string(it->second);
  return "この書類では確認できません。別の書類をお願いしてください。患者さんをお断りしないで"
         "ください。";
}

std::string RefusedByHqText(const std::string& hq_reason) {
  // HQ's own words are English for its log (server/ingest/result_limits.cpp).
  if (StartsWith(hq_reason, "checked_at")) {
    return "確認日時が本部の時計と合いません。この端末の時計を確認してください";
  }
  return "記録の形式の誤り。詳細は本部で確認できます";
}

std::string OutboxRepairText(const LocalStore::Repair& r) {
  std::string text =
      "この端末の結果の保存ファイル（outbox.db）が壊れていたため、新しいファイルに作り直しました。";
  if (!r.file_read) {
    text += "壊れたファイルは読み出せず、結果を移せませんでした。";
  } else {
    text += "本部に未送信の結果 " + std::to_string(r.unsent_recovered) + " 件を移しました";
    text += r.unsent_lost > 0 ? "（読めなかった結果 " + std::to_string(r.unsent_lost) + " 件）。"
                              : "（読めなかった結果はありません）。";
    text += "再表示用の控えは " + std::to_string(r.copies_recovered) + " 件を移し";
    text += r.copies_lost > 0 ? "、" + std::to_string(r.copies_lost) + " 件は読めませんでした。"
                              : "ました。";
  }
  return text + "壊れたファイルはサポートのために " + r.kept_at +
         " に残してあります（削除しないでください）。確認はこのまま続けられます。管理者に連絡して"
         "ください。";
}

}  // namespace kakunin::agent
