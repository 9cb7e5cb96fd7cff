#include "agent/card/pcsc.h"

#include <spdlog/spdlog.h>
#include <winscard.h>

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "agent/card/deny_list.h"

namespace kakunin::card {
namespace {

static_assert(std::is_same_v<SCARDCONTEXT, long> && std::is_same_v<SCARDHANDLE, long>,
              "pcsc.h stores PC/SC handles as long");
static_assert(std::is_same_v<DWORD, unsigned long>, "pcsc.h stores the protocol as unsigned long");

using Clock = std::chrono::steady_clock;

constexpr char kPnpReader[] = "\\\\?PnP?\\Notification";
// After an ambiguous transmit failure, how long to watch the reader for the removal that
// probably caused it (pcscd polls presence every 400 ms).
constexpr std::chrono::milliseconds kRemovalSettle{1200};

std::string_view OperationName(PcscOperation op) {
  switch (op) {
    case PcscOperation::kEstablish:
      return "connecting to pcscd";
    case PcscOperation::kListReaders:
      return "listing readers";
    case PcscOperation::kWait:
      return "waiting for the card";
    case PcscOperation::kConnect:
      return "connecting to the card";
    case PcscOperation::kTransmit:
      return "talking to the card";
    case PcscOperation::kStatus:
      return "reading the card status";
  }
  return "PC/SC";
}

bool DuringSession(PcscOperation op) {
  return op == PcscOperation::kTransmit || op == PcscOperation::kStatus;
}

// Milliseconds left before `deadline` for SCardGetStatusChange (INFINITE when waiting forever).
DWORD RemainingMs(bool forever, Clock::time_point deadline) {
  if (forever) return INFINITE;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<DWORD>(std::max<int64_t>(0, left.count()));
}

Bytes ToBytes(const BYTE* p, DWORD n) { return Bytes(p, p + n); }

}  // namespace

Error PcscError(long rv, PcscOperation op, std::string_view reader) {
  char code[16];
  std::snprintf(code, sizeof(code), "0x%08lX", static_cast<unsigned long>(rv) & 0xFFFFFFFFul);
  std::string where = std::string(OperationName(op));
  if (!reader.empty()) where += " in reader \"" + std::string(reader) + "\"";
  const std::string detail = " (" + where + ": " + pcsc_stringify_error(rv) + ", " + code + ")";
  auto make = [&](ErrorCode c, const char* reason, const std::string& text) {
    return MakeError(c, reason, text + detail);
  };
  switch (rv) {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      return make(ErrorCode::kUnavailable, "card.no_service",
                  "the smart-card service (pcscd) is not running");
    case SCARD_E_NO_READERS_AVAILABLE:
      return make(ErrorCode::kNotFound, "card.no_reader", "no card reader is connected");
    case SCARD_E_UNKNOWN_READER:
      if (op == PcscOperation::kWait || DuringSession(op)) {
        return make(ErrorCode::kUnavailable, "card.reader_gone", "the card reader disappeared");
      }
      return make(ErrorCode::kNotFound, "card.no_reader", "the card reader is not connected");
    case SCARD_E_READER_UNAVAILABLE:
      return make(ErrorCode::kUnavailable, "card.reader_gone", "the card reader disappeared");
    case SCARD_E_NO_SMARTCARD:
      if (DuringSession(op)) {
        return make(ErrorCode::kUnavailable, "card.removed", "the card was removed");
      }
      return make(ErrorCode::kNotFound, "card.no_card", "no card in the reader");
    case SCARD_W_REMOVED_CARD:
      return make(ErrorCode::kUnavailable, "card.removed", "the card was removed");
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_W_UNRESPONSIVE_CARD:
      return make(ErrorCode::kUnavailable, "card.unresponsive",
                  "the card does not answer; insert it again (contacts up, away from metal)");
    case SCARD_W_RESET_CARD:
      return make(ErrorCode::kUnavailable, "card.reset", "another program reset the card");
    case SCARD_E_SHARING_VIOLATION:
      return make(ErrorCode::kUnavailable, "card.busy",
                  "the reader is busy: another program is using the card");
    case SCARD_E_TIMEOUT:
      return make(ErrorCode::kDeadlineExceeded, "card.timeout", "timed out");
    case SCARD_E_CANCELLED:
      return make(ErrorCode::kCancelled, "card.cancelled", "cancelled");
    case SCARD_E_PROTO_MISMATCH:
    case SCARD_E_CARD_UNSUPPORTED:
    case SCARD_W_UNSUPPORTED_CARD:
      return make(ErrorCode::kFailedPrecondition, "card.unsupported",
                  "the card does not support the T=1 protocol");
    case SCARD_F_COMM_ERROR:
      if (!DuringSession(op)) {
        return make(ErrorCode::kUnavailable, "card.no_service", "lost contact with pcscd");
      }
      [[fallthrough]];
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_E_COMM_DATA_LOST:
    case SCARD_E_INSUFFICIENT_BUFFER:
      return make(ErrorCode::kUnavailable, "card.transmit_failed",
                  "the reader could not exchange the command with the card");
    default:
      return make(ErrorCode::kInternal, "card.pcsc_error", "unexpected PC/SC error");
  }
}

// ---- PcscCard ----

PcscCard::PcscCard(long context, long handle, unsigned long protocol, std::string reader, Bytes atr)
    : context_(context),
      handle_(handle),
      protocol_(protocol),
      reader_(std::move(reader)),
      atr_(std::move(atr)) {}

PcscCard::~PcscCard() {
  EndTransaction();
  // Reset, not leave: the card forgets a verified PIN (see the class comment).
  SCardDisconnect(handle_, SCARD_RESET_CARD);
}

Status PcscCard::BeginTransaction() {
  if (in_transaction_) return OkStatus();
  LONG rv = SCardBeginTransaction(handle_);
  if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kStatus, reader_);
  in_transaction_ = true;
  return OkStatus();
}

