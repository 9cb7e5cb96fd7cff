#pragma once
// A command-line program's start on each platform. Linux: nothing to do (argv and the terminal
// are UTF-8). Windows: argv comes from the wide command line as UTF-8 (the narrow one is in the
// ANSI code page, CP932 on a Japanese system), and the console shows UTF-8 output, so Japanese
// text reads right in cmd and PowerShell.

#include <string>
#include <vector>

namespace kakunin::os {

class ConsoleArguments {
 public:
  ConsoleArguments(int argc, char** argv);
  int argc() const { return static_cast<int>(pointers_.size()) - 1; }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;  // argv-style, ends with nullptr
};

}  // namespace kakunin::os
