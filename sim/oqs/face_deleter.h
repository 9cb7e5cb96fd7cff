#pragma once
// A receipt computer that takes the face reader's answers away: watches a folder with inotify
// and deletes each OQSsiquc01res_face_*.xml a fixed time after it appeared. It runs as its own
// process (`kakunin-oqs-sim face-delete`), so the dropper and the deleter race like on a site.
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>

#include "common/core/result.h"

namespace kakunin::sim {

struct FaceDeleterOptions {
  std::string dir;
  std::chrono::milliseconds after{0};
  std::string pid_file;  // written (atomically) once watching; "" = none
};

// True for OQSsiquc01res_face_*.xml (never the "." temporary names).
bool IsFaceAnswerName(const std::string& name);

// Blocks SIGTERM/SIGINT and watches `dir`; calls ready() once the watch is in place. On the
// first signal it stops watching, deletes what it had already seen when each falls due, and
// returns; a second signal returns at once. Fails when the folder cannot be watched or goes away.
Status RunFaceDeleter(const FaceDeleterOptions& options, const std::function<void()>& ready);

// The deleter as a child process: /proc/self/exe face-delete --dir DIR --after-ms MS.
class FaceDeleterProcess {
 public:
  FaceDeleterProcess() = default;
  ~FaceDeleterProcess();
  FaceDeleterProcess(FaceDeleterProcess&& other) noexcept;
  FaceDeleterProcess& operator=(FaceDeleterProcess&& other) noexcept;
  FaceDeleterProcess(const FaceDeleterProcess&) = delete;
  FaceDeleterProcess& operator=(const FaceDeleterProcess&) = delete;

  // Starts it and returns once it has printed its "ready" line (or fails if it exits first or
  // stays silent for `ready_timeout`).
  static Result<FaceDeleterProcess> Start(
      const std::string& dir, std::chrono::milliseconds after,
      std::chrono::milliseconds ready_timeout = std::chrono::seconds(10));
  // SIGTERM, then waits for it to finish its pending deletions (SIGKILL after `after` + 10 s).
  // Fails unless it exited with 0.
  Status Stop();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::chrono::milliseconds after_{0};
};

}  // namespace kakunin::sim
