#include "sim/vcard/tests/test_card.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "sim/vcard/jpki_ca.h"

namespace kakunin::vcard::testing {

std::string MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/kakunin-vcard-XXXXXX";
  char* dir = mkdtemp(pattern.data());
  if (!dir) ADD_FAILURE() << "mkdtemp failed";
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
