#pragma once
// The server's device CA: signs terminal certificates from their CSRs (the terminal's private key
// never leaves it) and the server's own TLS certificate. Kept in a directory:
//   ca.pem / ca.key (0600)          — the device CA
//   server.pem / server.key (0600)  — the TLS certificate agents and consoles see
// Created on first start when missing (embedded default); production may supply its own files.
// A server certificate this CA issued is issued again at start when it has under 60 days left
// or names other servers than asked for (under a lock: replicas may share the directory); one
// from another issuer is never touched, only reported (server_cert_not_after, the log).

#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/crypto/openssl_types.h"
#include "common/crypto/x509.h"

namespace kakunin::server {

// A device certificate's validity starts this long before it is issued (clocks a little off).
inline constexpr time_t kDeviceCertBackdate = 300;

struct IssuedDevice {
  std::string certificate_pem;
  std::string serial_hex;
  time_t not_after = 0;
  Bytes public_key_sha256;        // SHA-256 of the SubjectPublicKeyInfo DER
  std::string verification_code;  // short code staff compare at the terminal and console
};

class DeviceCa {
 public:
  // Loads dir/ca.* and dir/server.*, creating what is missing. `server_names` become the TLS
  // certificate's subjectAltNames (DNS names or IP addresses).
  static Result<std::unique_ptr<DeviceCa>> LoadOrCreate(
      const std::string& dir, const std::vector<std::string>& server_names);

  // Checks the CSR (signature, EC P-256 key) and issues a client certificate CN=device_id.
  Result<IssuedDevice> IssueDeviceCertificate(const std::string& csr_pem,
                                              const std::string& device_id,
                                              const std::string& site_id, int lifetime_days) const;

  const std::string& ca_pem() const { return ca_pem_; }
  const std::string& server_cert_pem() const { return server_cert_pem_; }
  const std::string& server_key_pem() const { return server_key_pem_; }
  time_t ca_not_after() const { return crypto::NotAfter(ca_cert_.get()); }
  time_t server_cert_not_after() const { return server_not_after_; }
  // Why the server certificate was issued at this start ("" when it was kept).
  const std::string& server_cert_issued_because() const { return server_issued_because_; }
  // Names the server certificate has that the settings left out: kept (see LoadOrCreate).
  const std::vector<std::string>& server_names_kept() const { return server_names_kept_; }

 private:
  crypto::X509Ptr ca_cert_;
  crypto::EvpPkeyPtr ca_key_;
  std::string ca_pem_;
  std::string server_cert_pem_;
  std::string server_key_pem_;
  time_t server_not_after_ = 0;
  std::string server_issued_because_;
  std::vector<std::string> server_names_kept_;
};

}  // namespace kakunin::server
