#pragma once
// Windows only: an spdlog sink writing to the Windows Event Log (Application) under a registered
// source (the service registers "KakuninAgent" at install). Meant for warnings and errors: the
// rolling file keeps everything, the Event Log is what an administrator's tools watch.

#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <mutex>
#include <string>

namespace kakunin {

class EventLogSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit EventLogSink(const std::string& source);
  ~EventLogSink() override;
  EventLogSink(const EventLogSink&) = delete;
  EventLogSink& operator=(const EventLogSink&) = delete;

  // Events the system accepted / refused (ReportEventW's answer), for tests and diagnostics.
  uint64_t reported() const { return reported_; }
  uint64_t refused() const { return refused_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  void* handle_ = nullptr;  // HANDLE from RegisterEventSourceW
  std::atomic<uint64_t> reported_{0};
  std::atomic<uint64_t> refused_{0};
};

}  // namespace kakunin
