#include <windows.h>
// bcrypt.h needs windows.h first.
#include <bcrypt.h>
#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/support/server_interceptor.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "common/core/bytes.h"
#include "common/os/files.h"
#include "common/os/local_ipc.h"
#include "common/os/win_security.h"

namespace kakunin::os {
namespace fs = std::filesystem;
namespace {

constexpr char kSecretKey[] = "x-kakunin-local-secret";
constexpr char kNonceKey[] = "x-kakunin-local-nonce";
constexpr char kProofKey[] = "x-kakunin-local-proof";
constexpr char kEndpointHeader[] = "kakunin-local-endpoint 1";
constexpr size_t kLongestNonce = 128;

std::string RandomSecret() {
  unsigned char bytes[32];
  ::BCryptGenRandom(nullptr, bytes, sizeof bytes, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
  return ToHex(ByteView(bytes, sizeof bytes));
}

// HMAC-SHA256(key, message) in hex. "" if BCrypt fails, which no answer matches.
std::string Hmac(const std::string& secret, std::string_view nonce) {
  BCRYPT_ALG_HANDLE alg = nullptr;
  if (::BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, nullptr,
                                    BCRYPT_ALG_HANDLE_HMAC_FLAG) != 0) {
    return "";
  }
  BCRYPT_HASH_HANDLE hash = nullptr;
  unsigned char mac[32];
  bool ok = ::BCryptCreateHash(alg, &hash, nullptr, 0,
                               reinterpret_cast<PUCHAR>(const_cast<char*>(secret.data())),
                               static_cast<ULONG>(secret.size()), 0) == 0;
  ok = ok &&
       ::BCryptHashData(hash, reinterpret_cast<PUCHAR>(const_cast<char*>(nonce.data())),
                        static_cast<ULONG>(nonce.size()), 0) == 0 &&
       ::BCryptFinishHash(hash, mac, sizeof mac, 0) == 0;
  if (hash) ::BCryptDestroyHash(hash);
  ::BCryptCloseAlgorithmProvider(alg, 0);
  return ok ? ToHex(ByteView(mac, sizeof mac)) : "";
}

// The secret itself never travels: a caller shows this token of it (a program that took a
// stopped daemon's port learns the token, not the secret), and the daemon answers with a proof
// only the secret gives. Both are bound to their purpose, so neither stands in for the other.
std::string CallerToken(const std::string& secret) { return Hmac(secret, "kakunin-local caller"); }

std::string DaemonProof(const std::string& secret, std::string_view nonce) {
  return Hmac(secret, "kakunin-local daemon " + std::string(nonce));
}

bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The daemon's side of Verify: every answer's initial metadata carries the proof of the nonce
// the caller sent (calls without the secret never get here: SecretCheck refused them).
class ProofInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit ProofInterceptor(std::string secret) : secret_(std::move(secret)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* received = methods->GetRecvInitialMetadata();
      if (auto it = received->find(kNonceKey);
          it != received->end() && it->second.size() <= kLongestNonce) {
        nonce_.assign(it->second.data(), it->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !nonce_.empty()) {
      methods->GetSendInitialMetadata()->emplace(kProofKey, DaemonProof(secret_, nonce_));
    }
    methods->Proceed();
  }

 private:
  const std::string secret_;
  std::string nonce_;
};

class ProofInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ProofInterceptorFactory(std::string secret) : secret_(std::move(secret)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo*) override {
    return new ProofInterceptor(secret_);
  }

 private:
  const std::string secret_;
};

// Refuses a call that does not carry the secret's caller token, before the service sees it.
// Compared in constant time: it is the only gate on a port every local program can reach.
class SecretCheck final : public grpc::AuthMetadataProcessor {
 public:
  explicit SecretCheck(const std::string& secret) : secret_(CallerToken(secret)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*, OutputMetadata*,
                       OutputMetadata*) override {
    auto it = metadata.find(kSecretKey);
    if (it != metadata.end() &&
        SameText(std::string_view(it->second.data(), it->second.size()), secret_)) {
      return grpc::Status::OK;
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
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> proof;
    proof.push_back(std::make_unique<ProofInterceptorFactory>(secret_));
    builder.experimental().SetInterceptorCreators(std::move(proof));
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
  if (!secret.empty()) context.AddMetadata(kSecretKey, CallerToken(secret));
  if (!nonce.empty()) context.AddMetadata(kNonceKey, nonce);
}

std::string LocalHmacForTests(const std::string& key, std::string_view message) {
  return Hmac(key, message);
}

Status LocalConnection::Verify(const grpc::ClientContext& context) const {
  const auto& answered = context.GetServerInitialMetadata();
  const auto it = answered.find(kProofKey);
  if (it != answered.end() && !nonce.empty() &&
      SameText(std::string_view(it->second.data(), it->second.size()),
               DaemonProof(secret, nonce))) {
    return OkStatus();
  }
  return MakeError(ErrorCode::kUnauthenticated, "agent.not_the_daemon",
                   "the program answering on " + address +
                       " cannot prove it is this terminal's daemon (the endpoint file may be "
                       "left from a daemon that stopped); nothing more was sent to it");
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
  c.nonce = RandomSecret();
  c.channel = grpc::CreateChannel(address, grpc::experimental::LocalCredentials(LOCAL_TCP));
  return c;
}

}  // namespace kakunin::os
