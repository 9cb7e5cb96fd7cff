#include "common/audit/internal.h"

#include <cassert>
#include <limits>
#include <set>

#include "common/audit/record.h"

namespace kakunin::audit::internal {
namespace {

Error Truncated(std::string_view what) {
  return MakeError(ErrorCode::kDataLoss, "audit.canonical_truncated",
                   std::string(what) + " runs past the end of the input");
}

Error BadJson(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

Error BadType(const char* key, const char* expected) {
  return BadJson("audit.json_bad_type", std::string("\"") + key + "\" must be " + expected);
}

}  // namespace

void ByteWriter::U32(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<uint8_t>(v >> shift));
}

void ByteWriter::U64(uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<uint8_t>(v >> shift));
}

void ByteWriter::Field(ByteView bytes) {
  // Stored fields are far below 4 GiB (PostgreSQL text is at most 1 GB).
  assert(bytes.size() <= std::numeric_limits<uint32_t>::max());
  U32(static_cast<uint32_t>(bytes.size()));
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void ByteWriter::Field(std::string_view text) {
  Field(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Result<uint64_t> ByteReader::U64(std::string_view what) {
  if (remaining() < 8) return Truncated(what);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | in_[pos_++];
  return v;
}

Result<int64_t> ByteReader::I64(std::string_view what) {
  KAKUNIN_ASSIGN_OR_RETURN(uint64_t v, U64(what));
  return static_cast<int64_t>(v);
}

Result<ByteView> ByteReader::Field(std::string_view what) {
  if (remaining() < 4) return Truncated(std::string(what) + " length");
  uint32_t len = 0;
  for (int i = 0; i < 4; ++i) len = len << 8 | in_[pos_++];
  if (remaining() < len) return Truncated(what);
  ByteView out = in_.subspan(pos_, len);
  pos_ += len;
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (text.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<uint8_t>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

Result<nlohmann::json> ParseStrictObject(std::string_view text,
                                         std::initializer_list<std::string_view> keys,
                                         std::string_view what) {
  // nlohmann keeps the last of duplicate keys; the callback sees every key, so a line that
  // says two different things about one field is refused instead of silently read.
  std::set<std::string> seen;
  std::string duplicate;
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
    }
    return true;
  };
  nlohmann::json obj = nlohmann::json::parse(text, callback, /*allow_exceptions=*/false);
  if (obj.is_discarded()) {
    return BadJson("audit.json_syntax", std::string(what) + " is not valid JSON");
  }
  if (!obj.is_object()) {
    return BadJson("audit.json_not_object", std::string(what) + " must be a JSON object");
  }
  if (!duplicate.empty()) {
    return BadJson("audit.json_duplicate_key",
                   std::string(what) + " has \"" + duplicate + "\" more than once");
  }
  for (std::string_view key : keys) {
    if (!obj.contains(key)) {
      return BadJson("audit.json_missing_key",
                     std::string(what) + " has no \"" + std::string(key) + "\"");
    }
  }
  if (obj.size() != keys.size()) {
    for (const auto& item : obj.items()) {
      bool known = false;
      for (std::string_view key : keys) known = known || key == item.key();
      if (!known) {
        return BadJson("audit.json_unknown_key",
                       std::string(what) + " has an unknown member \"" + item.key() + "\"");
      }
    }
  }
  return obj;
}

Result<std::string> GetString(const nlohmann::json& obj, const char* key) {
  const auto& v = obj.at(key);
  if (!v.is_string()) return BadType(key, "a string");
  return v.get<std::string>();
}

Result<uint64_t> GetUint64(const nlohmann::json& obj, const char* key) {
  const auto& v = obj.at(key);
  if (!v.is_number_unsigned()) return BadType(key, "an integer from 0 to 2^64-1");
  return v.get<uint64_t>();
}

Result<int64_t> GetInt64(const nlohmann::json& obj, const char* key) {
  const auto& v = obj.at(key);
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return BadType(key, "a signed 64-bit integer");
    }
    return static_cast<int64_t>(v.get<uint64_t>());
  }
  if (!v.is_number_integer()) return BadType(key, "a signed 64-bit integer");
  return v.get<int64_t>();
}

Result<Bytes> GetHex(const nlohmann::json& obj, const char* key, size_t size) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string hex, GetString(obj, key));
  bool lower_hex = hex.size() == 2 * size;
  for (char c : hex) lower_hex = lower_hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!lower_hex) {
    return BadJson("audit.json_bad_hex", std::string("\"") + key + "\" must be " +
                                             std::to_string(2 * size) + " lower-case hex digits");
  }
  return FromHex(hex);
}

Result<int64_t> GetTime(const nlohmann::json& obj, const char* key, const char* text_key) {
  KAKUNIN_ASSIGN_OR_RETURN(int64_t us, GetInt64(obj, key));
  KAKUNIN_ASSIGN_OR_RETURN(std::string text, GetString(obj, text_key));
  if (text != FormatUtcMicros(us)) {
    return BadJson("audit.json_time_mismatch", std::string("\"") + text_key + "\" " + text +
                                                   " does not spell " + key + " " +
                                                   std::to_string(us));
  }
  return us;
}

Result<std::string> GetKeyId(const nlohmann::json& obj, const char* key) {
  KAKUNIN_ASSIGN_OR_RETURN(std::string id, GetString(obj, key));
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok &&
         ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    return BadJson("audit.json_bad_key_id",
                   std::string("\"") + key + "\" must be 1-64 characters of [0-9a-z._-]");
  }
  return id;
}

}  // namespace kakunin::audit::internal
