#pragma once
// Secrets at rest (the device's private key). Linux: stored as they are; the file's mode (0600)
// in a 0700 folder is the protection. Windows: sealed with DPAPI in machine scope, so the file
// is useless on another PC and to a copy taken off the disk (issue 23).

#include <string>

#include "common/core/result.h"

namespace kakunin::os {

// True where ProtectSecret changes the bytes (Windows).
bool SecretsAreSealed();

// What to write to disk for `plain`. Errors: os.secret (kInternal) when the system refuses.
Result<std::string> ProtectSecret(const std::string& plain);

// The secret from what ProtectSecret wrote. Text that was never sealed (a PEM key written by an
// older agent) comes back unchanged with *was_plain set, so the caller can seal it in place.
// Errors: os.secret (kDataLoss) for a sealed blob this machine cannot open.
Result<std::string> UnprotectSecret(const std::string& stored, bool* was_plain = nullptr);

}  // namespace kakunin::os
