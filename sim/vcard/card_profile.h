#pragma once
// A virtual My Number Card as a JSON file: its certificates, keys, PINs and their remaining
// tries, and the FAKE card-face data of the applications Kakunin must never select. The PIN
// counters are written back after every change, as a real card keeps them across sessions.

#include <string>

#include "common/core/result.h"
#include "common/crypto/openssl_types.h"

namespace kakunin::vcard {

inline constexpr int kAuthPinMaxTries = 3;       // 利用者証明用電子証明書の暗証番号
inline constexpr int kSignPasswordMaxTries = 5;  // 署名用電子証明書の暗証番号
inline constexpr int kTextPinMaxTries = 3;       // 券面事項入力補助用暗証番号
inline constexpr char kProfileFormat[] = "kakunin-vcard-profile/1";

struct CardProfile {
  std::string seed;    // what the keys were derived from (documentation only once issued)
  std::string serial;  // user-auth certificate serial, lower-case hex
  std::string subject;
  std::string auth_cert_pem;  // EF 000A
  std::string auth_key_pem;   // EF 0017 (PKCS#8)
  std::string auth_ca_pem;    // EF 000B
  std::string sign_cert_pem;  // EF 0001 (after the signature password)
  std::string sign_key_pem;   // EF 001A
  std::string sign_ca_pem;    // EF 0002
  std::string pin = "1234";   // EF 0018: exactly 4 digits
  int pin_tries_left = kAuthPinMaxTries;
  int pin_max_tries = kAuthPinMaxTries;
  std::string sign_password = "ABC123";  // EF 001B: 6-16 of A-Z 0-9
  int sign_password_tries_left = kSignPasswordMaxTries;
  // 券面事項入力補助AP / 券面AP: FAKE data, present only so tests can prove Kakunin never asks.
  std::string text_pin = "1234";
  int text_pin_tries_left = kTextPinMaxTries;
  std::string fake_individual_number;  // 12 digits, not a valid 個人番号
  std::string fake_name = "試験 太郎 (FAKE)";
  std::string fake_address = "東京都千代田区霞が関一丁目 (FAKE)";
  std::string fake_birth_date = "19700101";
  std::string fake_sex = "1";
};

Result<CardProfile> LoadCardProfile(const std::string& path);
// Writes to a temporary file in the same directory, fsyncs it and renames it over `path`, so a
// crash never leaves a half-written card. The file is created 0600 (it holds private keys).
Status SaveCardProfile(const CardProfile& profile, const std::string& path);
std::string CardProfileToJson(const CardProfile& profile);
Result<CardProfile> CardProfileFromJson(const std::string& json);

}  // namespace kakunin::vcard
