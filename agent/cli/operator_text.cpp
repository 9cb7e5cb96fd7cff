#include "agent/cli/operator_text.h"

#include <map>
#include <string_view>

namespace kakunin::agent {

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
      {"device.pending",
       "本部での承認待ちです。本部に、登録時に表示された確認コードを伝えて承認してもらって"
       "ください。"},
      {"device.revoked", "この端末は本部で無効にされています。本部に連絡してください。"},
      {"device.stale_certificate",
       "この端末の証明書は更新済みの古いものです。端末の状態フォルダを確認し、本部に連絡して"
       "ください。"},
  };
  if (auto it = by_reason.find(e.reason()); it != by_reason.end()) return std::string(it->second);
  if (e.reason().rfind("cli.", 0) == 0) {
    return "コマンドの指定に誤りがあります。kakunin-agent <コマンド> --help で使い方を確認して"
           "ください。";
  }
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
