#pragma once
// Fetches HQ's CA certificate over TLS for an enrollment bundle: the handshake is made without
// trusting anything, and the CA is taken only if its SHA-256 matches the bundle's fingerprint
// and it did sign the certificate the server presented. Nothing is trusted on the network's
// word alone: the pin is what the administrator put in the bundle.
//
// Errors: enroll.unreachable (kUnavailable), enroll.ca_mismatch (kPermissionDenied: no
// certificate of the server's chain has the fingerprint, or the server's certificate is not
// signed by it).

#include <string>

#include "common/core/result.h"

namespace kakunin::agent {

// The CA as PEM.
Result<std::string> FetchPinnedCa(const std::string& server, const std::string& ca_sha256_hex);

}  // namespace kakunin::agent
