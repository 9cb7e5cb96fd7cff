#pragma once
// The server's command groups (`kakunin-server site add`, …): what `kakunin-server GROUP --help`
// lists, and the answer to a group's name typed alone or with a word it does not have.

#include <optional>
#include <string>

namespace kakunin::server {

// The exit code when `group` is a command group and `command` is none of its commands (the
// group's help, 0; or a refusal naming its commands, 2); nullopt otherwise.
std::optional<int> AnswerGroupWithoutCommand(const std::string& group, const std::string& command);

}  // namespace kakunin::server
