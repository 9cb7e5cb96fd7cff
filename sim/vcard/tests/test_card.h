#pragma once
// A test card issued once per test binary by a fresh TEST CA in a temporary directory.

#include <string>

#include "sim/vcard/card_profile.h"

namespace kakunin::vcard::testing {

// The CA directory (jpki-ca.pem, jpki-ca.key, jpki-crl.pem); created on first use.
const std::string& TestCaDir();
// A card with PIN 1234 and 3 tries, seed "vcard-unit-test".
const CardProfile& TestProfile();
// A fresh temporary directory for one test.
std::string MakeTempDir();

}  // namespace kakunin::vcard::testing
