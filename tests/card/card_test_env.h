#pragma once
// Shared set-up of the card integration tests: a TEST JPKI CA and a card profile issued once
// per test binary, and a "rig" of a private pcscd (vpcd reader) plus a running kakunin-vcard.
// Every test using a rig needs CTest's RESOURCE_LOCK pcscd (pcscd is machine-wide).

#include <memory>
#include <string>

#include "common/core/result.h"
#include "tests/harness/card/pcscd_instance.h"
#include "tests/harness/card/vcard_instance.h"

namespace kakunin::card::itest {

inline constexpr char kPin[] = "1234";

struct CardFiles {
  std::string dir;        // the test binary's scratch directory
  std::string ca_dir;     // jpki-ca.pem etc.
  std::string card_json;  // PIN 1234, 3 tries (never run directly: use CardCopy)
  std::string serial;     // user-auth certificate serial, lower-case hex
};

// Made on first use; the directory goes away at exit.
Result<CardFiles> Files();

// A copy of the card profile with `tries_left` PIN tries, under `name` in the scratch
// directory (kakunin-vcard writes the counters back, so each test gets its own copy).
Result<std::string> CardCopy(const std::string& name, int tries_left = 3);

struct Rig {
  std::unique_ptr<testing::PcscdInstance> pcscd;
  std::unique_ptr<testing::VcardInstance> vcard;  // null when started without a card
  std::string reader;
};

// pcscd, then (when card_json is not empty) kakunin-vcard on slot 0, waiting until the reader
// sees the card.
Result<Rig> StartRig(const std::string& card_json, bool extended_apdu = true);

// The C-APDUs of the vcard's log ("in" entries), as spaced hex.
std::vector<std::string> CommandsSent(const testing::VcardInstance& vcard);
// How many of them start with `prefix` (spaced hex, e.g. "00 B0").
int CountCommands(const testing::VcardInstance& vcard, const std::string& prefix);

}  // namespace kakunin::card::itest
