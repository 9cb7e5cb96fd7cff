#include "agent/cli/status_text.h"

#include <google/protobuf/util/time_util.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <vector>

#include "agent/check/route.h"
#include "agent/cli/cli_common.h"
#include "agent/cli/operator_text.h"
#include "agent/daemon/uplink_loop.h"
#include "common/cli/language.h"
#include "common/domain/clock_skew.h"

namespace kakunin::agent {
namespace {

std::string ToIso(const google::protobuf::Timestamp& t) {
  return t.seconds() == 0 ? "" : google::protobuf::util::TimeUtil::ToString(t);
}

// The route's problem codes (agent/check/route.cpp) as what to do; an unknown one as it is.
std::string ProblemText(const std::string& problem) {
  static const std::map<std::string_view, std::string_view> texts = {
      {"route.no_service",
       "オンライン資格確認の宛先が設定されていません。カードの確認はできません（agent.toml の "
       "[eligibility] に oqs と oqs_ca を書き、サービスを再起動）"},
      {"route.req_unusable",
       "req フォルダーに書き込めません（systemctl edit kakunin-agent で ReadWritePaths を確認）"},
      {"route.res_unreadable",
       "res "
       "フォルダーを読めません（フォルダーがあるか、資格確認端末の共有フォルダーの接続を確認）"},
      {"route.res_read_only",
       "res フォルダーから応答ファイルを移動できません（systemctl edit kakunin-agent で "
       "ReadWritePaths を確認）"},
      {"route.handoff_unusable",
       "受け渡しフォルダーに書き込めません（systemctl edit kakunin-agent で ReadWritePaths "
       "を確認）"},
      {"route.handoff_failed",
       "受け渡しフォルダーへの書き込みに失敗しました（空き容量と権限を確認）"},
  };
  auto it = texts.find(problem);
  return it == texts.end() ? problem : std::string(it->second);
}

// The HQ line: a refusal from HQ is not an outage, and says who can end it.
std::string HqText(const v1::AgentStatus& s) {
  if (s.connected() && s.hq_older()) {
    return "接続中（" + s.server_in_use() +
           "）。ただし本部のサーバーがこの端末より古い版のため、結果は送らずにこの端末に保管して"
           "います。本部にサーバーの更新を依頼してください。";
  }
  if (s.connected()) return "接続中（" + s.server_in_use() + "）";
  if (s.hq_refusal() == "device.pending") {
    return s.verification_code().empty()
               ? "承認待ちです。本部に確認コードを伝えてください。"
               : "承認待ちです。本部に確認コード " + s.verification_code() + " を伝えてください。";
  }
  if (s.hq_refusal() == "device.revoked") {
    return "この端末は本部で失効されました。結果は送信されません。本部に連絡してください。";
  }
  if (s.hq_refusal() == "device.stale_certificate") {
    return "この端末の証明書は、本部で新しいものに置き換えられています"
           "（以前のバックアップから戻したパソコンか、この端末の複製の可能性があります）。"
           "結果はこの端末に保存されていますが、本部には送られません。本部に連絡してください。";
  }
  if (s.hq_refusal() == "device.unknown") {
    return "本部にこの端末の登録がありません（本部のデータが、この端末を登録する前のバックアップ"
           "から復元された可能性があります）。結果はこの端末に保存されていますが、登録し直すまで"
           "本部には送られません。本部に連絡し、この端末を登録し直してください。";
  }
  return "未接続です。結果はこの端末に保存され、つながると自動で送られます。";
}

// The reader's state (agent/daemon: reader_monitor, agent_core) as the counter says it.
std::string ReaderText(const std::string& status) {
  static const std::map<std::string_view, std::string_view> texts = {
      {"no_reader", "カードリーダーが見つかりません（接続を確認してください）"},
      {"ready", "準備完了"},
      {"card_present", "カードが置かれています"},
      {"busy", "読み取り中"},
      {"not_answering", "カードが応答しません（置き直してください）"}};
  auto it = texts.find(status);
  return it == texts.end() ? status : std::string(it->second);
}

// "2027-12-01 23:59（日本時間）まで有効", or "不明" when the daemon has not read its certificate.
std::string ValidUntil(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "不明";
  return JapanMinute(t.seconds()) + "（日本時間）まで有効";
}

// "label:" padded to one column for the values (a CJK character takes two columns).
// Why the outbox would not take a check, or give its results (`reading`), from LocalStore's
// reason ids, for `status`.
const char* StoreProblemText(const std::string& reason, bool reading = false) {
  if (reason == "outbox.full") return "ディスクがいっぱいです";
  if (reason == "outbox.busy") return "ほかのプログラムが outbox.db を使っています";
  if (reason == "outbox.damaged") return "outbox.db が壊れています";
  return reading ? "outbox.db を読めません" : "outbox.db に書き込めません";
}

std::string Label(std::string_view label, size_t columns = 16) {
  const size_t width = cli::DisplayWidth(label) + 1;  // and the colon
  return std::string(label) + ":" + std::string(width < columns ? columns - width : 1, ' ');
}

nlohmann::json RouteJson(const v1::RouteStatus& r) {
  nlohmann::json j = {{"route", RouteId(r.route())}, {"problem", r.problem()}};
  if (r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    j.update({{"req_dir", r.req_dir()},
              {"res_dir", r.res_dir()},
              {"req_writable", r.req_writable()},
              {"res_readable", r.res_readable()},
              {"res_writable", r.res_writable()},
              {"watching", r.watching()},
              {"files_poll_ms", r.files_poll_ms()},
              {"first_scan_done", r.first_scan_done()},
              {"face_files_picked", r.face_files_picked()},
              {"face_files_vanished", r.face_files_vanished()},
              {"late_answers", r.late_answers()},
              {"files_archived", r.files_archived()}});
  }
  if (!r.handoff_dir().empty()) {
    j.update({{"handoff_dir", r.handoff_dir()},
              {"handoff_writable", r.handoff_writable()},
              {"handoff_written", r.handoff_written()},
              {"handoff_failed", r.handoff_failed()}});
  }
  return j;
}

std::string CanCannot(bool b) { return b ? "可" : "不可"; }

std::string Joined(const google::protobuf::RepeatedPtrField<std::string>& list) {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "なし" : out;
}

std::string RouteText(v1::EligibilityRoute route) {
  return std::string(route == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES ? "資格確認端末のフォルダー"
                                                                   : "オンライン資格確認の API") +
         "（" + RouteId(route) + "）";
}

void PrintRoute(const v1::RouteStatus& r, std::ostream& out) {
  out << Label("照会の経路") << RouteText(r.route())
      << (r.problem().empty() ? "" : "  問題: " + ProblemText(r.problem())) << "\n";
  if (r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    // The watcher lists the folder every files_poll_ms whether or not the watch works.
    out << "  " << Label("req フォルダー", 14) << r.req_dir()
        << "（書き込み: " << CanCannot(r.req_writable()) << "）\n"
        << "  " << Label("res フォルダー", 14) << r.res_dir()
        << "（読み取り: " << CanCannot(r.res_readable())
        << "、移動: " << CanCannot(r.res_writable()) << (r.watching() ? "、変更を監視中" : "")
        << "、" << r.files_poll_ms() << " ms ごとに一覧）\n"
        << "  " << Label("顔認証の結果", 14) << r.face_files_picked() << " 件取り込み、"
        << r.face_files_vanished() << " 件は読む前に消えました。遅れて届いた応答 "
        << r.late_answers() << " 件、保管したファイル " << r.files_archived() << " 件\n";
  }
  if (!r.handoff_dir().empty()) {
    out << "  " << Label("受け渡し先", 14) << r.handoff_dir()
        << "（書き込み: " << CanCannot(r.handoff_writable()) << "。" << r.handoff_written()
        << " 件書き込み、" << r.handoff_failed() << " 件失敗）\n";
  }
}

}  // namespace

std::string StatusText(const v1::AgentStatus& s) {
  std::ostringstream out;
  out << Label("端末") << s.device_id()
      << (s.site_name().empty() ? "" : "（" + s.site_name() + "）") << "\n"
      << Label("本部") << HqText(s) << "\n"
      << Label("本部の宛先") << Joined(s.servers()) << "\n"
      << Label("未送信の結果") << s.outbox_depth() << " 件"
      << (s.outbox_warning() ? "  注意: 普段より多く溜まっています。ネットワークを確認して本部に"
                               "伝えてください（結果は失われません）"
                             : "")
      << "\n";
  if (s.unsaved_results() > 0) {
    out << Label("未保存の結果") << s.unsaved_results() << " 件（"
        << StoreProblemText(s.store_problem())
        << "）。画面の結果は有効で、保存できるまで繰り返します。停止すると失われます\n";
  }
  if (s.unsaved_results() == 0 && s.store_problem() == "outbox.repaired") {
    // The daemon found outbox.db damaged at start and rebuilt it (LocalStore::Repair); the
    // numbers and the kept file's name are in its log.
    out << Label("結果の保存")
        << "outbox.db が壊れていたため、読める結果を新しいファイルに移して作り直しました。確認は"
           "このまま続けられます。壊れたファイルは状態フォルダーに outbox.db.damaged-（日時）と"
           "して残してあります（移した件数と読めなかった件数はサービスのログにあります）。管理者"
           "に連絡してください\n";
  }
  if (!s.outbox_read_problem().empty()) {
    // Nothing leaves for HQ while this lasts, although nothing is lost either.
    out << Label("送信の停止") << "結果を読み出せません（"
        << StoreProblemText(s.outbox_read_problem(), true)
        << "）。結果はこの端末に残っていますが、本部に送れません。管理者に連絡してください\n";
  }
  if (s.damaged_results() > 0) {
    out << Label("開けない結果") << s.damaged_results()
        << " 件（outbox.db の中で壊れていたため、取り分けて本部には送っていません）。"
           "管理者に連絡してください\n";
  }
  if (s.refused_results() > 0) {
    out << Label("本部の不受理") << s.refused_results() << " 件（過去" << kRefusalsShown.count()
        << "日。最新の理由: " << RefusedByHqText(s.last_refusal())
        << "）。本部に連絡してください\n";
  }
  out << Label("カードリーダー") << ReaderText(s.reader_status())
      << (s.reader_name().empty() ? "" : "（" + s.reader_name() + "）") << "\n"
      << Label("端末の証明書") << ValidUntil(s.certificate_not_after()) << "\n";
  if (domain::ClockSkewMatters(s.clock_skew_seconds())) {
    out << Label("時計") << "注意: 本部の時計より " << std::llabs(s.clock_skew_seconds()) << " 秒"
        << (s.clock_skew_seconds() > 0 ? "進んで" : "遅れて")
        << "います。確認の日時がずれて記録されるため、時計を合わせてください\n";
  }
  PrintRoute(s.route(), out);
  return out.str();
}

void PrintStatus(const v1::AgentStatus& s, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"ok", true},
                                {"connected", s.connected()},
                                {"device_id", s.device_id()},
                                {"site_name", s.site_name()},
                                {"outbox_depth", s.outbox_depth()},
                                {"outbox_warning", s.outbox_warning()},
                                {"reader_name", s.reader_name()},
                                {"reader_status", s.reader_status()},
                                {"extended_apdu", s.extended_apdu()},
                                {"certificate_not_after", ToIso(s.certificate_not_after())},
                                {"server_in_use", s.server_in_use()},
                                {"hq_refusal", s.hq_refusal()},
                                {"hq_older", s.hq_older()},
                                {"clock_skew_seconds", s.clock_skew_seconds()},
                                {"unsaved_results", s.unsaved_results()},
                                {"store_problem", s.store_problem()},
                                {"outbox_read_problem", s.outbox_read_problem()},
                                {"damaged_results", s.damaged_results()},
                                {"refused_results", s.refused_results()},
                                {"last_refusal", s.last_refusal()},
                                {"servers",
                                 std::vector<std::string>(s.servers().begin(), s.servers().end())},
                                {"default_mode", s.config().default_mode() == v1::IDENTITY_MODE_PIN
                                                     ? "pin"
                                                     : "visual"},
                                {"route", RouteJson(s.route())}}
                     .dump()
              << "\n";
    return;
  }
  std::cout << StatusText(s);
}

}  // namespace kakunin::agent
