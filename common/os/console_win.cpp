#include <windows.h>
// shellapi.h needs windows.h first.
#include <shellapi.h>

#include "common/os/console.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {

ConsoleArguments::ConsoleArguments(int argc, char** argv) {
  int count = 0;
  wchar_t** wide = ::CommandLineToArgvW(::GetCommandLineW(), &count);
  if (wide != nullptr) {
    for (int i = 0; i < count; ++i) strings_.push_back(Narrow(wide[i]));
    ::LocalFree(wide);
  } else {
    strings_.assign(argv, argv + argc);
  }
  for (std::string& s : strings_) pointers_.push_back(s.data());
  pointers_.push_back(nullptr);
  // Output in UTF-8 (our strings); input too, for a PIN or a name typed at the console.
  ::SetConsoleOutputCP(CP_UTF8);
  ::SetConsoleCP(CP_UTF8);
}

}  // namespace kakunin::os
