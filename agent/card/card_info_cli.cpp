#include "agent/card/card_info_cli.h"

#include <iostream>
#include <optional>

#include "agent/card/card_info.h"
#include "common/cli/language.h"

namespace kakunin::card {
namespace {

std::string Usage() {
  return cli::Localized(
      "usage: kakunin-agent card-info [--reader NAME] [--json] [--help]\n"
      "\n"
      "Reads the card in the reader without a PIN and without spending a PIN try: whether the\n"
      "reader passes extended APDUs, the JPKI user-authentication certificate (subject, serial,\n"
      "issuer, expiry) and the PIN tries left.\n"
      "\n"
      "  --reader NAME  use this PC/SC reader (default: the first reader holding a card)\n"
      "  --json         print one JSON object instead of text\n"
      "  --help         print this help\n"
      "\n"
      "Exit codes: 0 read, 1 no reader, no card or a card that could not be read, 2 usage.\n",
      "使い方: kakunin-agent card-info [--reader NAME] [--json] [--help]\n"
      "\n"
      "カードリーダーに置かれたカードを、暗証番号を使わずに（残り回数も減らさずに）読み、\n"
      "次を表示します: カードリーダーが大きなデータのやりとり（拡張APDU）に対応しているか、\n"
      "利用者証明用電子証明書（主体者、シリアル番号、発行者、有効期限）、暗証番号の残り回数。\n"
      "\n"
      "  --reader NAME  使う PC/SC カードリーダー（指定しなければ、カードが置かれた最初のもの）\n"
      "  --json         文章の代わりに JSON を 1 つ出力する\n"
      "  --help         この説明を表示する\n"
      "\n"
      "終了コード: 0 読めた、1 カードリーダーやカードがない、または読めなかった、2 指定の誤り。\n");
}

struct Options {
  std::optional<std::string> reader;
  bool json = false;
  bool help = false;
};

// Returns the problem with the arguments, or "" when they parse.
std::string Parse(const std::vector<std::string>& args, Options* options) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--json") {
      options->json = true;
    } else if (arg == "--help" || arg == "-h") {
      options->help = true;
    } else if (arg == "--reader") {
      if (i + 1 >= args.size()) return "--reader にカードリーダーの名前を指定してください";
      options->reader = args[++i];
    } else if (arg.rfind("--reader=", 0) == 0) {
      options->reader = arg.substr(9);
    } else {
      return "不明な指定です: \"" + arg + "\"";
    }
  }
  if (options->reader && options->reader->empty()) {
    return "--reader にカードリーダーの名前を指定してください";
  }
  return "";
}

}  // namespace

int RunCardInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return RunCardInfoCommand(args, out, err,
                            [](const Error& e) { return "card-info: " + e.ToString() + "\n"; });
}

int RunCardInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                       const CardInfoErrorText& describe) {
  Options options;
  if (std::string problem = Parse(args, &options); !problem.empty()) {
    err << "card-info: " << problem << "\n" << Usage();
    return 2;
  }
  if (options.help) {
    out << Usage();
    return 0;
  }
  Result<CardInfo> info = ReadCardInfo(options.reader);
  if (!info.ok()) {
    err << describe(info.error());
    return 1;
  }
  out << (options.json ? CardInfoToJson(*info) + "\n" : CardInfoToText(*info));
  return 0;
}

int RunCardInfoCommand(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return RunCardInfoCommand(args, std::cout, std::cerr);
}

int RunCardInfoCommand(int argc, char** argv, const CardInfoErrorText& describe) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return RunCardInfoCommand(args, std::cout, std::cerr, describe);
}

}  // namespace kakunin::card