void PcscCard::EndTransaction() {
  if (!in_transaction_) return;
  SCardEndTransaction(handle_, SCARD_LEAVE_CARD);
  in_transaction_ = false;
}

Result<Bytes> PcscCard::Transmit(ByteView command) {
  // Second line of the privacy guard: even code that bypasses ApduChannel cannot select them.
  if (Status allowed = CheckCommandAllowed(command); !allowed.ok()) {
    spdlog::error("internal error: {} (at the PC/SC layer)", allowed.error().ToString());
    return allowed.error();
  }
  const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
  Bytes response(MAX_BUFFER_SIZE_EXTENDED);
  DWORD length = static_cast<DWORD>(response.size());
  LONG rv = SCardTransmit(handle_, pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                          response.data(), &length);
  if (rv != SCARD_S_SUCCESS) return ClassifyTransmitFailure(rv);
  response.resize(length);
  if (length < 2) {
    // Some drivers (vpcd among them) report success with an empty answer when the card went
    // away during the exchange.
    return RemovedOr(MakeError(
        ErrorCode::kDataLoss, "card.bad_response",
        "the reader returned " + std::to_string(length) + " byte(s) without a status word"));
  }
  return response;
}

Error PcscCard::ClassifyTransmitFailure(long rv) {
  switch (rv) {
    case SCARD_E_NOT_TRANSACTED:
    case SCARD_E_COMM_DATA_LOST:
    case SCARD_F_COMM_ERROR:
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_W_UNPOWERED_CARD:
      // Ambiguous: maybe the card was just pulled out.
      return RemovedOr(PcscError(rv, PcscOperation::kTransmit, reader_));
    default:
      return PcscError(rv, PcscOperation::kTransmit, reader_);
  }
}

