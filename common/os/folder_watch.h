#pragma once
// Watches one folder for files that appear, change or go away (inotify on Linux,
// ReadDirectoryChangesW on Windows), and lets another thread wake the waiter. A watch can fail
// (a network share, a folder not there yet): the caller then lists the folder on a timer, which
// it does anyway, so events only make it faster.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/core/result.h"

namespace kakunin::os {

struct FolderEvent {
  enum class Kind {
    kChanged,     // created, written, renamed into the folder
    kGone,        // deleted, renamed away
    kFolderGone,  // the folder itself went away: the watch has ended
  };
  Kind kind = Kind::kChanged;
  std::string name;  // the file's name in the folder (UTF-8); empty for kFolderGone
};

class FolderWatcher {
 public:
  static std::unique_ptr<FolderWatcher> Create();
  virtual ~FolderWatcher() = default;

  // Starts watching `dir` (ending any earlier watch); an error says why it cannot.
  virtual Status Watch(const std::string& dir) = 0;
  virtual void Unwatch() = 0;
  virtual bool watching() const = 0;
  // Events since the last call, without blocking. kFolderGone ends the watch.
  virtual std::vector<FolderEvent> Drain() = 0;
  // Blocks until an event may be there, Wake() is called, or `timeout` passes.
  virtual void Wait(std::chrono::milliseconds timeout) = 0;
  // From any thread: ends the current (or next) Wait at once.
  virtual void Wake() = 0;
};

}  // namespace kakunin::os
