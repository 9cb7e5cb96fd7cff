#pragma once
// A running kakunin-vcard (the virtual My Number Card) owned by a test: started with
// --control and --apdu-log in its own temporary directory, connected to a PcscdInstance's vpcd
// port. Start() returns once the card has connected ("vcard: connected to vpcd ..."); the
// reader then sees the card after its next poll (PcscdInstance::WaitForCard).
//
// The card profile file is used in place: PIN tries are written back to it, as a real card
// keeps them. Copy the file first when a test must not change it.
//
// Tests that use a VcardInstance with pcscd need RESOURCE_LOCK pcscd (see pcscd_instance.h).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

struct VcardOptions {
  bool extended_apdu = true;  // false: --no-extended-apdu (a non-compliant reader)
  std::string host = "127.0.0.1";
  std::chrono::milliseconds start_timeout = std::chrono::seconds(20);
};

// One line of the card's APDU log. dir is "in" (C-APDU), "out" (R-APDU) or "ctl" (power and
// connection events); hex is spaced upper-case hex with VERIFY data shown as "**".
struct ApduLogEntry {
  std::string dir;
  std::string hex;
  std::string note;
};

class VcardInstance {
 public:
  static Result<std::unique_ptr<VcardInstance>> Start(const std::string& binary,
                                                      const std::string& card_json, int port,
                                                      VcardOptions options = {});
  // Stops the card by PID (SIGTERM) and removes its directory.
  ~VcardInstance();
  VcardInstance(const VcardInstance&) = delete;
  VcardInstance& operator=(const VcardInstance&) = delete;

  // Pulls the card out of the reader (the vpcd connection closes).
  Status Remove();
  // Puts the card (or another card profile) back; returns once connected to vpcd.
  Status Insert(const std::string& card_json = "");
  // The control socket's "status" answer without the leading "ok ".
  Result<std::string> QueryStatus();
  // Sends one control line, returns the answer line.
  Result<std::string> Command(const std::string& line);

  std::vector<ApduLogEntry> ApduLog() const;
  // True when any logged C-APDU selected 券面事項入力補助AP or 券面AP.
  bool SelectedForbiddenApplication() const;
  std::string ReadLog() const { return process_.ReadLog(); }
  const std::string& dir() const { return dir_; }
  const std::string& apdu_log_path() const { return apdu_log_path_; }
  pid_t pid() const { return process_.pid(); }
  // SIGTERM and wait; returns the exit code.
  int Stop();

  // Helpers around the CLI: a TEST CA in `dir` and a card profile issued by it.
  static Status InitCa(const std::string& binary, const std::string& dir);
  // `extra_args` e.g. {"--pin", "1234", "--pin-tries", "1", "--revoke"}. Returns the serial.
  static Result<std::string> IssueCard(const std::string& binary, const std::string& ca_dir,
                                       const std::string& seed, const std::string& out_json,
                                       const std::vector<std::string>& extra_args = {});

 private:
  VcardInstance() = default;

  Process process_;
  std::string dir_;
  std::string control_path_;
  std::string apdu_log_path_;
  std::chrono::milliseconds timeout_{};
};

}  // namespace kakunin::testing
