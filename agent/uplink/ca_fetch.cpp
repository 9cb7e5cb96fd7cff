#include "agent/uplink/ca_fetch.h"

#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "common/core/bytes.h"
#include "common/crypto/enroll_bundle.h"
#include "common/crypto/x509.h"

namespace kakunin::agent {
namespace {

constexpr int kTimeoutMs = 10000;

Error Unreachable(const std::string& server, const std::string& why) {
  return MakeError(ErrorCode::kUnavailable, "enroll.unreachable",
                   "cannot reach HQ at " + server + ": " + why);
}

// A connected TCP socket, within kTimeoutMs.
Result<int> Connect(const std::string& host, const std::string& port, const std::string& server) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    return Unreachable(server, gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(res, ::freeaddrinfo);
  for (addrinfo* a = res; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      const bool connected = errno == EINPROGRESS && ::poll(&p, 1, kTimeoutMs) == 1 &&
                             ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
      if (!connected) {
        ::close(fd);
        continue;
      }
    }
    // Blocking from here, with timeouts: the handshake is a few round trips.
    int blocking = 0;
    ::ioctl(fd, FIONBIO, &blocking);
    timeval tv{kTimeoutMs / 1000, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
  }
  return Unreachable(server, "no address answered");
}

}  // namespace

Result<std::string> FetchPinnedCa(const std::string& server, const std::string& ca_sha256_hex) {
  const auto colon = server.rfind(':');
  if (colon == std::string::npos) return Unreachable(server, "no port");
  const std::string host = server.substr(0, colon);
  KAKUNIN_ASSIGN_OR_RETURN(int fd, Connect(host, server.substr(colon + 1), server));
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  // No verification here on purpose: the pin below decides.
  SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);
  SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  // gRPC servers speak HTTP/2 only; ALPN keeps the handshake acceptable to them.
  static const unsigned char kAlpn[] = {2, 'h', '2'};
  SSL_set_alpn_protos(ssl.get(), kAlpn, sizeof kAlpn);
  SSL_set_fd(ssl.get(), fd);
  const int rc = SSL_connect(ssl.get());
  if (rc != 1) {
    ::close(fd);
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
  ::close(fd);
  return found;
}

}  // namespace kakunin::agent
