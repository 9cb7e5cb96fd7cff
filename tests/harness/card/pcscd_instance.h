#pragma once
// A private pcscd with one vpcd (virtual reader) entry, owned by a test.
//
// pcscd is machine-wide: it ignores PCSCLITE_CSOCK_NAME and always listens on
// /run/pcscd/pcscd.comm, so only one can run at a time. Every CTest test that starts a
// PcscdInstance (directly or through a helper) MUST carry the CTest property
//     set_tests_properties(<test> PROPERTIES RESOURCE_LOCK pcscd)
// so that ctest -j never runs two of them together. Across ctest runs (several engineers, one
// machine) Start() also takes an exclusive flock on /tmp/kakunin-pcscd.lock, waiting up to
// `lock_timeout` for another PcscdInstance to finish; it is held until this instance is gone.
// Start() refuses to run when a pcscd that is not ours still answers on the socket.
//
// The vpcd entry listens on two consecutive free TCP ports (slots 0 and 1), which show up as
// the readers "Virtual PCD 00 00" and "Virtual PCD 00 01". A virtual card (VcardInstance) is
// a TCP client of port(slot).

#include <chrono>
#include <memory>
#include <string>

#include "common/core/result.h"
#include "tests/harness/process.h"

namespace kakunin::testing {

inline constexpr char kPcscdSocket[] = "/run/pcscd/pcscd.comm";
inline constexpr char kVpcdDriver[] = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";

struct PcscdOptions {
  std::string binary = "pcscd";
  bool apdu_log = false;  // pcscd -a: APDUs into the pcscd log
  bool debug = false;     // pcscd -d
  std::chrono::milliseconds start_timeout = std::chrono::seconds(20);
  // How long to wait for another test's pcscd (holding the machine-wide lock) to finish.
  std::chrono::milliseconds lock_timeout = std::chrono::minutes(5);
  // How long to wait for a pcscd started outside this harness to go away before failing.
  std::chrono::milliseconds foreign_pcscd_timeout = std::chrono::seconds(30);
};

inline constexpr char kPcscdLockFile[] = "/tmp/kakunin-pcscd.lock";

// kFailedPrecondition "pcscd.already_running" when something answers on /run/pcscd/pcscd.comm.
Status CheckNoOtherPcscd();

// The machine-wide pcscd lock (flock on kPcscdLockFile), for tests that run pcscd themselves or
// need none running. Released when destroyed.
class PcscdLock {
 public:
  static Result<std::unique_ptr<PcscdLock>> Acquire(std::chrono::milliseconds timeout);
  ~PcscdLock();
  PcscdLock(const PcscdLock&) = delete;
  PcscdLock& operator=(const PcscdLock&) = delete;

 private:
  explicit PcscdLock(int fd) : fd_(fd) {}
  int fd_;
};

class PcscdInstance {
 public:
  static Result<std::unique_ptr<PcscdInstance>> Start(PcscdOptions options = {});
  // Stops pcscd by PID and removes its socket if it was left behind.
  ~PcscdInstance();
  PcscdInstance(const PcscdInstance&) = delete;
  PcscdInstance& operator=(const PcscdInstance&) = delete;

  // The vpcd TCP port of a slot (0 or 1).
  int port(int slot = 0) const { return base_port_ + slot; }
  // "Virtual PCD 00 00" / "Virtual PCD 00 01".
  std::string reader_name(int slot = 0) const;
  pid_t pid() const { return process_.pid(); }
  const std::string& dir() const { return dir_; }
  std::string ReadLog() const { return process_.ReadLog(); }

  // Waits (polling SCardGetStatusChange) until the reader of `slot` has a card (present) or
  // has none (!present).
  Status WaitForCard(int slot, bool present,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // Stops pcscd now; returns its exit code.
  int Stop();

 private:
  PcscdInstance() = default;

  std::unique_ptr<PcscdLock> lock_;  // declared first so it is released last
  Process process_;
  std::string dir_;
  int base_port_ = 0;
  bool stopped_ = false;
};

}  // namespace kakunin::testing
