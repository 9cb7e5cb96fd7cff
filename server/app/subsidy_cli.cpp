// kakunin-server subsidy summary — HQ's daily subsidy summary on the command line: the one the
// server stored (the same lines it logged), or one computed now (for a given day, to check
// what the summary will say).

#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "common/cli/language.h"
#include "common/log/log.h"
#include "server/app/app_common.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/subsidy/daily_summary.h"

namespace kakunin::server {
namespace {

constexpr int kNoSummary = 3;

int Print(const v1::DailySummary& summary, bool json) {
  if (json) {
    std::string text;
    google::protobuf::util::JsonPrintOptions opts;
    opts.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(summary, &text, opts);
    std::cout << text << "\n";
  } else {
    for (const auto& line : summary.lines()) std::cout << line << "\n";
  }
  return std::cout ? 0 : 1;
}

int Summary(int argc, char** argv) {
  cli::Flags f(
      "kakunin-server subsidy summary [--date YYYY-MM-DD] [--now [--today DATE]] [--json]",
      cli::Localized(
          "Prints HQ's daily subsidy summary: programmes open and closed, claim deadlines\n"
          "at a warning threshold, 経過措置 ending near or without an end date, claims in\n"
          "progress. Without --now: the summary the server stored (the newest, or --date's).\n"
          "Exit codes: 0 printed, 3 none stored for that date yet, 1/2 could not read.",
          "本部向けの補助金の日次集計を表示します。受付中と受付終了の補助事業、警告の日数に\n"
          "達した申請の締切、終了が近いか終了日の決まっていない経過措置、進行中の申請です。\n"
          "--now がなければ、サーバーが保存した集計（最新のもの、または --date の日付の\n"
          "もの）を表示します。\n"
          "終了コード: 0 表示した、3 その日付の集計はまだない、1/2 読めなかった"));
  AddCommonFlags(f);
  f.Option("date", "DATE",
           cli::Localized("the stored summary of this Japanese date (default: the newest)",
                          "この日付（日本時間）に保存された集計（指定しなければ最新のもの）"))
      .Bool("now",
            cli::Localized("compute it now instead of reading the stored one (nothing is stored)",
                           "保存された集計を読まずに今計算する（計算した集計は保存しません）"))
      .Option("today", "DATE",
              cli::Localized("with --now: Japan's date to judge by (default: today)",
                             "--now のとき: 判断に使う日付（日本時間。指定しなければ今日）"))
      .Option("warning-days", "LIST",
              cli::Localized("with --now: warning thresholds",
                             "--now のとき: 締切の何日前から警告するか（カンマ区切り）"),
              "60,30,7,1")
      .Bool("json", cli::Localized("print the summary as JSON", "集計を JSON で出力する"));
  if (auto end = BeginCommand(f, argc, argv, 3)) return *end;
  auto days = ParseWarningDays(f.Get("warning-days"));
  if (!days.ok()) return Fail(days.error());
  domain::Date today = TodayInJapan();
  if (f.Has("today")) {
    auto d = domain::ParseIsoDate(f.Get("today"));
    if (!d.ok()) return Fail(d.error());
    today = *d;
  }
  auto db = OpenDatabase(f);
  if (!db.ok()) return Fail(db.error());
  ConnectionPool pool(db->dsn, 2);
  FleetStore fleet(&pool, nullptr);
  SubsidySummaries summaries(
      &pool, &fleet, [today] { return today; }, *days);
  if (f.GetBool("now")) {
    auto summary = summaries.Compute();
    if (!summary.ok()) return Fail(summary.error());
    return Print(*summary, f.GetBool("json"));
  }
  auto stored = summaries.Read(f.Get("date"));
  if (!stored.ok()) return Fail(stored.error());
  if (!stored->has_value()) {
    std::cerr << "kakunin-server: " << (f.Has("date") ? f.Get("date") + " の" : std::string("まだ"))
              << "日次の集計はありません（--now で今の集計を作れます）\n";
    return kNoSummary;
  }
  return Print(**stored, f.GetBool("json"));
}

}  // namespace

int SubsidyCommand(int argc, char** argv) {
  std::string sub = argc > 2 ? argv[2] : "";
  if (sub == "summary") return Summary(argc, argv);
  std::cerr << cli::Localized("Usage: kakunin-server subsidy summary [--help]\n",
                              "使い方: kakunin-server subsidy summary [--help]\n");
  return 2;
}

}  // namespace kakunin::server
