#pragma once
// Builds EmulatorOptions from files, so kakunin-oqs-sim's main stays a thin flag parser.
#include <string>

#include "common/core/result.h"
#include "sim/oqs/eligibility_emulator.h"

namespace kakunin::sim {

struct EmulatorFiles {
  std::string jpki_ca;     // PEM of the TEST JPKI CA (kakunin-vcard init-ca: DIR/jpki-ca.pem)
  std::string crl;         // its CRL ("" = no revocation check)
  std::string population;  // population.json
  std::string cards_dir;   // CARD.json profiles from kakunin-vcard issue ("" = no cards)
};

// Reads the files into `options` (keeps its ttl, faults and clock). Errors name the file.
Status LoadEmulatorFiles(const EmulatorFiles& files, EmulatorOptions* options);

// "0.25" → 0.25; must lie in [0, 1]. Error "oqs.bad_flag".
Result<double> ParseFailRate(const std::string& text);

}  // namespace kakunin::sim
