#pragma once
// The way to a command's help in a usage mistake's text: "kakunin-server site add --help" once
// the program's main has named the command being run, a placeholder before that.

#include <string>
#include <string_view>

namespace kakunin::cli {

// The command being run ("site add", "check"); set once by the program's main.
void SetCommandForHelp(std::string command);

// "<program> <command> --help", with `placeholder` ("<command>") while no command is set.
std::string HelpCommand(std::string_view program, std::string_view placeholder);

// Whether a command was set (some texts name a fixed help until then).
bool CommandForHelpSet();

}  // namespace kakunin::cli
