#include "common/os/win_security.h"

#include <windows.h>
// After windows.h.
#include <aclapi.h>
#include <lm.h>
#include <sddl.h>
#include <shlobj.h>

#include <filesystem>
#include <memory>

#include "common/os/files.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {
namespace {

Error AclError(const std::string& what, DWORD code) {
  return MakeError(ErrorCode::kInternal, "os.acl", what + ": " + SystemMessage(code));
}

// P: protected. OICI: files and folders inside inherit it. FA: full control.
// SY SYSTEM, BA Administrators, LS LocalService (the service's account).
constexpr wchar_t kServiceDirSddl[] = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;LS)";

// The same three, for a registry key: KA full control, CI inherited by subkeys.
constexpr wchar_t kMachineKeySddl[] = L"D:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KA;;;LS)";

Error GroupError(const std::string& what, DWORD code) {
  return MakeError(ErrorCode::kInternal, "os.group", what + ": " + SystemMessage(code));
}

// Closes a registry key on every path.
struct KeyHandle {
  HKEY h = nullptr;
  ~KeyHandle() {
    if (h) ::RegCloseKey(h);
  }
};

// A security descriptor the system allocated (from SDDL), freed with LocalFree.
struct LocalFreeDeleter {
  void operator()(void* p) const { ::LocalFree(p); }
};
using SecurityDescriptor = std::unique_ptr<void, LocalFreeDeleter>;

Result<SecurityDescriptor> ParseSddl(const wchar_t* sddl) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd,
                                                              nullptr)) {
    return AclError("ConvertStringSecurityDescriptorToSecurityDescriptorW", ::GetLastError());
  }
  return SecurityDescriptor(sd);
}

PACL DaclOf(PSECURITY_DESCRIPTOR sd) {
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  ::GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
  return dacl;
}

// Sets the DACL of a file or folder to the one `sddl` describes. `inheritance`:
// PROTECTED_DACL_SECURITY_INFORMATION (nothing inherited from above) or
// UNPROTECTED_DACL_SECURITY_INFORMATION (the parent's inherited entries stay).
Status SetFileDacl(const std::string& path, const wchar_t* sddl, SECURITY_INFORMATION inheritance) {
  KAKUNIN_ASSIGN_OR_RETURN(SecurityDescriptor sd, ParseSddl(sddl));
  std::wstring wide = Widen(path);
  const DWORD rc =
      ::SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | inheritance,
                              nullptr, nullptr, DaclOf(sd.get()), nullptr);
  if (rc != ERROR_SUCCESS) return AclError("SetNamedSecurityInfoW " + path, rc);
  return OkStatus();
}

// The DACL of a security descriptor, entry by entry.
DirectoryAcl AclOf(PSECURITY_DESCRIPTOR sd) {
  DirectoryAcl out;
  SECURITY_DESCRIPTOR_CONTROL control = 0;
  DWORD revision = 0;
  if (::GetSecurityDescriptorControl(sd, &control, &revision)) {
    out.is_protected = (control & SE_DACL_PROTECTED) != 0;
  }
  const PACL dacl = DaclOf(sd);
  for (DWORD i = 0; dacl && i < dacl->AceCount; ++i) {
    void* raw = nullptr;
    if (!::GetAce(dacl, i, &raw)) continue;
    auto* header = static_cast<ACE_HEADER*>(raw);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE && header->AceType != ACCESS_DENIED_ACE_TYPE) {
      continue;
    }
    // Both ACE types share this layout (header, mask, SID).
    auto* ace = static_cast<ACCESS_ALLOWED_ACE*>(raw);
    AclEntry e;
    e.allow = header->AceType == ACCESS_ALLOWED_ACE_TYPE;
    e.mask = ace->Mask;
    e.flags = header->AceFlags;
    wchar_t* sid = nullptr;
    if (::ConvertSidToStringSidW(&ace->SidStart, &sid)) {
      e.sid = Narrow(sid);
      ::LocalFree(sid);
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::string ProgramDataDir() {
  wchar_t* path = nullptr;
  std::string dir = "C:\\ProgramData";
  if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &path)) && path) {
    dir = Narrow(path);
  }
  ::CoTaskMemFree(path);
  return dir;
}

Status SecureServiceDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(PathFromUtf8(dir), ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal, "os.acl", "cannot create " + dir + ": " + ec.message());
  }
  return SetFileDacl(dir, kServiceDirSddl, PROTECTED_DACL_SECURITY_INFORMATION);
}

Result<DirectoryAcl> ReadDirectoryAcl(const std::string& dir) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  PACL dacl = nullptr;
  const DWORD rc =
      ::GetNamedSecurityInfoW(Widen(dir).c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                              nullptr, nullptr, &dacl, nullptr, &sd);
  if (rc != ERROR_SUCCESS) return AclError("GetNamedSecurityInfoW " + dir, rc);
  DirectoryAcl out = AclOf(sd);
  ::LocalFree(sd);
  return out;
}

