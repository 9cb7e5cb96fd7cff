#pragma once
// What a terminal's heartbeat says of its own health, and how HQ keeps it. The card reader's
// state (the reader monitor's ids) and the outbox's: a check whose answer was shown but not
// saved is lost if the PC stops, and an outbox that cannot be read sends nothing — both look
// like a quiet branch at HQ unless the terminal says so. HQ keeps only ids it knows: whatever
// else a terminal sends (a newer agent's id, 10 KB of junk) is kept as "unknown", so nothing a
// terminal says is stored or shown raw.

#include <cstdint>
#include <string>
#include <string_view>

namespace kakunin::domain {

// The outbox's state as the heartbeat names it.
inline constexpr std::string_view kStoreOk = "ok";
inline constexpr std::string_view kStoreCannotSave = "cannot_save";
inline constexpr std::string_view kStoreCannotRead = "cannot_read";
// What HQ keeps for a state it does not know.
inline constexpr std::string_view kUnknownHealth = "unknown";
// The reader monitor's state when no reader is connected.
inline constexpr std::string_view kReaderMissing = "no_reader";

// The outbox's state from what the daemon knows: checks it holds unsaved, and the uplink's last
// read of the outbox failing. Unsaved checks win: they are lost by a stop, the unsent ones are
// not.
std::string_view StoreStatusOf(uint64_t unsaved_results, bool read_failing);

// What HQ stores of a terminal's word: a known id as sent, "" as "" (an agent that does not say),
// anything else as kUnknownHealth.
std::string ReaderStatusAtHq(std::string_view reported);
std::string StoreStatusAtHq(std::string_view reported);

// Whether a stored state is one HQ counts and highlights.
bool ReaderMissing(std::string_view reader_status);
bool StoreFailing(std::string_view store_status);

}  // namespace kakunin::domain
