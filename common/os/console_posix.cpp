#include "common/os/console.h"

namespace kakunin::os {

ConsoleArguments::ConsoleArguments(int argc, char** argv) : strings_(argv, argv + argc) {
  for (std::string& s : strings_) pointers_.push_back(s.data());
  pointers_.push_back(nullptr);
}

}  // namespace kakunin::os
