#pragma once
// `kakunin-agent card-info [--reader NAME] [--json] [--help]`: prints what ReadCardInfo finds.
// Exit 0 on success, 1 with a one-line "card-info: <reason>: <message>" on stderr when there
// is no service / reader / card or the card cannot be read, 2 on a usage error.

#include <iosfwd>
#include <string>
#include <vector>

namespace kakunin::card {

// argv[0] is the subcommand itself ("card-info"); options follow.
int RunCardInfoCommand(int argc, char** argv);
// The same with explicit arguments (without the subcommand) and streams, for tests.
int RunCardInfoCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kakunin::card
