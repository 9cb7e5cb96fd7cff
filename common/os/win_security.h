#pragma once
// Windows only: where machine-wide data lives and who may touch it (the service's state folder,
// issue 23). The folder's DACL is what the state directory's mode 0700 is on Linux.

#include <cstdint>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::os {

// %ProgramData% (SHGetKnownFolderPath(FOLDERID_ProgramData)), e.g. "C:\ProgramData"; the
// conventional path when the shell cannot say.
std::string ProgramDataDir();

// Creates `dir` (and its parents) and gives it a protected DACL (nothing inherited from
// above): full control for SYSTEM, Administrators and LocalService (the service's account),
// inherited by everything inside; no entry for Users or Everyone. Errors: os.acl (kInternal).
Status SecureServiceDirectory(const std::string& dir);

struct AclEntry {
  std::string sid;  // "S-1-5-18"
  bool allow = true;
  uint32_t mask = 0;  // access rights
  uint8_t flags = 0;  // inheritance flags (OBJECT_INHERIT_ACE, ...)
};
struct DirectoryAcl {
  bool is_protected = false;  // SE_DACL_PROTECTED: nothing inherited from the parent
  std::vector<AclEntry> entries;
};

// The DACL of `dir` as the system stores it (for tests and diagnostics). Errors: os.acl.
// Upstream Wine keeps no file ACLs: it maps a DACL to Unix mode bits and makes one up on read.
Result<DirectoryAcl> ReadDirectoryAcl(const std::string& dir);

// The DACL SecureServiceDirectory sets, as the system parses it.
Result<DirectoryAcl> ServiceDirectoryAcl();

// Gives HKLM\<subkey>, when it exists, the state folder's protected DACL (SYSTEM,
// Administrators, LocalService): what an installer leaves there (the enrollment bundle, a one-time
// token) is no longer readable by every local user, and the service may delete it. An absent key
// is left absent. Errors: os.acl.
Status SecureMachineKey(const std::string& subkey);
// The DACL of HKLM\<subkey> in SDDL ("D:P(A;CI;KA;;;SY)..."). Errors: os.acl (kNotFound when
// the key is absent).
Result<std::string> MachineKeySddl(const std::string& subkey);

// The local group whose members may use the agent at the counter without being administrators
// (the Windows side of the Linux group kakunin-agent): `service install` creates it, and the
// daemon lets its members read the endpoint file (address and secret of the local API).
inline constexpr char kStaffGroup[] = "Kakunin Staff";

// Creates the local group when absent (NetLocalGroupAdd). Errors: os.group.
Status EnsureLocalGroup(const std::string& name, const std::string& comment);
// Removes it; absent is fine. Errors: os.group.
Status RemoveLocalGroup(const std::string& name);
// The group's SID as a string ("S-1-5-21-…"); kNotFound (os.group) when there is none.
Result<std::string> LocalGroupSid(const std::string& name);
// Adds read access for `sid` to the file, keeping what it inherits from its folder.
// Errors: os.acl.
Status GrantRead(const std::string& file, const std::string& sid);

}  // namespace kakunin::os
