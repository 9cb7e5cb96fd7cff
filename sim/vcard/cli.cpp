#include "sim/vcard/cli.h"

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/crypto/x509.h"
#include "sim/vcard/jpki_ca.h"
#include "sim/vcard/runner.h"

namespace kakunin::vcard {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

constexpr char kMainHelp[] =
    "usage: kakunin-vcard <command> [options]\n"
    "A virtual My Number Card (JPKI application) for tests, served through vpcd/pcscd.\n"
    "commands:\n"
    "  init-ca   create a TEST JPKI CA (certificate, key, empty CRL)\n"
    "  issue     issue a card profile (JSON) signed by that CA\n"
    "  run       connect a card profile to vpcd and answer APDUs until SIGTERM\n"
    "Run 'kakunin-vcard <command> --help' for the options of a command.\n";

constexpr char kInitCaHelp[] =
    "usage: kakunin-vcard init-ca --dir DIR [--seed SEED]\n"
    "Writes DIR/jpki-ca.pem, DIR/jpki-ca.key (0600) and DIR/jpki-crl.pem (empty CRL).\n"
    "The CA key is derived from SEED (default kakunin-test-jpki-ca): same seed, same CA.\n";

constexpr char kIssueHelp[] =
    "usage: kakunin-vcard issue --ca-dir DIR --seed SEED --out CARD.json [--pin 1234]\n"
    "         [--pin-tries 3] [--not-before YYYY-MM-DD] [--not-after YYYY-MM-DD] [--revoke]\n"
    "Issues a user-auth certificate (and a FAKE signature certificate) with keys derived from\n"
    "SEED and writes the card profile. --pin-tries sets the tries left (0 = locked card).\n"
    "--revoke also lists the certificate in DIR/jpki-crl.pem. Prints the serial and subject.\n";

constexpr char kRunHelp[] =
    "usage: kakunin-vcard run --card CARD.json [--host 127.0.0.1] [--port 35963]\n"
    "         [--no-extended-apdu] [--apdu-log FILE] [--control SOCKET_PATH]\n"
    "         [--connect-timeout SECONDS]\n"
    "Connects to vpcd and serves until SIGTERM/SIGINT (exit 0). Retries the connection until\n"
    "--connect-timeout (default 30). PIN tries are written back to CARD.json.\n"
    "--apdu-log writes one JSON object per APDU (VERIFY data masked).\n"
    "--control accepts 'remove', 'insert [CARD.json]' and 'status' lines.\n";

struct Args {
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  bool help = false;
};

int Usage(const std::string& message) {
  std::fprintf(stderr, "kakunin-vcard: %s (try --help)\n", message.c_str());
  return kExitUsage;
}

int Fail(const Error& error) {
  std::fprintf(stderr, "kakunin-vcard: %s\n", error.ToString().c_str());
  return kExitError;
}

// Parses --name VALUE options (from `with_value`) and bare --flags (from `flags`).
bool Parse(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
           const std::set<std::string>& flags, Args& out, std::string& error) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (with_value.count(arg)) {
      if (i + 1 >= argv.size()) {
        error = arg + " needs a value";
        return false;
      }
      out.values[arg] = argv[++i];
    } else if (flags.count(arg)) {
      out.flags.insert(arg);
    } else {
      error = "unknown argument '" + arg + "'";
      return false;
    }
  }
  return true;
}

bool ParseInt(const std::string& text, int& out) {
  try {
    size_t used = 0;
    out = std::stoi(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

int InitCaCommand(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!Parse(argv, {"--dir", "--seed"}, {}, args, error)) return Usage(error);
  if (args.help) return std::fputs(kInitCaHelp, stdout), kExitOk;
  if (!args.values.count("--dir")) return Usage("--dir is required");
  const std::string seed = args.values.count("--seed") ? args.values["--seed"] : kDefaultCaSeed;
  if (auto status = InitCa(args.values["--dir"], seed); !status.ok()) return Fail(status.error());
  std::printf("CA written to %s\n", args.values["--dir"].c_str());
  return kExitOk;
}

int IssueCommand(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!Parse(argv,
             {"--ca-dir", "--seed", "--out", "--pin", "--pin-tries", "--not-before", "--not-after"},
             {"--revoke"}, args, error)) {
    return Usage(error);
  }
  if (args.help) return std::fputs(kIssueHelp, stdout), kExitOk;
  for (const char* required : {"--ca-dir", "--seed", "--out"}) {
    if (!args.values.count(required)) return Usage(std::string(required) + " is required");
  }
  IssueOptions options;
  options.ca_dir = args.values["--ca-dir"];
  options.seed = args.values["--seed"];
  options.revoke = args.flags.count("--revoke") > 0;
  if (args.values.count("--pin")) options.pin = args.values["--pin"];
  if (args.values.count("--pin-tries") &&
      !ParseInt(args.values["--pin-tries"], options.pin_tries)) {
    return Usage("--pin-tries must be a number");
  }
  for (const auto& [flag, target] : {std::pair{"--not-before", &options.not_before},
                                     std::pair{"--not-after", &options.not_after}}) {
    if (!args.values.count(flag)) continue;
    auto date = ParseDate(args.values[flag]);
    if (!date.ok()) return Usage(std::string(flag) + ": " + date.error().message());
    *target = *date;
  }
  auto profile = IssueCard(options);
  if (!profile.ok()) return Fail(profile.error());
  if (auto status = SaveCardProfile(*profile, args.values["--out"]); !status.ok()) {
    return Fail(status.error());
  }
  std::printf("serial %s\nsubject %s\n", profile->serial.c_str(), profile->subject.c_str());
  return kExitOk;
}

int RunCommand(const std::vector<std::string>& argv) {
  Args args;
  std::string error;
  if (!Parse(argv, {"--card", "--host", "--port", "--apdu-log", "--control", "--connect-timeout"},
             {"--no-extended-apdu"}, args, error)) {
    return Usage(error);
  }
  if (args.help) return std::fputs(kRunHelp, stdout), kExitOk;
  if (!args.values.count("--card")) return Usage("--card is required");
  RunOptions options;
  options.card_path = args.values["--card"];
  if (args.values.count("--host")) options.host = args.values["--host"];
  if (args.values.count("--port") && (!ParseInt(args.values["--port"], options.port) ||
                                      options.port <= 0 || options.port > 65535)) {
    return Usage("--port must be 1..65535");
  }
  int timeout_s = 30;
  if (args.values.count("--connect-timeout") &&
      (!ParseInt(args.values["--connect-timeout"], timeout_s) || timeout_s <= 0)) {
    return Usage("--connect-timeout must be a positive number of seconds");
  }
  options.connect_timeout_ms = timeout_s * 1000;
  options.extended_apdu = args.flags.count("--no-extended-apdu") == 0;
  if (args.values.count("--apdu-log")) options.apdu_log_path = args.values["--apdu-log"];
  if (args.values.count("--control")) options.control_path = args.values["--control"];
  return RunVirtualCard(options);
}

}  // namespace

int RunCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage("a command is required");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kMainHelp, stdout);
    return kExitOk;
  }
  if (command == "init-ca") return InitCaCommand(args);
  if (command == "issue") return IssueCommand(args);
  if (command == "run") return RunCommand(args);
  return Usage("unknown command '" + command + "'");
}

}  // namespace kakunin::vcard
