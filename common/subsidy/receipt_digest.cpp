// Sha256Hex lives apart from the pure checks so that the fuzz target needs no OpenSSL.
#include "common/crypto/signing.h"
#include "common/subsidy/receipt_file.h"

namespace kakunin::subsidy {

std::string Sha256Hex(ByteView content) { return ToHex(crypto::Sha256(content)); }

}  // namespace kakunin::subsidy
