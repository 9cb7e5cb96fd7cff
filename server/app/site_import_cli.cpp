// `kakunin-server site import FILE [--dry-run] [--clean-rows-only]`: bulk onboarding of stores
// from a spreadsheet's CSV (issue 19), with the same checks and the same transaction as the
// console's import. A per-row report on stdout; nothing is saved while a row has an error unless
// --clean-rows-only says so.
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/cli/language.h"
#include "common/log/log.h"
#include "common/site/site_import.h"
#include "server/app/app_common.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/site_import_store.h"

namespace kakunin::server {
namespace {

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "cli.file", "cannot open " + path);
  }
  // One byte over the limit is enough for the import to say "too large".
  std::string bytes(site::ImportLimits{}.max_file_bytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return MakeError(ErrorCode::kUnavailable, "cli.file", "cannot read " + path);
  return bytes;
}

std::string ColumnTitle(const std::string& id) {
  for (int c = 0; c < site::kImportColumnCount; ++c) {
    auto col = static_cast<site::ImportColumn>(c);
    if (site::ImportColumnId(col) == id) return std::string(site::ImportColumnTitleJa(col));
  }
  return "行全体";
}

std::string FormatSiteImportReport(const v1::ImportSitesResponse& r, bool dry_run) {
  std::ostringstream out;
  if (!r.file_error_reason().empty()) {
    out << "ファイルを読めません: " << r.file_error_message() << " [" << r.file_error_reason()
        << "]\n";
    return out.str();
  }
  out << "文字コード " << r.encoding() << "、" << r.rows_size() << " 行（正しい行 "
      << r.rows_size() - r.error_rows() << "、エラーのある行 " << r.error_rows() << "）\n";
  for (const auto& row : r.rows()) {
    for (const auto& e : row.errors()) {
      out << row.row() << " 行目\t" << ColumnTitle(e.column()) << "\t" << e.message() << " ["
          << e.reason() << "]\n";
    }
  }
  if (r.saved() > 0) {
    out << r.saved() << " 店舗を取り込みました。\n";
  } else if (dry_run) {
    out << "確認のみ（--dry-run）: 何も取り込んでいません。\n";
  } else if (r.error_rows() > 0) {
    out << "エラーがあるため何も取り込んでいません。直すか、--clean-rows-only "
           "で正しい行だけを取り込んでください。\n";
  }
  return out.str();
}

}  // namespace

int SiteImport(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server site import FILE [--dry-run] [--clean-rows-only]",
      cli::Localized(
          "Imports stores from a CSV file (UTF-8 with or without BOM, or Shift_JIS/CP932)\n"
          "with a header row: 医療機関等名, 医療機関等コード, 施設種別 (required), 店舗ID,\n"
          "経過措置, 経過措置の期日, コード確認理由, 住所, 電話番号, メールアドレス, 営業時間.\n"
          "Every row is checked as the console's site form checks it; one audit event per\n"
          "store. Exit codes: 0 checked clean or imported, 1 database trouble, 2 the file\n"
          "has errors and nothing was imported.",
          "見出し行のある CSV ファイル（UTF-8（BOM の有無は問いません）または\n"
          "Shift_JIS/CP932）から店舗を取り込みます。列は次のとおりです:\n"
          "医療機関等名、医療機関等コード、施設種別（ここまで必須）、店舗ID、経過措置、\n"
          "経過措置の期日、コード確認理由、住所、電話番号、メールアドレス、営業時間。\n"
          "どの行も管理コンソールの店舗の画面と同じように確かめ、店舗ごとに監査ログに\n"
          "1 件記録します。\n"
          "終了コード: 0 誤りなし、または取り込んだ、1 データベースの問題、\n"
          "2 ファイルに誤りがあり、何も取り込まなかった"));
  AddCommonFlags(f);
  f.Bool("dry-run",
         cli::Localized("check and report only", "確かめて結果を表示するだけ（取り込まない）"))
      .Bool("clean-rows-only",
            cli::Localized("import the rows without errors even when others have some",
                           "ほかの行に誤りがあっても、誤りのない行を取り込む"));
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  if (f.positional().size() != 1) {
    return Fail(MakeError(
        ErrorCode::kInvalidArgument, "cli.missing",
        cli::Localized("one CSV file to import", "取り込む CSV ファイルを 1 つ指定してください")));
  }
  auto bytes = ReadSmallFile(f.positional()[0]);
  if (!bytes.ok()) return Fail(bytes.error());

  auto fleet = OpenFleetStore(f);
  if (!fleet.ok()) return Fail(fleet.error());
  SiteImporter importer(fleet->pool.get(), fleet->store.get());
  const bool dry_run = f.GetBool("dry-run");
  auto r = importer.Import(*bytes, {dry_run, f.GetBool("clean-rows-only"), "cli:site-import"});
  if (!r.ok()) return Fail(r.error());
  std::cout << FormatSiteImportReport(*r, dry_run);
  if (!r->file_error_reason().empty()) return 2;
  return r->error_rows() > 0 && r->saved() == 0 ? 2 : 0;
}

}  // namespace kakunin::server
