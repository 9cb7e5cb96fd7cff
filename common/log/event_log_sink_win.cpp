#include "common/log/event_log_sink_win.h"

#include <windows.h>

#include "common/os/utf16_win.h"

namespace kakunin {
namespace {

// The message-table id whose text is the single insertion string "%1" (agent/daemon's
// event_messages.mc, linked into kakunin-agent.exe, the source's EventMessageFile).
constexpr DWORD kEventIdText = 1;

WORD EventType(spdlog::level::level_enum level) {
  if (level >= spdlog::level::err) return EVENTLOG_ERROR_TYPE;
  if (level == spdlog::level::warn) return EVENTLOG_WARNING_TYPE;
  return EVENTLOG_INFORMATION_TYPE;
}

}  // namespace

EventLogSink::EventLogSink(const std::string& source)
    : handle_(::RegisterEventSourceW(nullptr, os::Widen(source).c_str())) {}

EventLogSink::~EventLogSink() {
  if (handle_) ::DeregisterEventSource(static_cast<HANDLE>(handle_));
}

void EventLogSink::sink_it_(const spdlog::details::log_msg& msg) {
  // The message alone: the Event Log stamps time, level and source itself.
  const std::wstring text = os::Widen(std::string_view(msg.payload.data(), msg.payload.size()));
  const wchar_t* strings[] = {text.c_str()};
  const bool ok = handle_ && ::ReportEventW(static_cast<HANDLE>(handle_), EventType(msg.level), 0,
                                            kEventIdText, nullptr, 1, 0, strings, nullptr);
  (ok ? reported_ : refused_)++;
}

}  // namespace kakunin
