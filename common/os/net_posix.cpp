#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "common/os/net.h"

namespace kakunin::os {

Result<SocketHandle> ConnectTcp(const std::string& host, const std::string& port,
                                std::chrono::milliseconds timeout) {
  const int timeout_ms = static_cast<int>(timeout.count());
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    return MakeError(ErrorCode::kUnavailable, "net.unreachable", gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(res, ::freeaddrinfo);
  for (addrinfo* a = res; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      const bool connected = errno == EINPROGRESS && ::poll(&p, 1, timeout_ms) == 1 &&
                             ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
      if (!connected) {
        ::close(fd);
        continue;
      }
    }
    // Blocking from here, with timeouts: the caller's protocol is a few round trips.
    int blocking = 0;
    ::ioctl(fd, FIONBIO, &blocking);
    timeval tv{timeout_ms / 1000, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
  }
  return MakeError(ErrorCode::kUnavailable, "net.unreachable", "no address answered");
}

void CloseSocket(SocketHandle socket) { ::close(static_cast<int>(socket)); }

}  // namespace kakunin::os
