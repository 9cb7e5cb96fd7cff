#include "agent/uplink/terminal_state.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/uplink/device_file.h"
#include "common/audit/chain.h"
#include "common/audit/witness.h"
#include "common/core/host_port.h"
#include "common/os/files.h"
#include "common/os/secret.h"

namespace kakunin::agent {
namespace fs = std::filesystem;
namespace {

Result<std::string> Read(const std::string& path) {
  std::ifstream in(os::PathFromUtf8(path), std::ios::binary);  // a sealed key is binary (Windows)
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "agent.not_enrolled",
                     "missing " + path + "; run kakunin-agent enroll first");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Atomic and durable: write a temp file, flush it, rename over the old one, sync the folder.
Status WriteDurable(const std::string& path, const std::string& data, os::FileAccess access) {
  return os::WriteFileDurable(path, data, access);
}

void SyncDir(const std::string& dir) { os::SyncDirectory(dir); }

// A renewal interrupted by a crash, a power cut or a failed rename is settled here. The key's
// ".next" file is written (durably) before the certificate's, and renamed first. So both
// ".next" files: finish both, the key first. The certificate's alone: the key was already
// renamed, finish it. The key's alone: the certificate never arrived on disk (or is being
// written by the daemon this moment), so nothing is touched and the current pair is used (HQ
// accepts the current certificate until the renewed one is first used); the next renewal
// writes over it. A rename that fails is an error: key and certificate must never be mixed.
Status FinishRenewal(const std::string& dir) {
  std::error_code ec;
  const auto key_next = os::PathFromUtf8(dir + "/device.key.next");
  const auto pem_next = os::PathFromUtf8(dir + "/device.pem.next");
  const bool key = fs::exists(key_next, ec), pem = fs::exists(pem_next, ec);
  if (!pem) return OkStatus();
  auto failed = [&](const char* what) {
    return MakeError(ErrorCode::kUnavailable, "agent.renewal_unfinished",
                     std::string("the renewed certificate could not be put in place (") + what +
                         ": " + ec.message() + "); tried again at the next start");
  };
  if (key) {
    fs::rename(key_next, os::PathFromUtf8(dir + "/device.key"), ec);
    if (ec) return failed("device.key");
  }
  fs::rename(pem_next, os::PathFromUtf8(dir + "/device.pem"), ec);
  if (ec) return failed("device.pem");
  SyncDir(dir);
  return OkStatus();
}

Error BadServer(const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "agent.bad_server", why);
}

// An address as it may be shown in a message: control characters would garble a terminal or a
// log line, so they are replaced; an overlong one is cut.
std::string Printable(const std::string& s) {
  std::string out = s.substr(0, 80);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return "'" + out + (s.size() > 80 ? "…'" : "'");
}

Status CheckServer(const std::string& s) {
  if (s.size() > 255) return BadServer("HQ address " + Printable(s) + " is longer than 255 bytes");
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) {
      return BadServer("HQ address " + Printable(s) + " contains a control character or a blank");
    }
  }
  switch (FindHostPortFault(s, 1)) {
    case HostPortFault::kNone:
      break;
    case HostPortFault::kNoPort:
      return BadServer("HQ address " + Printable(s) + " is not HOST:PORT");
    case HostPortFault::kBareIpv6:
      return BadServer("HQ address " + Printable(s) +
                       " is not HOST:PORT (an IPv6 host goes in [])");
    case HostPortFault::kPortRange:
      return BadServer("HQ address " + Printable(s) +
                       ": the port must be a number from 1 to 65535");
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<std::string>> CheckServers(const std::vector<std::string>& servers) {
  std::vector<std::string> out;
  for (const auto& s : servers) {
    KAKUNIN_RETURN_IF_ERROR(CheckServer(s));
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  if (out.empty()) return BadServer("no HQ address given (HOST:PORT)");
  if (out.size() > kMaxServers) {
    return BadServer(std::to_string(out.size()) + " HQ addresses given; at most " +
                     std::to_string(kMaxServers) + " are kept");
  }
  return out;
}

Result<std::vector<std::string>> ParseServerList(const std::string& text) {
  if (text.find_first_not_of(" \t") == std::string::npos) return CheckServers({});
  std::vector<std::string> list;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = std::min(text.find(',', pos), text.size());
    std::string item = text.substr(pos, end - pos);
    const auto first = item.find_first_not_of(" \t");
    item = first == std::string::npos
               ? ""
               : item.substr(first, item.find_last_not_of(" \t") - first + 1);
    if (item.empty()) return BadServer("an empty HQ address in " + Printable(text));
    list.push_back(std::move(item));
    pos = end + 1;
  }
  return CheckServers(list);
}

Status SaveRenewedCertificate(const std::string& dir, const std::string& key_pem,
                              const std::string& cert_pem) {
  KAKUNIN_ASSIGN_OR_RETURN(auto sealed, os::ProtectSecret(key_pem));
  KAKUNIN_RETURN_IF_ERROR(
      WriteDurable(dir + "/device.key.next", sealed, os::FileAccess::kOwnerOnly));
  KAKUNIN_RETURN_IF_ERROR(
      WriteDurable(dir + "/device.pem.next", cert_pem, os::FileAccess::kReadable));
  return FinishRenewal(dir);
}

Result<TerminalState> LoadTerminalState(const std::string& dir) {
  // Never a key with another certificate: an unfinished renewal is an error until it finishes.
  KAKUNIN_RETURN_IF_ERROR(FinishRenewal(dir));
  TerminalState s;
  s.dir = dir;
  KAKUNIN_ASSIGN_OR_RETURN(auto json, Read(dir + "/device.json"));
  KAKUNIN_ASSIGN_OR_RETURN(DeviceFile file, ParseDeviceFile(json, dir + "/device.json"));
  s.device_id = std::move(file.device_id);
  s.site_id = std::move(file.site_id);
  s.servers = std::move(file.servers);
  s.verification_code = std::move(file.verification_code);
  KAKUNIN_ASSIGN_OR_RETURN(auto stored_key, Read(dir + "/device.key"));
  bool was_plain = false;
  KAKUNIN_ASSIGN_OR_RETURN(s.key_pem, os::UnprotectSecret(stored_key, &was_plain));
  // A key an older agent stored in plain PEM is sealed now (Windows: DPAPI); if that fails the
  // key still works and the next load tries again.
  if (was_plain && os::SecretsAreSealed()) {
    if (auto sealed = os::ProtectSecret(s.key_pem); sealed.ok()) {
      (void)WriteDurable(dir + "/device.key", *sealed, os::FileAccess::kOwnerOnly);
    }
  }
  KAKUNIN_ASSIGN_OR_RETURN(s.cert_pem, Read(dir + "/device.pem"));
  KAKUNIN_ASSIGN_OR_RETURN(s.ca_pem, Read(dir + "/ca.pem"));
  return s;
}

Status SaveTerminalState(const TerminalState& s) {
  std::error_code ec;
  fs::create_directories(os::PathFromUtf8(s.dir), ec);
  os::RestrictDirectory(s.dir);
  KAKUNIN_ASSIGN_OR_RETURN(auto sealed_key, os::ProtectSecret(s.key_pem));
  KAKUNIN_RETURN_IF_ERROR(
      WriteDurable(s.dir + "/device.key", sealed_key, os::FileAccess::kOwnerOnly));
  KAKUNIN_RETURN_IF_ERROR(
      WriteDurable(s.dir + "/device.pem", s.cert_pem, os::FileAccess::kReadable));
  KAKUNIN_RETURN_IF_ERROR(WriteDurable(s.dir + "/ca.pem", s.ca_pem, os::FileAccess::kReadable));
  return WriteDurable(s.dir + "/device.json",
                      FormatDeviceFile({s.device_id, s.site_id, s.servers, s.verification_code}),
                      os::FileAccess::kReadable);
}

Status KeepWitnessHead(const std::string& dir, const v1::SignedAuditHead& proto) {
  audit::SignedHead head;
  head.size = proto.size();
  head.root_hash = ToBytes(proto.root_hash());
  head.signed_at_us = google::protobuf::util::TimeUtil::TimestampToMicroseconds(proto.signed_at());
  head.key_id = proto.key_id();
  head.signature = ToBytes(proto.signature());
  // Keep the newest heads, one JSON line each; an unreadable old line is dropped, not fatal.
  std::vector<audit::SignedHead> heads;
  {
    // Closed before the file is replaced: Windows refuses to replace a file that is open.
    std::ifstream in(os::PathFromUtf8(dir + "/" + kWitnessFile));
    std::string line;
    while (std::getline(in, line)) {
      auto h = audit::HeadFromJson(line);
      if (h.ok()) heads.push_back(*h);
    }
  }
  for (const auto& h : heads) {
    if (h.size == head.size && h.root_hash == head.root_hash) return OkStatus();
  }
  heads.push_back(head);
  heads = audit::WitnessHeadsToKeep(std::move(heads),
                                    google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                                        google::protobuf::util::TimeUtil::GetCurrentTime()));
  std::string text;
  for (const auto& h : heads) text += audit::HeadToJson(h) + "\n";
  return WriteDurable(dir + "/" + kWitnessFile, text, os::FileAccess::kReadable);
}

Status SaveTerminalConfig(const std::string& dir, const std::string& json) {
  return WriteDurable(dir + "/config.json", json + "\n", os::FileAccess::kReadable);
}

Result<std::string> LoadTerminalConfig(const std::string& dir) {
  return Read(dir + "/config.json");
}

}  // namespace kakunin::agent
