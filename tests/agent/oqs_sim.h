#pragma once
// The eligibility side of agent tests: a JPKI test CA with 山田太郎's card, and the eligibility
// emulator (kakunin-oqs-sim) as a child process: TLS on a free port, trusting the JPKI test CA
// and its CRL, answering for the cards in `cards_dir`.

#include <optional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

struct OqsSim {
  Process process;
  std::string address;  // 127.0.0.1:PORT
  std::string ca_path;  // the emulator's TLS certificate, to trust it
};

// A JPKI test CA in `dir`/jpki and 山田太郎's card (PIN 1234) as `dir`/cards/yamada-taro.json;
// returns the CA directory.
Result<std::string> IssueYamadaCard(const std::string& vcard_bin, const std::string& dir);

// `jpki_dir` as made by VcardInstance::InitCa; the emulator keeps its state in `dir`/oqs.
// `listen` another address (a restart at the same one); `extra` more options (faults).
Result<OqsSim> StartOqsSim(const std::string& oqs_bin, const std::string& dir,
                           const std::string& jpki_dir, const std::string& cards_dir,
                           const std::string& listen = "127.0.0.1:0",
                           const std::vector<std::string>& extra = {});

}  // namespace kakunin::testing
