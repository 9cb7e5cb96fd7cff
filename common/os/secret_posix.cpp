#include "common/os/secret.h"

namespace kakunin::os {

bool SecretsAreSealed() { return false; }

Result<std::string> ProtectSecret(const std::string& plain) { return plain; }

Result<std::string> UnprotectSecret(const std::string& stored, bool* was_plain) {
  if (was_plain) *was_plain = true;
  return stored;
}

}  // namespace kakunin::os
