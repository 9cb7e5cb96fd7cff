#include <windows.h>
// wincrypt.h after windows.h (WIN32_LEAN_AND_MEAN leaves it out).
#include <dpapi.h>
#include <wincrypt.h>

#include "common/os/secret.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {
namespace {

// A sealed file starts with this line, then the DPAPI blob: a PEM key never does.
constexpr char kMagic[] = "KAKUNIN-DPAPI-MACHINE-1\n";
constexpr size_t kMagicSize = sizeof kMagic - 1;

DATA_BLOB Blob(const std::string& s) {
  return DATA_BLOB{static_cast<DWORD>(s.size()),
                   reinterpret_cast<BYTE*>(const_cast<char*>(s.data()))};
}

}  // namespace

bool SecretsAreSealed() { return true; }

Result<std::string> ProtectSecret(const std::string& plain) {
  DATA_BLOB in = Blob(plain);
  DATA_BLOB out{};
  // Machine scope: the service (LocalService) and an administrator's `enroll` both open it.
  if (!::CryptProtectData(&in, L"Kakunin device key", nullptr, nullptr, nullptr,
                          CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN, &out)) {
    return MakeError(ErrorCode::kInternal, "os.secret",
                     "CryptProtectData: " + SystemMessage(::GetLastError()));
  }
  std::string sealed(kMagic, kMagicSize);
  sealed.append(reinterpret_cast<const char*>(out.pbData), out.cbData);
  ::LocalFree(out.pbData);
  return sealed;
}

Result<std::string> UnprotectSecret(const std::string& stored, bool* was_plain) {
  if (stored.compare(0, kMagicSize, kMagic) != 0) {
    if (was_plain) *was_plain = true;
    return stored;
  }
  if (was_plain) *was_plain = false;
  const std::string blob = stored.substr(kMagicSize);
  DATA_BLOB in = Blob(blob);
  DATA_BLOB out{};
  if (!::CryptUnprotectData(&in, nullptr, nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN,
                            &out)) {
    return MakeError(ErrorCode::kDataLoss, "os.secret",
                     "CryptUnprotectData (a key sealed on another machine?): " +
                         SystemMessage(::GetLastError()));
  }
  std::string plain(reinterpret_cast<const char*>(out.pbData), out.cbData);
  ::SecureZeroMemory(out.pbData, out.cbData);
  ::LocalFree(out.pbData);
  return plain;
}

}  // namespace kakunin::os
