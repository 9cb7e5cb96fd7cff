#include <windows.h>

#include <algorithm>
#include <filesystem>

#include "common/os/files.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {
namespace {

// FILETIME counts 100 ns since 1601-01-01; the Unix epoch is 11644473600 s later.
int64_t UnixNanoseconds(const FILETIME& t) {
  const int64_t ticks = (static_cast<int64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
  return (ticks - 116444736000000000LL) * 100;
}

// Full sharing: the 資格確認端末 or the receipt computer may rename or delete a file we read.
constexpr DWORD kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

}  // namespace

std::optional<FileFacts> StatFile(const std::string& path) {
  HANDLE h = ::CreateFileW(Widen(path).c_str(), FILE_READ_ATTRIBUTES, kShareAll, nullptr,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (h == INVALID_HANDLE_VALUE) return std::nullopt;
  BY_HANDLE_FILE_INFORMATION info{};
  const bool ok = ::GetFileInformationByHandle(h, &info) != 0;
  const DWORD type = ::GetFileType(h);
  ::CloseHandle(h);
  if (!ok) return std::nullopt;
  FileFacts f;
  f.regular = type == FILE_TYPE_DISK && !(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
  f.size = (static_cast<uintmax_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  f.mtime_ns = UnixNanoseconds(info.ftLastWriteTime);
  f.identity = (static_cast<uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
  return f;
}

Result<std::string> ReadRegularFile(const std::string& path, size_t max_bytes, bool* not_found) {
  if (not_found) *not_found = false;
  HANDLE h = ::CreateFileW(Widen(path).c_str(), GENERIC_READ, kShareAll, nullptr, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD err = ::GetLastError();
    const bool absent = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND;
    if (not_found) *not_found = absent;
    return MakeError(absent ? ErrorCode::kNotFound : ErrorCode::kUnavailable, "file.unreadable",
                     path + ": " + SystemMessage(err));
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileType(h) != FILE_TYPE_DISK || !::GetFileInformationByHandle(h, &info) ||
      (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
    ::CloseHandle(h);
    return MakeError(ErrorCode::kUnavailable, "file.unreadable", path + ": not a regular file");
  }
  std::string buf(max_bytes + 1, '\0');
  size_t got = 0;
  while (got < buf.size()) {
    DWORD n = 0;
    const DWORD want = static_cast<DWORD>(std::min<size_t>(buf.size() - got, 1 << 20));
    if (!::ReadFile(h, buf.data() + got, want, &n, nullptr) || n == 0) break;
    got += n;
  }
  ::CloseHandle(h);
  buf.resize(got);
  return buf;
}

namespace {

// Creates `path`: CREATE_NEW fails on anything already at the name, a link included, so nothing
// planted there is opened or followed. Writes all of `data`, flushed when `durable`; a file it
// could not finish is deleted.
Status CreateAndWrite(const std::string& path, std::string_view data, bool durable) {
  HANDLE h = ::CreateFileW(Widen(path).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD err = ::GetLastError();
    const bool exists = err == ERROR_FILE_EXISTS || err == ERROR_ALREADY_EXISTS;
    return MakeError(exists ? ErrorCode::kAlreadyExists : ErrorCode::kUnavailable,
                     exists ? "file.exists" : "file.unwritable", path + ": " + SystemMessage(err));
  }
  DWORD written = 0;
  const bool ok = ::WriteFile(h, data.data(), static_cast<DWORD>(data.size()), &written, nullptr) &&
                  written == data.size() && (!durable || ::FlushFileBuffers(h));
  ::CloseHandle(h);
  if (!ok) {
    ::DeleteFileW(Widen(path).c_str());
    return MakeError(ErrorCode::kUnavailable, "file.unwritable", "cannot write " + path);
  }
  return OkStatus();
}

}  // namespace

Status WriteNewFile(const std::string& path, std::string_view data, FileAccess) {
  return CreateAndWrite(path, data, /*durable=*/false);
}

Status WriteFileDurable(const std::string& path, const std::string& data, FileAccess) {
  const std::string tmp = path + ".tmp";
  // A leftover temp file is deleted, not reopened: CREATE_ALWAYS on an existing file would keep
  // whatever access list it was given by whoever made it, and the rename would carry that over.
  ::DeleteFileW(Widen(tmp).c_str());
  if (auto made = CreateAndWrite(tmp, data, /*durable=*/true); !made.ok()) {
    return MakeError(ErrorCode::kInternal, "agent.write", made.error().message());
  }
  if (!::MoveFileExW(Widen(tmp).c_str(), Widen(path).c_str(),
                     MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    return MakeError(ErrorCode::kInternal, "agent.write",
                     "cannot write " + path + ": " + SystemMessage(::GetLastError()));
  }
  return OkStatus();
}

void SyncDirectory(const std::string&) {}

void RestrictDirectory(const std::string&) {}

void RestrictNewFiles() {}

int64_t ProcessId() { return static_cast<int64_t>(::GetCurrentProcessId()); }

std::string HostName() {
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  if (!::GetComputerNameW(name, &size)) return "";
  return Narrow(std::wstring_view(name, size));
}

// RtlGetVersion tells the truth; GetVersionEx answers what the manifest claims.
std::string OsDescription() {
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  OSVERSIONINFOW v{};
  v.dwOSVersionInfoSize = sizeof v;
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  auto get = ntdll ? reinterpret_cast<RtlGetVersionFn>(
                         reinterpret_cast<void*>(::GetProcAddress(ntdll, "RtlGetVersion")))
                   : nullptr;
  if (!get || get(&v) != 0) return "Windows";
  return "Windows " + std::to_string(v.dwMajorVersion) + "." + std::to_string(v.dwMinorVersion) +
         "." + std::to_string(v.dwBuildNumber);
}

Result<std::unique_ptr<InstanceLock>> InstanceLock::Take(const std::string& path) {
  // No sharing: a second opener fails until this handle closes (also when the process dies).
  HANDLE h = ::CreateFileW(Widen(path).c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
                           OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (h == INVALID_HANDLE_VALUE) {
    const DWORD err = ::GetLastError();
    if (err == ERROR_SHARING_VIOLATION || err == ERROR_LOCK_VIOLATION) {
      return MakeError(ErrorCode::kAlreadyExists, "os.locked",
                       path + " is held by another process");
    }
    return MakeError(ErrorCode::kUnavailable, "os.lock_failed",
                     "cannot open " + path + " (error " + std::to_string(err) + ")");
  }
  return std::unique_ptr<InstanceLock>(new InstanceLock(reinterpret_cast<intptr_t>(h)));
}

InstanceLock::~InstanceLock() { ::CloseHandle(reinterpret_cast<HANDLE>(handle_)); }

std::optional<std::string> OtherOwnerIfRoot(const std::string&) { return std::nullopt; }

}  // namespace kakunin::os
