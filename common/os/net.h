#pragma once
// A plain TCP connection for code that speaks a protocol itself over a socket (the enrollment's
// CA fetch hands it to OpenSSL). gRPC keeps its own sockets.

#include <chrono>
#include <cstdint>
#include <string>

#include "common/core/result.h"

namespace kakunin::os {

// A socket: an fd on Linux, a SOCKET on Windows; both fit OpenSSL's SSL_set_fd.
using SocketHandle = intptr_t;

// Connects to host:port within `timeout`, trying each address; the socket is blocking with
// send/receive timeouts of `timeout`. The error's message says why (for "cannot reach ...").
Result<SocketHandle> ConnectTcp(const std::string& host, const std::string& port,
                                std::chrono::milliseconds timeout);
void CloseSocket(SocketHandle socket);

}  // namespace kakunin::os
