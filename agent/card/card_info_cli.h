#pragma once
// `kakunin-agent card-info [--reader NAME] [--json] [--help]`: prints what ReadCardInfo finds.
// Exit 0 on success, 1 with a one-line "card-info: <reason>: <message>" (or the caller's text) on
// stderr when there is no service / reader / card or the card cannot be read, 2 on a usage error.

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::card {

// argv[0] is the subcommand itself ("card-info"); options follow.
int RunCardInfoCommand(int argc, char** argv);
// The same with explicit arguments (without the subcommand) and streams, for tests.
int RunCardInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// What to write to stderr when reading fails (all of its lines). kakunin-agent passes its plain
// Japanese for the person at the terminal; this library does not know those words.
using CardInfoErrorText = std::function<std::string(const Error&)>;
int RunCardInfoCommand(int argc, char** argv, const CardInfoErrorText& describe);
int RunCardInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                       const CardInfoErrorText& describe);

}  // namespace kakunin::card
