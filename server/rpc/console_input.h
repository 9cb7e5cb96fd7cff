#pragma once
// One edge check for every console request, before any handler reads it: a console (or a
// stolen session's script) sends protobuf, whose strings may hold NUL bytes and megabytes.
// libpq cuts a text parameter at its first NUL, so "own-terminal\0<11 MB>" matched the user's own
// terminal in a lookup while the handler kept the whole string for the audit record; ids of
// megabytes went into queries, refusals and logs. Handlers keep their own, narrower checks.
//
// The rules, by reflection over every field set (so a field added later is covered):
// - ids (string fields named *_id or *_ids): at most 64 bytes of [A-Za-z0-9._:-];
// - every other string: no NUL, at most 64 KiB (a programme's data_json: its own bound);
// - repeated fields: at most 1,000 elements; nesting at most 8 messages deep.
// Bytes fields (a CSV, a receipt) have bounds of their own where they are read.

#include <google/protobuf/message.h>

#include "common/core/result.h"

namespace kakunin::server {

inline constexpr size_t kConsoleIdBytes = 64;
inline constexpr size_t kConsoleTextBytes = 64 * 1024;
inline constexpr int kConsoleRepeated = 1000;

// InvalidArgument "console.bad_field" naming the field's path (never its value).
Status CheckConsoleRequest(const google::protobuf::Message& request);

}  // namespace kakunin::server
