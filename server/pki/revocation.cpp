#include "server/pki/revocation.h"

#include <spdlog/spdlog.h>

#include "common/crypto/x509.h"

namespace kakunin::server {

void RevokedSerials::Replace(std::set<std::string> serials) {
  std::lock_guard lock(mu_);
  serials_ = std::move(serials);
}

void RevokedSerials::Add(const std::string& serial) {
  std::lock_guard lock(mu_);
  serials_.insert(serial);
}

bool RevokedSerials::Contains(const std::string& serial) const {
  std::lock_guard lock(mu_);
  return serials_.count(serial) > 0;
}

bool RevocationVerifier::Verify(grpc::experimental::TlsCustomVerificationCheckRequest* request,
                                std::function<void(grpc::Status)>, grpc::Status* sync_status) {
  auto pem = request->peer_cert();
  if (pem.empty()) {
    *sync_status = grpc::Status::OK;
    return true;  // synchronous
  }
  auto cert = crypto::CertificateFromPem(std::string(pem.data(), pem.size()));
  if (!cert.ok()) {
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unreadable client certificate");
    return true;
  }
  std::string serial = crypto::SerialNumberHex(cert->get());
  if (revoked_->Contains(serial)) {
    spdlog::warn("handshake refused: certificate {} ({}) is revoked", serial,
                 crypto::SubjectField(cert->get(), "CN"));
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "device.revoked");
    return true;
  }
  *sync_status = grpc::Status::OK;
  return true;
}

}  // namespace kakunin::server
