// kakunin-server audit verify | export | heads — for auditors; works against any copy of the
// database (a restored dump included), with the head-signing public key and witnessed heads.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/cli/language.h"
#include "common/crypto/keys.h"
#include "common/log/log.h"
#include "server/app/app_common.h"
#include "server/audit/audit_store.h"
#include "server/audit/audit_verify.h"
#include "server/storage/pool.h"

namespace kakunin::server {
namespace {

// "2026-11-23" (00:00 JST) or "2026-11-23T01:02:03Z" → microseconds since the epoch.
Result<int64_t> ParseTime(const std::string& text) {
  std::tm tm{};
  int offset_hours = 0;
  if (text.size() == 10) {
    if (!strptime(text.c_str(), "%Y-%m-%d", &tm)) goto bad;
    offset_hours = 9;  // a bare date is Japan's day
  } else if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
    goto bad;
  }
  return (static_cast<int64_t>(timegm(&tm)) - offset_hours * 3600) * 1000000;
bad:
  return MakeError(
      ErrorCode::kInvalidArgument, "cli.bad_time",
      cli::Localized("'" + text + "' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
                     "日時は YYYY-MM-DD か YYYY-MM-DDTHH:MM:SSZ の形式で指定してください（指定: '" +
                         text + "'）"));
}

std::string ReadFile(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}

// What a finding means, in the console's words (console/models/labels.cpp, AuditProblem).
std::string_view FindingText(audit::FindingKind kind) {
  using K = audit::FindingKind;
  switch (kind) {
    case K::kHashMismatch:
      return "この記録は書き込まれた後に内容が変更されています。";
    case K::kBrokenLink:
      return "この記録は直前の記録とつながっていません。記録が削除・挿入・移動されています。";
    case K::kSequenceGap:
      return "ここから先の記録が欠落しています。";
    case K::kSequenceDuplicate:
      return "同じ番号の記録が2件あります。記録が追加または複製されています。";
    case K::kBadHeadSignature:
      return "署名済みチェックポイントの署名が正しくありません。";
    case K::kUnknownHeadKey:
      return "署名済みチェックポイントが、サーバーが信頼していない鍵で署名されています。";
    case K::kHeadFromFuture:
      return "署名済みチェックポイントの日時が未来になっています。";
    case K::kHeadBeyondChain:
      return "署名済みチェックポイントが、存在しない記録まで含んでいます。最新の記録が削除されて"
             "います。";
    case K::kHeadMismatch:
      return "チェックポイントの署名後に、この記録までの履歴が書き換えられています。";
    case K::kTimeWentBackwards:
      return "記録の日時が直前の記録より大きくさかのぼっています（警告）。";
  }
  return "";
}

// The report for the person who ran `audit verify` (HQ's administrator, an auditor); the English
// summary and each finding's detail stay in --json for support.
std::string ReportText(const audit::VerifyReport& r) {
  std::ostringstream out;
  const uint64_t heads =
      r.heads_checked - std::min(r.heads_checked, r.heads_skipped + r.heads_set_aside);
  if (r.ok) {
    out << "監査ログは正常です。記録 " << r.records_checked << " 件";
    if (r.records_checked > 0)
      out << "（" << r.first_record_seq << "〜" << r.last_record_seq << "）";
    out << "のハッシュとつながりを確かめ、署名済みチェックポイント " << heads
        << " 件と照合しました。改ざんは見つかりませんでした。\n";
  } else if (r.findings_total > 0) {
    out << "監査ログに問題があります（" << r.findings_total << " 件）。";
    if (r.first_bad_seq) out << "記録 " << *r.first_bad_seq << " 以降は信頼できません。";
    out << "この結果を保存し、システムの管理者に連絡してください。\n";
  } else {
    out << "検証を終えられませんでした。照合できない署名済みチェックポイントが "
        << r.heads_unchecked << " 件あります。範囲を指定せずにもう一度実行してください。\n";
  }
  for (const auto& restore : r.restores) {
    if (restore.verified) {
      out << "記録 " << restore.seq << ": バックアップから復元されました（記録 "
          << restore.statement.backup_size
          << " より後の記録は失われました）。失われた記録に対する署名 " << restore.heads_set_aside
          << " 件は照合から除きました。\n";
    } else {
      out << "記録 " << restore.seq
          << ": 復元の記録がありますが、正しいことを確認できません。失われた記録に対する署名は"
             "照合の対象のままです。\n";
    }
  }
  for (const auto& finding : r.findings) {
    out << "  記録 " << finding.seq << ": " << FindingText(finding.kind) << "（"
        << audit::FindingKindName(finding.kind) << "）\n";
  }
  if (r.findings_total > r.findings.size()) {
    out << "  ほか " << r.findings_total - r.findings.size() << " 件（--json ですべて表示）\n";
  }
  for (const auto& warning : r.warnings) {
    out << "  注意 記録 " << warning.seq << ": " << FindingText(warning.kind) << "\n";
  }
  return out.str();
}

int Verify(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server audit verify [--from N] [--to N] [--witness FILES] [--json]",
      cli::Localized(
          "Checks every audit record's hash and link, every signed head, and consistency\n"
          "with heads witnessed elsewhere (terminals' audit_heads.jsonl, earlier exports).\n"
          "Exit codes: 0 intact, 3 problems found (each reported with its record), 1/2 could "
          "not check.",
          "監査ログのすべての記録のハッシュとつながり、すべての署名済みチェックポイントを\n"
          "確かめ、ほかの場所に控えられた署名済みチェックポイント（端末の\n"
          "audit_heads.jsonl、以前の書き出し）と食い違いがないかを照合します。\n"
          "終了コード: 0 改ざんなし、3 問題あり（記録ごとに表示）、1/2 確認できなかった"));
  AddCommonFlags(f);
  f.Option("from", "N", cli::Localized("first record to check", "確認する最初の記録の番号"), "1")
      .Option("to", "N",
              cli::Localized("last record to check (0 = the end)",
                             "確認する最後の記録の番号（0 = 最後まで）"),
              "0")
      .Option("witness", "FILES",
              cli::Localized(
                  "comma list of witnessed-head files (JSON lines) or folders of them (*.jsonl)",
                  "証人ファイル（端末などが控えた署名済みチェックポイント、JSON Lines）か、"
                  "それを入れたフォルダー（*.jsonl）。カンマ区切りで複数指定できます"))
      .Option("public-key", "FILE",
              cli::Localized("head-signing public key (default <data-dir>/audit/head.pub)",
                             "署名済みチェックポイントの署名を確かめる公開鍵（指定しなければ "
                             "<data-dir>/audit/head.pub）"))
      .Bool("json", cli::Localized("print the report as JSON", "結果を JSON で出力する"));
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  auto from = f.GetInt("from");
  auto to = f.GetInt("to");
  if (!from.ok()) return Fail(from.error());
  if (!to.ok()) return Fail(to.error());
  std::string key_path =
      f.Has("public-key") ? f.Get("public-key") : f.Get("data-dir") + "/audit/head.pub";
  auto key = crypto::PublicKeyFromPem(ReadFile(key_path));
  if (!key.ok()) {
    return Fail(MakeError(
        ErrorCode::kInvalidArgument, "audit.no_public_key",
        "cannot load the head-signing public key " + key_path + ": " + key.error().message()));
  }
  VerifyRequest req;
  req.from_seq = static_cast<uint64_t>(*from);
  req.to_seq = static_cast<uint64_t>(*to);
  req.trusted_keys.push_back(key->get());
  // Files, or folders holding every terminal's file (*.jsonl, at any depth): an auditor collects
  // the fleet's witness files into one folder and checks them all at once.
  std::vector<std::string> witness_files;
  for (const auto& path : SplitComma(f.Get("witness"))) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      witness_files.push_back(path);
      continue;
    }
    for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec)) {
      if (e.is_regular_file() && e.path().extension() == ".jsonl") {
        witness_files.push_back(e.path().string());
      }
    }
  }
  std::sort(witness_files.begin(), witness_files.end());
  for (const auto& path : witness_files) {
    auto heads = ReadWitnessFile(path);
    if (!heads.ok()) return Fail(heads.error());
    req.witnesses.insert(req.witnesses.end(), heads->begin(), heads->end());
  }
  auto db = OpenDatabase(f);
  if (!db.ok()) return Fail(db.error());
  ConnectionPool pool(db->dsn, 1);
  AuditStore store(&pool);
  auto report = VerifyStoredChain(store, req);
  if (!report.ok()) return Fail(report.error());
  if (f.GetBool("json")) {
    std::cout << ReportToJson(*report) << "\n";
  } else {
    std::cout << ReportText(*report);
  }
  return report->ok ? 0 : 3;
}

