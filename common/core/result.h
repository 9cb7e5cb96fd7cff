#pragma once
// The one error idiom of Kakunin: functions that can fail return Result<T> (or Status for no
// value). No exceptions cross module boundaries; third-party exceptions (libpqxx, pugixml) are
// caught at the adapter and turned into an Error here.

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kakunin {

enum class ErrorCode {
  kInvalidArgument,     // caller sent something malformed (bad PIN format, broken XML)
  kNotFound,            // no such reader / card / row / file
  kAlreadyExists,       // duplicate that the caller must know about
  kPermissionDenied,    // authenticated, but not allowed
  kUnauthenticated,     // who you are is unknown or invalid (bad cert, bad password)
  kFailedPrecondition,  // state forbids it (PIN guard, revoked device, token used)
  kUnavailable,         // transient: service down, reader busy; retry may succeed
  kDeadlineExceeded,    // timed out
  kDataLoss,            // data corrupt (outbox, audit chain)
  kCancelled,           // the caller stopped waiting
  kResourceExhausted,   // full or rate-limited
  kUnimplemented,
  kInternal,  // a broken invariant in our own code
};

std::string_view ErrorCodeName(ErrorCode code);

// An error: a code for programs, a stable reason id (e.g. "card.pin_locked") that UIs map to
// translated text, and a message for logs and diagnostics (English).
class Error {
 public:
  Error(ErrorCode code, std::string reason, std::string message)
      : code_(code), reason_(std::move(reason)), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  // "reason: message" — the one-line form used in logs and CLI output.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string reason_;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

inline Error MakeError(ErrorCode code, std::string reason, std::string message) {
  return Error(code, std::move(reason), std::move(message));
}

}  // namespace kakunin

// Propagate an error from an expression returning Status or Result<T>.
#define KAKUNIN_RETURN_IF_ERROR(expr) \
  do {                                \
    auto kakunin_status_ = (expr);    \
    if (!kakunin_status_.ok()) {      \
      return kakunin_status_.error(); \
    }                                 \
  } while (0)

#define KAKUNIN_CONCAT_INNER_(a, b) a##b
#define KAKUNIN_CONCAT_(a, b) KAKUNIN_CONCAT_INNER_(a, b)

// `KAKUNIN_ASSIGN_OR_RETURN(auto x, Foo());` — binds the value or returns the error.
#define KAKUNIN_ASSIGN_OR_RETURN(lhs, expr) \
  KAKUNIN_ASSIGN_OR_RETURN_IMPL_(KAKUNIN_CONCAT_(kakunin_result_, __LINE__), lhs, expr)
#define KAKUNIN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) {                                     \
    return tmp.error();                                \
  }                                                    \
  lhs = std::move(tmp).value()
