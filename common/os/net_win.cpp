#include <winsock2.h>
#include <ws2tcpip.h>

#include <memory>
#include <mutex>

#include "common/os/net.h"
#include "common/os/utf16_win.h"

namespace kakunin::os {
namespace {

// Winsock needs one WSAStartup per process before any call; gRPC does its own.
void StartWinsock() {
  static std::once_flag once;
  std::call_once(once, [] {
    WSADATA data;
    ::WSAStartup(MAKEWORD(2, 2), &data);
  });
}

}  // namespace

Result<SocketHandle> ConnectTcp(const std::string& host, const std::string& port,
                                std::chrono::milliseconds timeout) {
  StartWinsock();
  addrinfo hints{}, *res = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    return MakeError(ErrorCode::kUnavailable, "net.unreachable", SystemMessage(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(res, ::freeaddrinfo);
  const DWORD timeout_ms = static_cast<DWORD>(timeout.count());
  for (addrinfo* a = res; a; a = a->ai_next) {
    SOCKET s = ::WSASocketW(a->ai_family, a->ai_socktype, a->ai_protocol, nullptr, 0,
                            WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) continue;
    u_long nonblocking = 1;
    ::ioctlsocket(s, FIONBIO, &nonblocking);
    if (::connect(s, a->ai_addr, static_cast<int>(a->ai_addrlen)) != 0) {
      WSAPOLLFD p{s, POLLWRNORM, 0};
      int err = 0;
      int len = sizeof err;
      const bool connected =
          ::WSAGetLastError() == WSAEWOULDBLOCK &&
          ::WSAPoll(&p, 1, static_cast<INT>(timeout_ms)) == 1 &&
          ::getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&err), &len) == 0 &&
          err == 0;
      if (!connected) {
        ::closesocket(s);
        continue;
      }
    }
    u_long blocking = 0;
    ::ioctlsocket(s, FIONBIO, &blocking);
    ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout_ms),
                 sizeof timeout_ms);
    ::setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, reinterpret_cast<const char*>(&timeout_ms),
                 sizeof timeout_ms);
    return static_cast<SocketHandle>(s);
  }
  return MakeError(ErrorCode::kUnavailable, "net.unreachable", "no address answered");
}

void CloseSocket(SocketHandle socket) { ::closesocket(static_cast<SOCKET>(socket)); }

}  // namespace kakunin::os