int Export(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server audit export [--format csv|json] [filters] [--out FILE]",
      cli::Localized(
          "Writes audit records in sequence order: CSV (RFC 4180, UTF-8) or JSON lines with the\n"
          "hashes, so an export can be verified on its own. The export itself is audited.\n"
          "Exit codes: 0 written, 1 failed (the database, or --out could not be written), 2 bad\n"
          "input.",
          "監査ログの記録を番号順に、ハッシュ付きの CSV（RFC 4180、UTF-8）か JSON Lines で\n"
          "書き出します。書き出したものだけで検証できます。書き出したことも監査ログに\n"
          "記録されます。\n"
          "終了コード: 0 書き出した、1 失敗（データベースの問題、または --out のファイルに\n"
          "書けなかった）、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("format", "FORMAT", cli::Localized("csv or json", "形式: csv か json"), "csv")
      .Option("since", "TIME",
              cli::Localized("from this time (YYYY-MM-DD is Japan's day, or …T…Z)",
                             "この日時から（YYYY-MM-DD は日本時間のその日の 0 時、…T…Z は UTC）"))
      .Option("until", "TIME", cli::Localized("before this time", "この日時より前まで"))
      .Option("actor", "ACTOR",
              cli::Localized("e.g. user:admin or device:dev-…",
                             "操作した人や端末（例: user:admin、device:dev-…）"))
      .Option("device", "ID", cli::Localized("terminal", "端末 ID"))
      .Option("site", "ID", cli::Localized("site", "店舗 ID"))
      .Option("event", "TYPE",
              cli::Localized("event type or its prefix, e.g. device or check.result",
                             "イベントの種類か、その先頭部分（例: device、check.result）"))
      .Option("out", "FILE",
              cli::Localized("write here (default: standard output)",
                             "書き出すファイル（指定しなければ標準出力）"))
      .Option("by", "WHO",
              cli::Localized("who asked for the export (recorded)",
                             "書き出しを求めた人（記録されます）"),
              "cli");
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  std::string format = f.Get("format");
  if (format != "csv" && format != "json") {
    return Fail(
        MakeError(ErrorCode::kInvalidArgument, "cli.bad_format",
                  cli::Localized("use csv or json",
                                 "--format は csv か json です（指定: '" + format + "'）")));
  }
  AuditQuery q;
  if (f.Has("since")) {
    auto t = ParseTime(f.Get("since"));
    if (!t.ok()) return Fail(t.error());
    q.since_us = *t;
  }
  if (f.Has("until")) {
    auto t = ParseTime(f.Get("until"));
    if (!t.ok()) return Fail(t.error());
    q.until_us = *t;
  }
  q.actor = f.Get("actor");
  q.device_id = f.Get("device");
  q.site_id = f.Get("site");
  q.event = f.Get("event");
  auto db = OpenDatabase(f);
  if (!db.ok()) return Fail(db.error());
  ConnectionPool pool(db->dsn, 1);
  AuditStore store(&pool);
  std::ofstream file;
  if (f.Has("out")) {
    file.open(f.Get("out"), std::ios::trunc);
    if (!file) {
      return Fail(MakeError(ErrorCode::kUnavailable, "cli.cannot_write",
                            cli::Localized("cannot write " + f.Get("out"),
                                           "--out のファイルに書き込めません: " + f.Get("out"))));
    }
  }
  std::ostream& out = f.Has("out") ? file : std::cout;
  if (format == "csv") out << audit::kCsvHeader << "\r\n";
  uint64_t n = 0;
  auto s = store.ForEach(q, [&](const audit::Record& r) {
    out << (format == "csv" ? audit::ToCsvRow(r) + "\r\n" : audit::ToJsonLine(r) + "\n");
    if (++n % 100000 == 0 && f.Has("out")) std::cerr << n << " 件…\n";
  });
  if (!s.ok()) return Fail(s.error());
  out.flush();
  if (!out) {
    return Fail(MakeError(
        ErrorCode::kUnavailable, "cli.cannot_write",
        cli::Localized("write failed", "書き出しに失敗しました（空き容量を確認してください）")));
  }
  std::string filters = "{\"format\":\"" + format + "\",\"records\":" + std::to_string(n) + "}";
  if (auto a = store.Append(
          AuditEvent("audit.exported", f.Get("by"), q.site_id, q.device_id, q.event, filters));
      !a.ok()) {
    return Fail(a.error());
  }
  if (f.Has("out")) std::cerr << n << " 件を " << f.Get("out") << " に書き出しました\n";
  return 0;
}

int Heads(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server audit heads [--limit N] [--out FILE]",
      cli::Localized(
          "Writes the signed audit heads (newest first) as JSON lines: the file a verifier\n"
          "or a witness keeps.\n"
          "Exit codes: 0 written, 1 failed (the database, or --out could not be written), 2 bad\n"
          "input.",
          "署名済みチェックポイントを新しい順に JSON Lines で書き出します。\n"
          "検証する人や証人が控えておくファイルです。\n"
          "終了コード: 0 書き出した、1 失敗（データベースの問題、または --out のファイルに\n"
          "書けなかった）、2 入力の誤り"));
  AddCommonFlags(f);
  f.Option("limit", "N", cli::Localized("how many (0 = all)", "件数（0 = すべて）"), "0")
      .Option("out", "FILE",
              cli::Localized("write here", "書き出すファイル（指定しなければ標準出力）"));
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  auto limit = f.GetInt("limit");
  if (!limit.ok()) return Fail(limit.error());
  auto db = OpenDatabase(f);
  if (!db.ok()) return Fail(db.error());
  ConnectionPool pool(db->dsn, 1);
  AuditStore store(&pool);
  auto heads = store.Heads(static_cast<size_t>(*limit));
  if (!heads.ok()) return Fail(heads.error());
  std::ofstream file;
  if (f.Has("out")) file.open(f.Get("out"), std::ios::trunc);
  std::ostream& out = f.Has("out") ? file : std::cout;
  for (const auto& h : *heads) out << audit::HeadToJson(h) << "\n";
  return out ? 0 : 1;
}

}  // namespace

int AuditCommand(int argc, char** argv) {
  std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "verify") return Verify(argc, argv);
  if (sub == "export") return Export(argc, argv);
  if (sub == "heads") return Heads(argc, argv);
  std::cerr << cli::Localized("Usage: kakunin-server audit verify|export|heads [--help]\n",
                              "使い方: kakunin-server audit verify|export|heads [--help]\n");
  return 2;
}

}  // namespace kakunin::server
