// libFuzzer target: the TOML settings reader (Flags::ApplyConfig, common/cli/config_file.cpp over
// toml++), which reads agent.toml and server.toml — files an administrator edits by hand. The
// input is the file's text; the first byte says whether the file is shared with another command
// (unknown settings skipped) or the command's own. Declared: top-level and sectioned settings of
// each kind (text, whole number, true/false, lists of text and of numbers).
// Invariants (a violation traps): no exception escapes; a refused file changes nothing; a file
// taken gives whole numbers in the int range; and --print-config's text of the result, read again
// by a program with the same declarations, is taken and gives the same values (lists item by
// item, as the program reads them).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/cli/flags.h"

namespace {

namespace cli = kakunin::cli;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

const char* const kOptions[] = {"name", "count", "verbose", "servers",  "ports",   "db",
                                "pool", "tls",   "sites",   "retry-ms", "comment", "config"};

cli::Flags Declared() {
  cli::Flags f("fuzz [options]", "settings reader under fuzzing");
  f.Option("name", "TEXT", "a string", "default name");
  f.Option("count", "N", "a whole number", "3").Int();
  f.Bool("verbose", "a switch");
  f.Option("servers", "LIST", "a list of strings").List();
  f.Option("ports", "LIST", "a list of whole numbers").Int().List();
  f.Option("config", "FILE", "the file itself").NotInFile();
  f.Section("database", "Database");
  f.Option("db", "DSN", "a connection string");
  f.Option("pool", "N", "a whole number in a section", "8").Int();
  f.Bool("tls", "a switch in a section");
  f.Section("sites", "Sites");
  f.Option("sites", "LIST", "a list in a section").List();
  f.Option("retry-ms", "N", "another number").Int();
  f.Option("comment", "TEXT", "free text");
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool shared = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  cli::Flags flags = Declared();
  const cli::Flags untouched = Declared();
  auto applied = flags.ApplyConfig(text, "fuzz.toml", shared);
  if (!applied.ok()) {
    for (const char* name : kOptions) {
      Check(flags.Get(name) == untouched.Get(name) && !flags.Has(name));
    }
    return 0;
  }
  for (const char* name : {"count", "pool", "retry-ms"}) {
    if (flags.Has(name)) Check(flags.GetInt(name).ok());
  }
  cli::Flags again = Declared();
  const std::string printed = flags.PrintConfig();
  auto reread = again.ApplyConfig(printed, "printed.toml");
  Check(reread.ok());
  for (const char* name : kOptions) {
    const std::string option = name;
    if (option == "servers" || option == "ports" || option == "sites") {
      Check(cli::SplitList(again.Get(name)) == cli::SplitList(flags.Get(name)));
    } else {
      Check(again.Get(name) == flags.Get(name));
    }
  }
  return 0;
}
