#include "sim/vcard/tests/test_card.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "sim/vcard/jpki_ca.h"

namespace kakunin::vcard::testing {

namespace {
// Every folder made here, removed when the test process ends (each test runs in a process of
// its own; a whole run used to leave a few hundred, test CA keys among them, in /tmp).
std::vector<std::string>& Made() {
  static auto* made = new std::vector<std::string>;  // outlives static destruction
  return *made;
}
void RemoveMade() {
  if (std::getenv("KAKUNIN_KEEP_TEST_DIRS") != nullptr) return;
  for (const auto& dir : Made()) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
}
}  // namespace

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/kakunin-vcard-XXXXXX";
  char* dir = mkdtemp(pattern.data());
  if (!dir) ADD_FAILURE() << "mkdtemp failed";
  static const bool registered = std::atexit(RemoveMade) == 0;
  if (!registered) ADD_FAILURE() << "atexit failed";
  Made().push_back(pattern);
  return pattern;
}

const std::string& TestCaDir() {
  static const std::string dir = [] {
    std::string d = MakeTempDir();
    Status status = InitCa(d);
    if (!status.ok()) ADD_FAILURE() << status.error().ToString();
    return d;
  }();
  return dir;
}

const CardProfile& TestProfile() {
  static const CardProfile profile = [] {
    IssueOptions options;
    options.ca_dir = TestCaDir();
    options.seed = "vcard-unit-test";
    auto issued = IssueCard(options);
    if (!issued.ok()) ADD_FAILURE() << issued.error().ToString();
    return issued.ok() ? *issued : CardProfile{};
  }();
  return profile;
}

}  // namespace kakunin::vcard::testing
