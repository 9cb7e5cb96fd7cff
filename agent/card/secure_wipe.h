#pragma once
// Overwrites buffers that held a PIN before their memory is released.

#include <string>

#include "common/core/bytes.h"

namespace kakunin::card {

// Volatile writes: the compiler may not drop them as dead stores.
inline void SecureWipe(Bytes& buffer) {
  volatile uint8_t* p = buffer.data();
  for (size_t i = 0; i < buffer.size(); ++i) p[i] = 0;
  buffer.clear();
}

inline void SecureWipe(std::string& buffer) {
  volatile char* p = buffer.data();
  for (size_t i = 0; i < buffer.size(); ++i) p[i] = 0;
  buffer.clear();
}

// Wipes `buffer` (Bytes or std::string) when the scope ends, on every return path.
template <typename Buffer>
class WipeOnExit {
 public:
  explicit WipeOnExit(Buffer& buffer) : buffer_(buffer) {}
  ~WipeOnExit() { SecureWipe(buffer_); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  Buffer& buffer_;
};

}  // namespace kakunin::card
