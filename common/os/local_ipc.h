#pragma once
// The agent daemon's local API (AgentLocal) for its front-ends on the same machine: the CLI and
// the staff window.
//   Linux: a Unix socket; its folder's owner and mode are the gate (as before).
//   Windows: gRPC 1.51 has no Unix-socket or named-pipe transport on Windows, so the daemon
//   listens on 127.0.0.1 at a port the system picks, with gRPC's local-TCP credentials, and
//   writes the address and a fresh random secret to an endpoint file at the same path. Only
//   accounts that can read that file (the state folder's ACL) learn the secret; a call without
//   it is refused before it reaches the service. See docs/decisions.md, "Windows agent".

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/core/result.h"

namespace kakunin::os {

class LocalListener {
 public:
  // Prepares `path` (the socket, or the endpoint file) for a daemon whose state is in state_dir.
  static Result<std::unique_ptr<LocalListener>> Prepare(const std::string& path,
                                                        const std::string& state_dir);
  virtual ~LocalListener() = default;
  // Adds the listening port (and, on Windows, the secret's check) to the server being built.
  virtual void AddTo(grpc::ServerBuilder& builder) = 0;
  // After BuildAndStart succeeded: opens the way in (socket mode / the endpoint file).
  virtual Status Started() = 0;
  // At exit: the socket or endpoint file goes away.
  virtual void Remove() = 0;
  // For logs and errors: "unix:/path" or "127.0.0.1:port (endpoint C:/…/agent.endpoint)".
  virtual std::string Describe() const = 0;
};

// A front-end's way in.
struct LocalConnection {
  std::shared_ptr<grpc::Channel> channel;
  std::string address;  // as Describe() says it
  std::string secret;   // "" on Linux
  std::string nonce;    // Windows: this connection's challenge to the daemon
  // Every call's context goes through here (it carries a token of the secret, never the secret
  // itself, where there is one).
  void Prepare(grpc::ClientContext& context) const;
  // After a call answered: whether the answer came from the daemon. On Windows the port named
  // in the endpoint file may have been taken by another program after the daemon stopped (the
  // file outlives a crash). That program learns the caller's token and nonce, but only the
  // secret gives the daemon's proof (an HMAC of the nonce), so nothing sensitive (a patient's
  // PIN) goes to it: agent.not_the_daemon. Linux: the socket's folder is the daemon's own.
  Status Verify(const grpc::ClientContext& context) const;
};

#ifdef _WIN32
// HMAC-SHA256 in hex as the endpoint's handshake computes it: for a test's impostor, which does
// with what it receives all that the daemon does.
std::string LocalHmacForTests(const std::string& key, std::string_view message);
#endif

// The connection for the daemon at `path`; an error when nothing says where it is (Windows:
// no readable endpoint file).
Result<LocalConnection> ConnectLocal(const std::string& path);

}  // namespace kakunin::os
