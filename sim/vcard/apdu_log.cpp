#include "sim/vcard/apdu_log.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sim/vcard/apdu.h"

namespace kakunin::vcard {

std::string MaskedCommandHex(ByteView command) {
  auto parsed = ParseCommandApdu(command);
  if (command.size() < 2 || command[1] != 0x20) return ToSpacedHex(command);
  // A VERIFY: keep the header and length bytes, hide everything that may be PIN data.
  const size_t header = !parsed.ok() || parsed->data.empty() ? std::min<size_t>(command.size(), 5)
                        : parsed->extended                   ? 7
                                                             : 5;
  const size_t data_len = parsed.ok() ? parsed->data.size() : command.size() - header;
  std::string out = ToSpacedHex(command.first(header));
  for (size_t i = 0; i < data_len; ++i) out += " **";
  if (header + data_len < command.size()) {
    out += " " + ToSpacedHex(command.subspan(header + data_len));
  }
  return out;
}

std::string ApduLogLine(std::string_view dir, std::string_view hex, std::string_view note) {
  nlohmann::ordered_json j;
  j["dir"] = dir;
  j["hex"] = hex;
  j["note"] = note;
  // Notes may carry bytes that are not UTF-8 only by a bug; replace rather than throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ApduLog::~ApduLog() {
  if (file_) std::fclose(file_);
}

Status ApduLog::Open(const std::string& path) {
  if (path.empty()) return OkStatus();
  file_ = std::fopen(path.c_str(), "ae");
  if (!file_) {
    return MakeError(ErrorCode::kUnavailable, "vcard.io",
                     "cannot open APDU log " + path + ": " + std::strerror(errno));
  }
  return OkStatus();
}

void ApduLog::Command(ByteView command, std::string_view note) {
  Write(ApduLogLine("in", MaskedCommandHex(command), note));
}

void ApduLog::Response(ByteView response, std::string_view note) {
  Write(ApduLogLine("out", ToSpacedHex(response), note));
}

void ApduLog::Event(std::string_view note) { Write(ApduLogLine("ctl", "", note)); }

void ApduLog::Write(const std::string& line) {
  if (!file_) return;
  std::fputs(line.c_str(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace kakunin::vcard
