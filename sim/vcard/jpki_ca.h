#pragma once
// A TEST JPKI certification authority and the cards it issues. Certificates follow the public
// profile of the real user-authentication certificates (RSA-2048, SHA-256, no personal data in
// the user-auth certificate) but every name says TEST and every URL ends in .invalid.
// Keys come from seeds (crypto::DeterministicRsaKey), so a card issued twice with the same seed
// and dates is byte-identical.

#include <ctime>
#include <optional>
#include <string>

#include "common/core/result.h"
#include "sim/vcard/card_profile.h"

namespace kakunin::vcard {

inline constexpr char kDefaultCaSeed[] = "kakunin-test-jpki-ca";
inline constexpr char kCaCertFile[] = "jpki-ca.pem";
inline constexpr char kCaKeyFile[] = "jpki-ca.key";
inline constexpr char kCrlFile[] = "jpki-crl.pem";

// Writes DIR/jpki-ca.pem, DIR/jpki-ca.key (0600) and an empty DIR/jpki-crl.pem. Creates DIR.
Status InitCa(const std::string& dir, const std::string& seed = kDefaultCaSeed);

struct IssueOptions {
  std::string ca_dir;
  std::string seed;
  std::string pin = "1234";
  int pin_tries = kAuthPinMaxTries;  // tries left written into the card
  std::optional<time_t> not_before;  // default: today 00:00 UTC
  std::optional<time_t> not_after;   // default: not_before + 5 years
  bool revoke = false;               // also list the serial in DIR/jpki-crl.pem
};

Result<CardProfile> IssueCard(const IssueOptions& options);

// Adds `serial_hex` to DIR/jpki-crl.pem (re-signed, CRL number + 1).
Status RevokeSerial(const std::string& ca_dir, const std::string& serial_hex);

// "YYYY-MM-DD" → 00:00:00 UTC of that day.
Result<time_t> ParseDate(const std::string& date);

// The FAKE 12-digit individual number of a card: 11 digits from the seed and a check digit
// that is deliberately WRONG (valid one + 1 mod 10), so it can never be a real person's.
std::string FakeIndividualNumber(const std::string& seed);

}  // namespace kakunin::vcard