Error PcscCard::RemovedOr(Error otherwise) {
  // pcscd notices a removal on its next presence poll: watch the reader state until it says
  // empty, or until the settle time passes (then `otherwise` is the real failure).
  SCARD_READERSTATE state{};
  state.szReader = reader_.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  const auto deadline = Clock::now() + kRemovalSettle;
  for (bool first = true;; first = false) {
    LONG wait_rv =
        SCardGetStatusChange(context_, first ? 0 : RemainingMs(false, deadline), &state, 1);
    if (wait_rv == SCARD_E_UNKNOWN_READER ||
        (wait_rv == SCARD_S_SUCCESS && (state.dwEventState & SCARD_STATE_UNKNOWN))) {
      return PcscError(SCARD_E_READER_UNAVAILABLE, PcscOperation::kTransmit, reader_);
    }
    if (wait_rv == SCARD_S_SUCCESS && (state.dwEventState & SCARD_STATE_EMPTY)) {
      return PcscError(SCARD_W_REMOVED_CARD, PcscOperation::kTransmit, reader_);
    }
    if ((wait_rv != SCARD_S_SUCCESS && wait_rv != SCARD_E_TIMEOUT) || Clock::now() >= deadline) {
      return otherwise;
    }
    if (wait_rv == SCARD_S_SUCCESS) {
      state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
  }
}

// ---- PcscContext ----

Result<std::unique_ptr<PcscContext>> PcscContext::Establish() {
  SCARDCONTEXT context = 0;
  LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
  if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kEstablish);
  return std::unique_ptr<PcscContext>(new PcscContext(context));
}

PcscContext::~PcscContext() { SCardReleaseContext(context_); }

void PcscContext::Cancel() { SCardCancel(context_); }

Result<std::vector<std::string>> PcscContext::ListReaders() {
  // Two calls (size, then names); a reader plugged in between makes the buffer too small.
  for (int attempt = 0; attempt < 3; ++attempt) {
    DWORD size = 0;
    LONG rv = SCardListReaders(context_, nullptr, nullptr, &size);
    if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kListReaders);
    std::string buffer(size, '\0');
    rv = SCardListReaders(context_, nullptr, buffer.data(), &size);
    if (rv == SCARD_E_INSUFFICIENT_BUFFER) continue;
    if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kListReaders);
    // A multi-string: names separated by NUL, ended by an empty name.
    std::vector<std::string> readers;
    for (size_t pos = 0; pos < buffer.size() && pos < size;) {
      const size_t end = buffer.find('\0', pos);
      if (end == pos || end == std::string::npos) break;
      readers.push_back(buffer.substr(pos, end - pos));
      pos = end + 1;
    }
    if (readers.empty())
      return PcscError(SCARD_E_NO_READERS_AVAILABLE, PcscOperation::kListReaders);
    return readers;
  }
  return PcscError(SCARD_E_INSUFFICIENT_BUFFER, PcscOperation::kListReaders);
}

