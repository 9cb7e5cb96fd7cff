#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "common/os/local_ipc.h"

namespace kakunin::os {
namespace fs = std::filesystem;
namespace {

class UnixSocketListener final : public LocalListener {
 public:
  UnixSocketListener(std::string path, bool group_dir)
      : path_(std::move(path)), group_dir_(group_dir) {}
  void AddTo(grpc::ServerBuilder& builder) override {
    builder.AddListeningPort("unix:" + path_, grpc::InsecureServerCredentials());
  }
  // The socket is born with the daemon's umask (0700); the folder stays 0700 until the socket is
  // 0660, so the group never meets a socket it cannot use.
  Status Started() override {
    const std::string dir = fs::path(path_).parent_path().string();
    if (::chmod(path_.c_str(), 0660) != 0 || (group_dir_ && ::chmod(dir.c_str(), 0750) != 0)) {
      return MakeError(ErrorCode::kPermissionDenied, "agent.socket_dir",
                       "cannot open " + path_ + " to the daemon's group");
    }
    return OkStatus();
  }
  void Remove() override {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  std::string Describe() const override { return "unix:" + path_; }

 private:
  std::string path_;
  bool group_dir_;
};

}  // namespace

// Inside the state directory only the daemon's user reaches the socket (directory 0700). A
// socket directory of its own (/run/kakunin-agent) becomes 0750 once the daemon serves, so the
// daemon's group reaches it; a
// directory the daemon does not own, or a shared sticky one like /tmp, is refused rather than
// re-moded under other users' feet.
Result<std::unique_ptr<LocalListener>> LocalListener::Prepare(const std::string& path,
                                                              const std::string& state_dir) {
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  bool in_state = fs::weakly_canonical(dir, ec) == fs::weakly_canonical(state_dir, ec);
  fs::create_directories(dir, ec);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & S_ISVTX)) {
    return MakeError(ErrorCode::kPermissionDenied, "agent.socket_dir",
                     "the socket needs a directory of its own, owned by this user (e.g. "
                     "/run/kakunin-agent); " +
                         dir.string() + " is not");
  }
  if (::chmod(dir.c_str(), 0700) != 0) {
    return MakeError(ErrorCode::kPermissionDenied, "agent.socket_dir",
                     "cannot restrict " + dir.string());
  }
  fs::remove(path, ec);  // left behind by a killed daemon
  return std::unique_ptr<LocalListener>(std::make_unique<UnixSocketListener>(path, !in_state));
}

void LocalConnection::Prepare(grpc::ClientContext&) const {}

Status LocalConnection::Verify(const grpc::ClientContext&) const { return OkStatus(); }

Result<LocalConnection> ConnectLocal(const std::string& path) {
  LocalConnection c;
  c.address = "unix:" + path;
  c.channel = grpc::CreateChannel(c.address, grpc::InsecureChannelCredentials());
  return c;
}

}  // namespace kakunin::os
