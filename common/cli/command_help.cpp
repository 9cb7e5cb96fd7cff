#include "common/cli/command_help.h"

namespace kakunin::cli {
namespace {

std::string& CommandName() {
  static std::string* command = new std::string;
  return *command;
}

}  // namespace

void SetCommandForHelp(std::string command) { CommandName() = std::move(command); }

std::string HelpCommand(std::string_view program, std::string_view placeholder) {
  const std::string& command = CommandName();
  return std::string(program) + " " + (command.empty() ? std::string(placeholder) : command) +
         " --help";
}

bool CommandForHelpSet() { return !CommandName().empty(); }

}  // namespace kakunin::cli
