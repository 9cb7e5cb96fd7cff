#pragma once
// Helpers shared by the audit codecs (records and heads). Not part of the public API.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::audit::internal {

// Big-endian integers and length-prefixed fields (u32 length || bytes), the only building
// blocks of the canonical formats in FORMAT.md.
class ByteWriter {
 public:
  void U64(uint64_t v);
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Field(ByteView bytes);
  void Field(std::string_view text);
  // Room for `bytes` more: a record's fields are known up front, and growing a vector byte by
  // byte reallocated it five or six times per record on the server's ingest path (issue 18).
  void Reserve(size_t bytes) { out_.reserve(out_.size() + bytes); }
  Bytes Take() { return std::move(out_); }

 private:
  void U32(uint32_t v);
  Bytes out_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteView in) : in_(in) {}
  Result<uint64_t> U64(std::string_view what);
  Result<int64_t> I64(std::string_view what);
  Result<ByteView> Field(std::string_view what);
  size_t remaining() const { return in_.size() - pos_; }

 private:
  ByteView in_;
  size_t pos_ = 0;
};

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Parses `text` as one JSON object whose members are exactly `keys` (each once, any order).
Result<nlohmann::json> ParseStrictObject(std::string_view text,
                                         std::initializer_list<std::string_view> keys,
                                         std::string_view what);

Result<std::string> GetString(const nlohmann::json& obj, const char* key);
Result<uint64_t> GetUint64(const nlohmann::json& obj, const char* key);
Result<int64_t> GetInt64(const nlohmann::json& obj, const char* key);
// Lower-case hex of exactly `size` bytes: one spelling per value keeps exports canonical.
Result<Bytes> GetHex(const nlohmann::json& obj, const char* key, size_t size);
// `obj[key]` as an integer whose spelling `obj[text_key]` must be FormatUtcMicros of it.
Result<int64_t> GetTime(const nlohmann::json& obj, const char* key, const char* text_key);
// A key id as heads and restore statements carry it: 1–64 characters of [0-9a-z._-].
Result<std::string> GetKeyId(const nlohmann::json& obj, const char* key);

inline constexpr size_t kEd25519SignatureSize = 64;

}  // namespace kakunin::audit::internal
