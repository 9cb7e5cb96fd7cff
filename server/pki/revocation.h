#pragma once
// Refusing revoked terminals during the TLS handshake, before any call is made. The set of
// revoked certificate serials is loaded from the database, updated at once when this replica
// revokes a device, and refreshed periodically so revocations made by other replicas reach it.

#include <grpcpp/security/tls_certificate_verifier.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace kakunin::server {

class RevokedSerials {
 public:
  void Replace(std::set<std::string> serials);
  void Add(const std::string& serial);
  bool Contains(const std::string& serial) const;

 private:
  mutable std::mutex mu_;
  std::set<std::string> serials_;
};

// Accepts a handshake without a client certificate (enrollment and consoles authenticate
// otherwise); refuses one whose certificate serial is revoked. Chain verification against the
// device CA is done by gRPC before this runs.
class RevocationVerifier : public grpc::experimental::ExternalCertificateVerifier {
 public:
  explicit RevocationVerifier(std::shared_ptr<RevokedSerials> revoked)
      : revoked_(std::move(revoked)) {}
  bool Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
              std::function<void(grpc::Status)> callback, grpc::Status* sync_status) override;
  void Cancel(grpc::experimental::TlsCustomVerificationCheckRequest*) override {}

 private:
  std::shared_ptr<RevokedSerials> revoked_;
};

}  // namespace kakunin::server
