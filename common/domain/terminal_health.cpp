#include "common/domain/terminal_health.h"

#include <array>

namespace kakunin::domain {
namespace {

// Every state the reader monitor and a check set (agent/daemon: reader_monitor.cpp,
// agent_core.cpp). A new one is added here before agents send it, or HQ keeps it as unknown.
constexpr std::array<std::string_view, 5> kReaderStates = {"ready", "no_reader", "card_present",
                                                           "busy", "not_answering"};
constexpr std::array<std::string_view, 3> kStoreStates = {kStoreOk, kStoreCannotSave,
                                                          kStoreCannotRead};

template <size_t N>
std::string Known(std::string_view reported, const std::array<std::string_view, N>& known) {
  if (reported.empty()) return "";
  for (std::string_view k : known) {
    if (reported == k) return std::string(k);
  }
  return std::string(kUnknownHealth);
}

}  // namespace

std::string_view StoreStatusOf(uint64_t unsaved_results, bool read_failing) {
  if (unsaved_results > 0) return kStoreCannotSave;
  return read_failing ? kStoreCannotRead : kStoreOk;
}

std::string ReaderStatusAtHq(std::string_view reported) { return Known(reported, kReaderStates); }

std::string StoreStatusAtHq(std::string_view reported) { return Known(reported, kStoreStates); }

bool ReaderMissing(std::string_view reader_status) { return reader_status == kReaderMissing; }

bool StoreFailing(std::string_view store_status) {
  return store_status == kStoreCannotSave || store_status == kStoreCannotRead;
}

}  // namespace kakunin::domain
