#include "sim/oqs/face_cli.h"

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>

#include "common/cli/flags.h"
#include "sim/oqs/face_deleter.h"
#include "sim/oqs/face_reader.h"

namespace kakunin::sim {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int Usage(const std::string& mode, const std::string& message) {
  std::cerr << "kakunin-oqs-sim " << mode << ": " << message << " (see --help)\n";
  return kExitUsage;
}

int Failure(const std::string& mode, const Error& error) {
  std::cerr << "kakunin-oqs-sim " << mode << ": " << error.ToString() << "\n";
  return kExitFailure;
}

cli::Flags FaceFlags() {
  cli::Flags f(
      "kakunin-oqs-sim face --res DIR [options]",
      "Plays the face-auth card reader's terminal: drops answer files\n"
      "OQSsiquc01res_face_*.xml into the res folder, people from the FICTIONAL population.");
  f.Option("res", "DIR", "the res folder (must exist)")
      .Option("count", "N", "how many files", "10")
      .Option("interval-ms", "MS", "pause between files", "100")
      .Option("encoding", "utf8|sjis|mixed", "answers' encoding; mixed alternates", "utf8")
      .Option("gaiji", "none|some|all", "names with a 外字 substitute; some = every third", "none")
      .Option("population", "FILE", "synthetic population", KAKUNIN_OQS_POPULATION)
      .Option("manifest", "FILE", "JSON Lines, one line per file dropped")
      .Option("delete-after-ms", "MS", "a second process deletes each file MS after it appears",
              "0")
      .Option("seed", "N", "seed for the choice of people", "1");
  return f;
}

std::optional<FaceEncodingMode> ParseEncodingMode(const std::string& s) {
  if (s == "utf8") return FaceEncodingMode::kUtf8;
  if (s == "sjis") return FaceEncodingMode::kShiftJis;
  if (s == "mixed") return FaceEncodingMode::kMixed;
  return std::nullopt;
}

std::optional<GaijiMode> ParseGaijiMode(const std::string& s) {
  if (s == "none") return GaijiMode::kNone;
  if (s == "some") return GaijiMode::kSome;
  if (s == "all") return GaijiMode::kAll;
  return std::nullopt;
}

// A whole number >= min from the flag, or a usage message.
Result<int> NonNegative(const cli::Flags& f, const std::string& name, int min = 0) {
  KAKUNIN_ASSIGN_OR_RETURN(int v, f.GetInt(name));
  if (v < min) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.out_of_range",
                     "option --" + name + " must be at least " + std::to_string(min));
  }
  return v;
}

// Flags → options (population not loaded yet); an error here is a usage error.
Result<FaceDropOptions> FaceOptions(const cli::Flags& f, int* delete_after_ms) {
  FaceDropOptions o;
  if (!f.Has("res")) return MakeError(ErrorCode::kInvalidArgument, "cli.missing", "--res needed");
  if (!f.positional().empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.extra", "unexpected " + f.positional()[0]);
  }
  o.res_dir = f.Get("res");
  o.manifest_path = f.Get("manifest");
  KAKUNIN_ASSIGN_OR_RETURN(o.count, NonNegative(f, "count", 1));
  KAKUNIN_ASSIGN_OR_RETURN(int interval, NonNegative(f, "interval-ms"));
  o.interval = std::chrono::milliseconds(interval);
  KAKUNIN_ASSIGN_OR_RETURN(int seed, NonNegative(f, "seed"));
  o.seed = static_cast<uint32_t>(seed);
  KAKUNIN_ASSIGN_OR_RETURN(*delete_after_ms, NonNegative(f, "delete-after-ms"));
  auto encoding = ParseEncodingMode(f.Get("encoding"));
  auto gaiji = ParseGaijiMode(f.Get("gaiji"));
  if (!encoding || !gaiji) {
    return MakeError(ErrorCode::kInvalidArgument, "cli.bad_value",
                     "--encoding is utf8|sjis|mixed, --gaiji is none|some|all");
  }
  o.encoding = *encoding;
  o.gaiji = *gaiji;
  return o;
}

}  // namespace

int FaceMain(int argc, char** argv) {
  cli::Flags f = FaceFlags();
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Usage("face", s.error().message());
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  int delete_after_ms = 0;
  auto options = FaceOptions(f, &delete_after_ms);
  if (!options.ok()) return Usage("face", options.error().message());
  auto population = Population::Load(f.Get("population"));
  if (!population.ok()) return Failure("face", population.error());
  options->population = std::move(*population);
  FaceDeleterProcess deleter;  // stopped (and waited for) when it goes out of scope
  if (delete_after_ms > 0) {
    auto started =
        FaceDeleterProcess::Start(options->res_dir, std::chrono::milliseconds(delete_after_ms));
    if (!started.ok()) return Failure("face", started.error());
    deleter = std::move(*started);
  }
  const int count = options->count;
  Status dropped = DropFaceFiles(*options, [count](int done) {
    if (done % 10 == 0 || done == count)
      std::cerr << "face-reader results written: " << done << "/" << count << "\n";
  });
  if (!dropped.ok()) return Failure("face", dropped.error());
  if (Status stopped = deleter.Stop(); !stopped.ok()) return Failure("face", stopped.error());
  return 0;
}

int FaceDeleteMain(int argc, char** argv) {
  cli::Flags f("kakunin-oqs-sim face-delete --dir DIR --after-ms MS [--pid-file F]",
               "Deletes each OQSsiquc01res_face_*.xml appearing in DIR, MS ms after it appeared\n"
               "(inotify). Prints \"ready\" once watching. On SIGTERM/SIGINT it still deletes\n"
               "what it has seen (each at its time, so at most MS ms), then exits; a second\n"
               "signal exits at once.");
  f.Option("dir", "DIR", "the folder to watch")
      .Option("after-ms", "MS", "delay before deleting")
      .Option("pid-file", "FILE", "write the process id here once watching");
  if (auto s = f.Parse(argc, argv, 2); !s.ok()) return Usage("face-delete", s.error().message());
  if (f.help_requested()) {
    std::cout << f.Help();
    return 0;
  }
  auto after = NonNegative(f, "after-ms");
  if (!f.Has("dir") || !f.Has("after-ms") || !after.ok() || !f.positional().empty()) {
    return Usage("face-delete", "--dir DIR and --after-ms MS (>= 0) are needed");
  }
  ::signal(SIGPIPE, SIG_IGN);  // the parent stops reading after the ready line
  Status s = RunFaceDeleter({f.Get("dir"), std::chrono::milliseconds(*after), f.Get("pid-file")},
                            [] { std::cout << "ready" << std::endl; });
  if (!s.ok()) return Failure("face-delete", s.error());
  return 0;
}

}  // namespace kakunin::sim
