#include <windows.h>
// bcrypt.h needs windows.h first.
#include <bcrypt.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/os/files.h"
#include "common/os/local_ipc.h"
#include "common/os/win_security.h"

namespace kakunin::os {
namespace fs = std::filesystem;
namespace {

constexpr char kSecretKey[] = "x-kakunin-local-secret";
constexpr char kEndpointHeader[] = "kakunin-local-endpoint 1";

std::string RandomSecret() {
  unsigned char bytes[32];
  ::BCryptGenRandom(nullptr, bytes, sizeof bytes, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

// Refuses a call that does not carry the secret, before the service sees it. Compared in
// constant time: the secret is the only gate on a port every local program can reach.
class SecretCheck final : public grpc::AuthMetadataProcessor {
 public:
  explicit SecretCheck(std::string secret) : secret_(std::move(secret)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*, OutputMetadata*,
                       OutputMetadata*) override {
    auto it = metadata.find(kSecretKey);
    if (it != metadata.end() && it->second.size() == secret_.size()) {
      unsigned char diff = 0;
      for (size_t i = 0; i < secret_.size(); ++i) {
        diff |= static_cast<unsigned char>(it->second.data()[i] ^ secret_[i]);
      }
      if (diff == 0) return grpc::Status::OK;
    }
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "agent.local_secret: the call does not carry the daemon's secret");
  }

 private:
  std::string secret_;
};

class LoopbackListener final : public LocalListener {
 public:
  explicit LoopbackListener(std::string path) : path_(std::move(path)), secret_(RandomSecret()) {}
  void AddTo(grpc::ServerBuilder& builder) override {
    auto creds = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
    creds->SetAuthMetadataProcessor(std::make_shared<SecretCheck>(secret_));
    builder.AddListeningPort("127.0.0.1:0", creds, &port_);
  }
  Status Started() override {
    if (port_ <= 0) {
      return MakeError(ErrorCode::kUnavailable, "agent.socket", "no loopback port was bound");
    }
    std::ostringstream out;
    out << kEndpointHeader << "\n127.0.0.1:" << port_ << "\n" << secret_ << "\n";
    KAKUNIN_RETURN_IF_ERROR(WriteFileDurable(path_, out.str(), FileAccess::kOwnerOnly));
    // The counter's staff (group Kakunin Staff) read it too; without the group, administrators
    // only. A failed grant locks staff out but not the daemon: Describe() says which it is.
    auto staff = LocalGroupSid(kStaffGroup);
    if (!staff.ok()) {
      access_ = std::string("; no group ") + kStaffGroup + ": administrators only";
    } else if (auto granted = GrantRead(path_, *staff); !granted.ok()) {
      access_ = "; " + granted.error().message();
    } else {
      access_ = std::string("; readable by ") + kStaffGroup;
    }
    return OkStatus();
  }
  void Remove() override {
    std::error_code ec;
    fs::remove(PathFromUtf8(path_), ec);
  }
  std::string Describe() const override {
    return "127.0.0.1:" + std::to_string(port_) + " (endpoint " + path_ + access_ + ")";
  }

 private:
  std::string path_;
  std::string secret_;
  std::string access_;  // who may read the endpoint file, for Describe()
  int port_ = 0;
};

}  // namespace

Result<std::unique_ptr<LocalListener>> LocalListener::Prepare(const std::string& path,
                                                              const std::string&) {
  std::error_code ec;
  fs::create_directories(PathFromUtf8(path).parent_path(), ec);
  fs::remove(PathFromUtf8(path), ec);  // left behind by a killed daemon
  return std::unique_ptr<LocalListener>(std::make_unique<LoopbackListener>(path));
}

void LocalConnection::Prepare(grpc::ClientContext& context) const {
  if (!secret.empty()) context.AddMetadata(kSecretKey, secret);
}

Result<LocalConnection> ConnectLocal(const std::string& path) {
  bool absent = false;
  auto text = ReadRegularFile(path, 4096, &absent);
  if (!text.ok()) {
    return MakeError(ErrorCode::kUnavailable, "agent.not_running",
                     "no daemon endpoint at " + path + " (" + text.error().message() + ")");
  }
  std::istringstream in(*text);
  std::string header, address, secret;
  std::getline(in, header);
  std::getline(in, address);
  std::getline(in, secret);
  if (header != kEndpointHeader || address.empty() || secret.empty()) {
    return MakeError(ErrorCode::kUnavailable, "agent.not_running",
                     path + " is not a daemon endpoint file");
  }
  LocalConnection c;
  c.address = address + " (endpoint " + path + ")";
  c.secret = secret;
  c.channel = grpc::CreateChannel(address, grpc::experimental::LocalCredentials(LOCAL_TCP));
  return c;
}

}  // namespace kakunin::os
