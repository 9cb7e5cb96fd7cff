#pragma once
// The APDU log: one JSON object per line, flushed line by line so that a test can read it while
// the card runs:
//   {"dir":"in","hex":"00 A4 04 0C 0A D3 92 ...","note":"SELECT JPKI AP"}
//   {"dir":"out","hex":"90 00","note":"9000"}
//   {"dir":"ctl","hex":"","note":"power on"}          (connection and power events)
// The data field of VERIFY (INS 20) is never written: each of its bytes shows as "**".

#include <cstdio>
#include <string>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::vcard {

// Spaced upper-case hex of a C-APDU with the VERIFY data replaced by "**" per byte.
std::string MaskedCommandHex(ByteView command);
// One log line (without the newline).
std::string ApduLogLine(std::string_view dir, std::string_view hex, std::string_view note);

class ApduLog {
 public:
  ApduLog() = default;
  ~ApduLog();
  ApduLog(const ApduLog&) = delete;
  ApduLog& operator=(const ApduLog&) = delete;

  // Appends to `path` ("" = no log).
  Status Open(const std::string& path);
  void Command(ByteView command, std::string_view note);
  void Response(ByteView response, std::string_view note);
  void Event(std::string_view note);

 private:
  void Write(const std::string& line);
  FILE* file_ = nullptr;
};

}  // namespace kakunin::vcard
