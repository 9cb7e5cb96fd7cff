#pragma once
// The on-site 資格確認端末's certificate, read from the file HQ names for the store
// (TerminalConfig.terminal_certificate.path; issue 19's certificate calendar). The daemon reads
// the certificate only — files with key material are refused (common/crypto/cert_file.h) — and
// puts what it read on the status board: the heartbeat carries it to HQ, the staff window shows
// the counter's banner from it.

#include <chrono>
#include <mutex>
#include <string>

#include "agent/daemon/status_board.h"

namespace kakunin::agent {

class TerminalCertWatch {
 public:
  explicit TerminalCertWatch(StatusBoard* board) : board_(board) {}

  // Reads the file again when the path, the file (size, mtime, inode) or the hour changed;
  // cheap otherwise (one stat). No path: the board's report is cleared.
  void Refresh();

 private:
  StatusBoard* board_;
  std::mutex mu_;
  std::string path_;
  bool stat_ok_ = false;
  uintmax_t size_ = 0;
  uint64_t inode_ = 0;
  int64_t mtime_ns_ = 0;
  std::chrono::steady_clock::time_point read_at_{};
};

}  // namespace kakunin::agent
