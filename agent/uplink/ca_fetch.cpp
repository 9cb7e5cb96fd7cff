#include "agent/uplink/ca_fetch.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "common/core/bytes.h"
#include "common/crypto/enroll_bundle.h"
#include "common/crypto/x509.h"
#include "common/os/net.h"

namespace kakunin::agent {
namespace {

constexpr int kTimeoutMs = 10000;

Error Unreachable(const std::string& server, const std::string& why) {
  return MakeError(ErrorCode::kUnavailable, "enroll.unreachable",
                   "cannot reach HQ at " + server + ": " + why);
}

}  // namespace

Result<std::string> FetchPinnedCa(const std::string& server, const std::string& ca_sha256_hex) {
  const auto colon = server.rfind(':');
  if (colon == std::string::npos) return Unreachable(server, "no port");
  const std::string host = server.substr(0, colon);
  auto connected =
      os::ConnectTcp(host, server.substr(colon + 1), std::chrono::milliseconds(kTimeoutMs));
  if (!connected.ok()) return Unreachable(server, connected.error().message());
  const os::SocketHandle fd = *connected;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  // No verification here on purpose: the pin below decides.
  SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);
  SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  // gRPC servers speak HTTP/2 only; ALPN keeps the handshake acceptable to them.
  static const unsigned char kAlpn[] = {2, 'h', '2'};
  SSL_set_alpn_protos(ssl.get(), kAlpn, sizeof kAlpn);
  SSL_set_fd(ssl.get(), static_cast<int>(fd));
  const int rc = SSL_connect(ssl.get());
  if (rc != 1) {
    os::CloseSocket(fd);
    return Unreachable(server, "TLS handshake failed");
  }
  X509* leaf = SSL_get0_peer_certificate(ssl.get());
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl.get());
  Result<std::string> found =
      MakeError(ErrorCode::kPermissionDenied, "enroll.ca_mismatch",
                "HQ at " + server +
                    " did not present a CA with the bundle's fingerprint: check the "
                    "bundle, or whether something else answers at that address");
  for (int i = 0; chain && i < sk_X509_num(chain); ++i) {
    X509* cert = sk_X509_value(chain, i);
    if (crypto::CertificateSha256Hex(cert) != ca_sha256_hex) continue;
    EVP_PKEY* ca_key = X509_get0_pubkey(cert);
    if (X509_check_ca(cert) == 0 || !leaf || !ca_key || X509_verify(leaf, ca_key) != 1) {
      found = MakeError(ErrorCode::kPermissionDenied, "enroll.ca_mismatch",
                        "the certificate with the bundle's fingerprint did not sign HQ's");
      break;
    }
    found = crypto::CertificateToPem(cert);
    break;
  }
  SSL_shutdown(ssl.get());
  os::CloseSocket(fd);
  return found;
}

}  // namespace kakunin::agent
