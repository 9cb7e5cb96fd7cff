#pragma once
// OpenSSL's own definition of a function that this executable defines again (RTLD_NEXT: the next
// one in the dynamic linker's search). The programs replace a few OpenSSL entry points to set what
// gRPC has no option for (common/rpc/tls_key_exchange.cpp, server/app/connection_memory.cpp).
// Linux only: on Windows OpenSSL is static and the link wraps the symbol instead.

#include <dlfcn.h>

namespace kakunin::rpc {

template <typename Fn>
Fn NextOpenSslFunction(const char* name) {
  void* f = ::dlvsym(RTLD_NEXT, name, "OPENSSL_3.0.0");
  return reinterpret_cast<Fn>(f != nullptr ? f : ::dlsym(RTLD_NEXT, name));
}

}  // namespace kakunin::rpc