Result<std::vector<ReaderState>> PcscContext::ReaderStates() {
  KAKUNIN_ASSIGN_OR_RETURN(std::vector<std::string> names, ListReaders());
  std::vector<SCARD_READERSTATE> states(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    states[i].szReader = names[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  LONG rv = SCardGetStatusChange(context_, 0, states.data(), static_cast<DWORD>(states.size()));
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) return PcscError(rv, PcscOperation::kWait);
  std::vector<ReaderState> out;
  for (size_t i = 0; i < names.size(); ++i) {
    const DWORD s = states[i].dwEventState;
    out.push_back(ReaderState{.name = names[i],
                              .card_present = (s & SCARD_STATE_PRESENT) != 0,
                              .mute = (s & SCARD_STATE_MUTE) != 0,
                              .exclusive = (s & SCARD_STATE_EXCLUSIVE) != 0});
  }
  return out;
}

Result<std::string> PcscContext::ChooseReader(const std::optional<std::string>& wanted) {
  KAKUNIN_ASSIGN_OR_RETURN(std::vector<ReaderState> states, ReaderStates());
  if (wanted.has_value()) {
    for (const ReaderState& s : states) {
      if (s.name == *wanted) return s.name;
    }
    std::string names;
    for (const ReaderState& s : states) names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
    return MakeError(ErrorCode::kNotFound, "card.no_reader",
                     "reader \"" + *wanted + "\" is not connected (connected: " + names + ")");
  }
  for (const ReaderState& s : states) {
    if (s.card_present) return s.name;
  }
  return states.front().name;
}

Status PcscContext::WaitForPresence(const std::string& reader, bool present,
                                    std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline = Clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  SCARD_READERSTATE state{};
  state.szReader = reader.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  for (bool first = true;; first = false) {
    // The first call, with state UNAWARE and no wait, only reads the current state.
    LONG rv = SCardGetStatusChange(context_, first ? 0 : RemainingMs(forever, deadline), &state, 1);
    if (rv == SCARD_E_UNKNOWN_READER ||
        (rv == SCARD_S_SUCCESS && (state.dwEventState & SCARD_STATE_UNKNOWN))) {
      // Unknown at the first look: never connected ("card.no_reader"); later: it went away.
      return PcscError(SCARD_E_UNKNOWN_READER,
                       first ? PcscOperation::kListReaders : PcscOperation::kWait, reader);
    }
    if (rv == SCARD_S_SUCCESS) {
      const bool has_card = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
      if (has_card == present) return OkStatus();
      state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    } else if (rv != SCARD_E_TIMEOUT) {
      return PcscError(rv, PcscOperation::kWait, reader);
    }
    if (!forever && Clock::now() >= deadline) {
      return PcscError(SCARD_E_TIMEOUT, PcscOperation::kWait, reader);
    }
  }
}

Status PcscContext::WaitForCard(const std::string& reader, std::chrono::milliseconds timeout) {
  return WaitForPresence(reader, true, timeout);
}

Status PcscContext::WaitForRemoval(const std::string& reader, std::chrono::milliseconds timeout) {
  return WaitForPresence(reader, false, timeout);
}

Result<std::string> PcscContext::WaitForAnyCard(std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline = Clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  for (;;) {
    std::vector<std::string> names;
    if (auto listed = ListReaders(); listed.ok()) {
      names = std::move(listed).value();
    } else if (listed.error().reason() != "card.no_reader") {
      return listed.error();
    }
    // One entry per reader plus the PnP pseudo-reader, whose upper 16 bits carry the reader
    // count: it fires when a reader is plugged in or out.
    std::vector<SCARD_READERSTATE> states(names.size() + 1);
    for (size_t i = 0; i < names.size(); ++i) states[i].szReader = names[i].c_str();
    states.back().szReader = kPnpReader;
    states.back().dwCurrentState = static_cast<DWORD>(names.size()) << 16;
    bool readers_changed = false;
    for (bool first = true; !readers_changed; first = false) {
      LONG rv = SCardGetStatusChange(context_, first ? 0 : RemainingMs(forever, deadline),
                                     states.data(), static_cast<DWORD>(states.size()));
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
        return PcscError(rv, PcscOperation::kWait);
      }
      for (size_t i = 0; rv == SCARD_S_SUCCESS && i < names.size(); ++i) {
        const DWORD s = states[i].dwEventState;
        if ((s & SCARD_STATE_PRESENT) && !(s & SCARD_STATE_MUTE)) return names[i];
        if (s & SCARD_STATE_UNKNOWN) readers_changed = true;
        states[i].dwCurrentState = s & ~SCARD_STATE_CHANGED;
      }
      if (rv == SCARD_S_SUCCESS && (states.back().dwEventState & SCARD_STATE_CHANGED)) {
        readers_changed = true;
      }
      if (!forever && Clock::now() >= deadline) {
        return PcscError(SCARD_E_TIMEOUT, PcscOperation::kWait);
      }
    }
  }
}

Result<std::unique_ptr<PcscCard>> PcscContext::Connect(const std::string& reader) {
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  LONG rv = SCardConnect(context_, reader.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1, &handle,
                         &protocol);
  if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kConnect, reader);
  BYTE atr[MAX_ATR_SIZE];
  DWORD atr_length = sizeof(atr);
  char name[MAX_READERNAME];
  DWORD name_length = sizeof(name);
  DWORD state = 0;
  rv = SCardStatus(handle, name, &name_length, &state, &protocol, atr, &atr_length);
  if (rv != SCARD_S_SUCCESS) {
    SCardDisconnect(handle, SCARD_LEAVE_CARD);
    return PcscError(rv, PcscOperation::kStatus, reader);
  }
  return std::unique_ptr<PcscCard>(
      new PcscCard(context_, handle, protocol, reader, ToBytes(atr, atr_length)));
}

}  // namespace kakunin::card