Result<DirectoryAcl> ServiceDirectoryAcl() {
  KAKUNIN_ASSIGN_OR_RETURN(SecurityDescriptor sd, ParseSddl(kServiceDirSddl));
  return AclOf(sd.get());
}

Status SecureMachineKey(const std::string& subkey) {
  KeyHandle key;
  LSTATUS rc = ::RegOpenKeyExW(HKEY_LOCAL_MACHINE, Widen(subkey).c_str(), 0, WRITE_DAC, &key.h);
  if (rc == ERROR_FILE_NOT_FOUND) return OkStatus();  // nothing there to protect
  if (rc != ERROR_SUCCESS) return AclError("RegOpenKeyExW HKLM\\" + subkey, rc);
  KAKUNIN_ASSIGN_OR_RETURN(SecurityDescriptor sd, ParseSddl(kMachineKeySddl));
  rc = ::RegSetKeySecurity(key.h, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                           sd.get());
  if (rc != ERROR_SUCCESS) return AclError("RegSetKeySecurity HKLM\\" + subkey, rc);
  return OkStatus();
}

Result<std::string> MachineKeySddl(const std::string& subkey) {
  KeyHandle key;
  LSTATUS rc = ::RegOpenKeyExW(HKEY_LOCAL_MACHINE, Widen(subkey).c_str(), 0, READ_CONTROL, &key.h);
  if (rc == ERROR_FILE_NOT_FOUND) {
    return MakeError(ErrorCode::kNotFound, "os.acl", "HKLM\\" + subkey + " does not exist");
  }
  if (rc != ERROR_SUCCESS) return AclError("RegOpenKeyExW HKLM\\" + subkey, rc);
  DWORD size = 0;
  ::RegGetKeySecurity(key.h, DACL_SECURITY_INFORMATION, nullptr, &size);
  std::string buffer(size, '\0');
  rc = ::RegGetKeySecurity(key.h, DACL_SECURITY_INFORMATION, buffer.data(), &size);
  if (rc != ERROR_SUCCESS) return AclError("RegGetKeySecurity HKLM\\" + subkey, rc);
  wchar_t* text = nullptr;
  if (!::ConvertSecurityDescriptorToStringSecurityDescriptorW(
          buffer.data(), SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr)) {
    return AclError("ConvertSecurityDescriptorToStringSecurityDescriptorW", ::GetLastError());
  }
  std::string sddl = Narrow(text);
  ::LocalFree(text);
  return sddl;
}

Status EnsureLocalGroup(const std::string& name, const std::string& comment) {
  std::wstring wide_name = Widen(name), wide_comment = Widen(comment);
  LOCALGROUP_INFO_1 info{wide_name.data(), wide_comment.data()};
  DWORD bad_field = 0;
  const NET_API_STATUS rc =
      ::NetLocalGroupAdd(nullptr, 1, reinterpret_cast<BYTE*>(&info), &bad_field);
  if (rc == NERR_Success || rc == ERROR_ALIAS_EXISTS || rc == NERR_GroupExists) return OkStatus();
  return GroupError("NetLocalGroupAdd " + name, rc);
}

Status RemoveLocalGroup(const std::string& name) {
  const NET_API_STATUS rc = ::NetLocalGroupDel(nullptr, Widen(name).c_str());
  if (rc == NERR_Success || rc == NERR_GroupNotFound || rc == ERROR_NO_SUCH_ALIAS) {
    return OkStatus();
  }
  return GroupError("NetLocalGroupDel " + name, rc);
}

Result<std::string> LocalGroupSid(const std::string& name) {
  BYTE sid[SECURITY_MAX_SID_SIZE];
  DWORD sid_size = sizeof sid;
  wchar_t domain[256];
  DWORD domain_size = 256;
  SID_NAME_USE use = SidTypeUnknown;
  if (!::LookupAccountNameW(nullptr, Widen(name).c_str(), sid, &sid_size, domain, &domain_size,
                            &use)) {
    const DWORD code = ::GetLastError();
    if (code == ERROR_NONE_MAPPED) {
      return MakeError(ErrorCode::kNotFound, "os.group", "no local group " + name);
    }
    return GroupError("LookupAccountNameW " + name, code);
  }
  if (use != SidTypeAlias && use != SidTypeGroup && use != SidTypeWellKnownGroup) {
    return MakeError(ErrorCode::kNotFound, "os.group", name + " is not a group");
  }
  wchar_t* text = nullptr;
  if (!::ConvertSidToStringSidW(sid, &text)) {
    return GroupError("ConvertSidToStringSidW", ::GetLastError());
  }
  std::string out = Narrow(text);
  ::LocalFree(text);
  return out;
}

Status GrantRead(const std::string& file, const std::string& sid) {
  // Explicit entries only; UNPROTECTED keeps the folder's inherited ones (SYSTEM, Administrators,
  // LocalService) on the file. FR: generic read, no write, no delete.
  const std::wstring sddl = L"D:(A;;FR;;;" + Widen(sid) + L")";
  return SetFileDacl(file, sddl.c_str(), UNPROTECTED_DACL_SECURITY_INFORMATION);
}

}  // namespace kakunin::os
