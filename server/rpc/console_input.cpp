#include "server/rpc/console_input.h"

#include <string>
#include <string_view>

#include "common/subsidy/programme_data.h"

namespace kakunin::server {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 8;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsIdField(const FieldDescriptor& f) {
  return EndsWith(f.name(), "_id") || EndsWith(f.name(), "_ids");
}

bool IdShaped(std::string_view s) {
  if (s.size() > kConsoleIdBytes) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Error Bad(const std::string& path, std::string_view what) {
  return MakeError(ErrorCode::kInvalidArgument, "console.bad_field",
                   path + ": " + std::string(what));
}

Status CheckString(const FieldDescriptor& f, const std::string& value, const std::string& path) {
  if (IsIdField(f)) {
    if (!IdShaped(value)) {
      return Bad(path, "an id has at most 64 characters of A-Z a-z 0-9 . _ : -");
    }
    return OkStatus();
  }
  const size_t limit =
      f.name() == "data_json" ? subsidy::kMaxProgrammeFileBytes : kConsoleTextBytes;
  if (value.size() > limit) {
    return Bad(path, "longer than " + std::to_string(limit) + " bytes");
  }
  if (value.find('\0') != std::string::npos) return Bad(path, "contains a NUL character");
  return OkStatus();
}

Status Walk(const Message& m, const std::string& prefix, int depth) {
  if (depth > kMaxDepth) return Bad(prefix, "nested too deeply");
  const Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    if (f->is_repeated()) {
      const int n = reflection->FieldSize(m, f);
      if (n > kConsoleRepeated) {
        return Bad(path, "more than " + std::to_string(kConsoleRepeated) + " entries");
      }
      for (int i = 0; i < n; ++i) {
        const std::string at = path + "[" + std::to_string(i) + "]";
        if (f->type() == FieldDescriptor::TYPE_STRING) {
          std::string scratch;
          const std::string& v = reflection->GetRepeatedStringReference(m, f, i, &scratch);
          KAKUNIN_RETURN_IF_ERROR(CheckString(*f, v, at));
        } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          KAKUNIN_RETURN_IF_ERROR(Walk(reflection->GetRepeatedMessage(m, f, i), at, depth + 1));
        }
      }
      continue;
    }
    if (f->type() == FieldDescriptor::TYPE_STRING) {
      std::string scratch;
      KAKUNIN_RETURN_IF_ERROR(
          CheckString(*f, reflection->GetStringReference(m, f, &scratch), path));
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      KAKUNIN_RETURN_IF_ERROR(Walk(reflection->GetMessage(m, f), path, depth + 1));
    }
  }
  return OkStatus();
}

}  // namespace

Status CheckConsoleRequest(const Message& request) { return Walk(request, "", 0); }

}  // namespace kakunin::server
