#pragma once
// Tests use the same child-process helper as the server; kept under this name for test code.
#include "common/os/process.h"

namespace kakunin::testing {
using namespace kakunin::os;  // NOLINT(google-build-using-namespace)
}  // namespace kakunin::testing
