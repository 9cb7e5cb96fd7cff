#include <windows.h>

#include "common/os/folder_watch.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {
namespace {

// ReadDirectoryChangesW with overlapped I/O: one outstanding read per watch, its event and a
// wake event waited on together. A buffer overflow (zero bytes back) loses the names, not the
// files: the caller's listing finds them.
class DirectoryChangesWatcher final : public FolderWatcher {
 public:
  DirectoryChangesWatcher() : wake_(::CreateEventW(nullptr, FALSE, FALSE, nullptr)) {
    overlapped_.hEvent = ::CreateEventW(nullptr, TRUE, FALSE, nullptr);
  }
  ~DirectoryChangesWatcher() override {
    Unwatch();
    ::CloseHandle(overlapped_.hEvent);
    ::CloseHandle(wake_);
  }

  Status Watch(const std::string& dir) override {
    Unwatch();
    // Full sharing: watching must not stop anyone renaming or deleting the folder's files.
    dir_ = ::CreateFileW(Widen(dir).c_str(), FILE_LIST_DIRECTORY,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OVERLAPPED, nullptr);
    if (dir_ == INVALID_HANDLE_VALUE) {
      return MakeError(ErrorCode::kUnavailable, "folder.watch", SystemMessage(::GetLastError()));
    }
    if (!Arm()) {
      const DWORD err = ::GetLastError();
      Unwatch();
      return MakeError(ErrorCode::kUnavailable, "folder.watch", SystemMessage(err));
    }
    return OkStatus();
  }

  void Unwatch() override {
    if (dir_ == INVALID_HANDLE_VALUE) return;
    if (pending_) {
      ::CancelIoEx(dir_, &overlapped_);
      DWORD ignored = 0;
      ::GetOverlappedResult(dir_, &overlapped_, &ignored, TRUE);
      pending_ = false;
    }
    ::CloseHandle(dir_);
    dir_ = INVALID_HANDLE_VALUE;
  }

  bool watching() const override { return dir_ != INVALID_HANDLE_VALUE; }

  std::vector<FolderEvent> Drain() override {
    std::vector<FolderEvent> events;
    while (dir_ != INVALID_HANDLE_VALUE && pending_) {
      DWORD bytes = 0;
      if (!::GetOverlappedResult(dir_, &overlapped_, &bytes, FALSE)) {
        const DWORD err = ::GetLastError();
        if (err == ERROR_IO_INCOMPLETE) break;  // nothing yet
        // The folder was deleted or the share went away: the watch has ended.
        pending_ = false;
        Unwatch();
        events.push_back({FolderEvent::Kind::kFolderGone, ""});
        break;
      }
      pending_ = false;
      Parse(bytes, &events);
      if (!Arm()) {
        Unwatch();
        events.push_back({FolderEvent::Kind::kFolderGone, ""});
      }
    }
    return events;
  }

  void Wait(std::chrono::milliseconds timeout) override {
    HANDLE handles[2] = {wake_, overlapped_.hEvent};
    const DWORD count = dir_ != INVALID_HANDLE_VALUE && pending_ ? 2 : 1;
    ::WaitForMultipleObjects(count, handles, FALSE, static_cast<DWORD>(timeout.count()));
  }

  void Wake() override { ::SetEvent(wake_); }

 private:
  bool Arm() {
    ::ResetEvent(overlapped_.hEvent);
    const DWORD filter = FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_SIZE |
                         FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_DIR_NAME;
    pending_ = ::ReadDirectoryChangesW(dir_, buffer_, sizeof buffer_, FALSE, filter, nullptr,
                                       &overlapped_, nullptr) != 0;
    return pending_;
  }

  void Parse(DWORD bytes, std::vector<FolderEvent>* events) {
    if (bytes == 0) return;  // overflow: the caller's listing catches up
    for (DWORD off = 0; off < bytes;) {
      const auto* info = reinterpret_cast<const FILE_NOTIFY_INFORMATION*>(buffer_ + off);
      const std::string name =
          Narrow(std::wstring_view(info->FileName, info->FileNameLength / sizeof(wchar_t)));
      const bool gone =
          info->Action == FILE_ACTION_REMOVED || info->Action == FILE_ACTION_RENAMED_OLD_NAME;
      events->push_back({gone ? FolderEvent::Kind::kGone : FolderEvent::Kind::kChanged, name});
      if (info->NextEntryOffset == 0) break;
      off += info->NextEntryOffset;
    }
  }

  HANDLE wake_;
  HANDLE dir_ = INVALID_HANDLE_VALUE;
  OVERLAPPED overlapped_{};
  bool pending_ = false;
  alignas(DWORD) char buffer_[32768];
};

}  // namespace

std::unique_ptr<FolderWatcher> FolderWatcher::Create() {
  return std::make_unique<DirectoryChangesWatcher>();
}

}  // namespace kakunin::os
