#pragma once
// Force-included (-include) into the unit tests built for Windows: the few POSIX calls the tests
// use to set up fixtures (temporary folders, environment variables), spelled with the C runtime.
// The code under test never uses these; it goes through common/os.
#ifdef _WIN32
#include <direct.h>
#include <io.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>

inline int setenv(const char* name, const char* value, int overwrite) {
  if (!overwrite && std::getenv(name) != nullptr) return 0;
  return _putenv_s(name, value);
}
inline int unsetenv(const char* name) { return _putenv_s(name, ""); }
inline char* mkdtemp(char* tmpl) {
  if (_mktemp_s(tmpl, std::strlen(tmpl) + 1) != 0 || _mkdir(tmpl) != 0) return nullptr;
  return tmpl;
}
// Windows has no FIFOs: the tests that need one are excluded (tests/windows/wine-exclusions.tsv).
inline int mkfifo(const char*, int) {
  errno = ENOSYS;
  return -1;
}
#endif
