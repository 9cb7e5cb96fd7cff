#include "agent/card/pcsc.h"

#include <spdlog/spdlog.h>
#include <winscard.h>

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "agent/card/deny_list.h"
#ifdef _WIN32
#include "common/os/utf16_win.h"
#endif

namespace kakunin::card {
namespace {

static_assert(std::is_same_v<SCARDCONTEXT, PcscHandle> && std::is_same_v<SCARDHANDLE, PcscHandle>,
              "pcsc.h stores PC/SC handles as PcscHandle");
static_assert(std::is_same_v<DWORD, unsigned long>, "pcsc.h stores the protocol as unsigned long");

using Clock = std::chrono::steady_clock;

// Where pcsc-lite and WinSCard differ: WinSCard's reader names are UTF-16 (the W functions; the
// A ones would use the ANSI code page, CP932 on a Japanese system), it has no
// pcsc_stringify_error, and its buffers are sized differently.
#ifdef _WIN32
using PcscString = std::wstring;
using PcscReaderState = SCARD_READERSTATEW;
const wchar_t kPnpReader[] = L"\\\\?PnP?\\Notification";
constexpr char kServiceName[] = "the smart-card service (SCardSvr)";
// pcsc-lite's MAX_BUFFER_SIZE_EXTENDED: the largest extended APDU response and its status word.
constexpr size_t kMaxResponse = 4 + 3 + (1 << 16) + 3 + 2;
constexpr size_t kMaxAtr = 36;  // SCARD_READERSTATEW's rgbAtr
PcscString ToPcsc(const std::string& utf8) { return os::Widen(utf8); }
std::string FromPcsc(const PcscString& name) { return os::Narrow(name); }
LONG ListReadersRaw(SCARDCONTEXT c, wchar_t* buffer, DWORD* size) {
  return SCardListReadersW(c, nullptr, buffer, size);
}
LONG GetStatusChange(SCARDCONTEXT c, DWORD timeout, PcscReaderState* states, DWORD count) {
  return SCardGetStatusChangeW(c, timeout, states, count);
}
LONG ConnectRaw(SCARDCONTEXT c, const PcscString& reader, SCARDHANDLE* handle, DWORD* protocol) {
  return SCardConnectW(c, reader.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1, handle, protocol);
}
LONG StatusRaw(SCARDHANDLE h, DWORD* state, DWORD* protocol, BYTE* atr, DWORD* atr_length) {
  DWORD name_length = 0;  // a null name buffer: only its length comes back
  return SCardStatusW(h, nullptr, &name_length, state, protocol, atr, atr_length);
}
std::string StringifyError(LONG rv) { return os::SystemMessage(static_cast<DWORD>(rv)); }
#else
using PcscString = std::string;
using PcscReaderState = SCARD_READERSTATE;
constexpr char kPnpReader[] = "\\\\?PnP?\\Notification";
constexpr char kServiceName[] = "the smart-card service (pcscd)";
constexpr size_t kMaxResponse = MAX_BUFFER_SIZE_EXTENDED;
constexpr size_t kMaxAtr = MAX_ATR_SIZE;
PcscString ToPcsc(const std::string& utf8) { return utf8; }
std::string FromPcsc(const PcscString& name) { return name; }
LONG ListReadersRaw(SCARDCONTEXT c, char* buffer, DWORD* size) {
  return SCardListReaders(c, nullptr, buffer, size);
}
LONG GetStatusChange(SCARDCONTEXT c, DWORD timeout, PcscReaderState* states, DWORD count) {
  return SCardGetStatusChange(c, timeout, states, count);
}
LONG ConnectRaw(SCARDCONTEXT c, const PcscString& reader, SCARDHANDLE* handle, DWORD* protocol) {
  return SCardConnect(c, reader.c_str(), SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1, handle, protocol);
}
LONG StatusRaw(SCARDHANDLE h, DWORD* state, DWORD* protocol, BYTE* atr, DWORD* atr_length) {
  char name[MAX_READERNAME];
  DWORD name_length = sizeof(name);
  return SCardStatus(h, name, &name_length, state, protocol, atr, atr_length);
}
std::string StringifyError(LONG rv) { return pcsc_stringify_error(rv); }
#endif
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

ReaderState StateOf(const std::string& name, DWORD event) {
  return ReaderState{.name = name,
                     .card_present = (event & SCARD_STATE_PRESENT) != 0,
                     .mute = (event & SCARD_STATE_MUTE) != 0,
                     .exclusive = (event & SCARD_STATE_EXCLUSIVE) != 0};
}

// The state array of a wait over readers: one entry per reader (UNAWARE, so the first call
// reads where things stand) and the PnP pseudo-reader, whose upper 16 bits carry the reader
// count, so that it fires when a reader is plugged in or out.
class ReaderWatch {
 public:
  explicit ReaderWatch(std::vector<std::string> names) : names_(std::move(names)) {
    for (const std::string& name : names_) pcsc_names_.push_back(ToPcsc(name));
    states_.resize(names_.size() + 1);  // value-initialized: SCARD_STATE_UNAWARE
    for (size_t i = 0; i < names_.size(); ++i) states_[i].szReader = pcsc_names_[i].c_str();
    states_.back().szReader = kPnpReader;
    states_.back().dwCurrentState = static_cast<DWORD>(names_.size()) << 16;
  }
  ReaderWatch(const ReaderWatch&) = delete;  // states_ point into pcsc_names_
  ReaderWatch& operator=(const ReaderWatch&) = delete;

  LONG Wait(SCARDCONTEXT context, DWORD timeout_ms) {
    return GetStatusChange(context, timeout_ms, states_.data(), static_cast<DWORD>(states_.size()));
  }
  // After a successful Wait: a reader went away or one was plugged in (list them again).
  bool ReadersChanged() const {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (states_[i].dwEventState & SCARD_STATE_UNKNOWN) return true;
    }
    return (states_.back().dwEventState & SCARD_STATE_CHANGED) != 0;
  }
  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }
  DWORD event(size_t i) const { return states_[i].dwEventState; }
  std::vector<ReaderState> States() const {
    std::vector<ReaderState> out;
    for (size_t i = 0; i < names_.size(); ++i) out.push_back(StateOf(names_[i], event(i)));
    return out;
  }
  // What was seen becomes the readers' current state: the next Wait sleeps until it changes.
  void Acknowledge() {
    for (size_t i = 0; i < names_.size(); ++i) {
      states_[i].dwCurrentState = states_[i].dwEventState & ~SCARD_STATE_CHANGED;
    }
  }

 private:
  std::vector<std::string> names_;
  std::vector<PcscString> pcsc_names_;
  std::vector<PcscReaderState> states_;
};

}  // namespace

Error PcscError(long rv, PcscOperation op, std::string_view reader) {
  char code[16];
  std::snprintf(code, sizeof(code), "0x%08lX", static_cast<unsigned long>(rv) & 0xFFFFFFFFul);
  std::string where = std::string(OperationName(op));
  if (!reader.empty()) where += " in reader \"" + std::string(reader) + "\"";
  const std::string detail = " (" + where + ": " + StringifyError(rv) + ", " + code + ")";
  auto make = [&](ErrorCode c, const char* reason, const std::string& text) {
    return MakeError(c, reason, text + detail);
  };
  switch (rv) {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
      return make(ErrorCode::kUnavailable, "card.no_service",
                  std::string(kServiceName) + " is not running");
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

PcscCard::PcscCard(PcscHandle context, PcscHandle handle, unsigned long protocol,
                   std::string reader, Bytes atr)
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
  Bytes response(kMaxResponse);
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
  const PcscString name = ToPcsc(reader_);
  PcscReaderState state{};
  state.szReader = name.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  const auto deadline = Clock::now() + kRemovalSettle;
  for (bool first = true;; first = false) {
    LONG wait_rv = GetStatusChange(context_, first ? 0 : RemainingMs(false, deadline), &state, 1);
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
    LONG rv = ListReadersRaw(context_, nullptr, &size);
    if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kListReaders);
    PcscString buffer(size, '\0');
    rv = ListReadersRaw(context_, buffer.data(), &size);
    if (rv == SCARD_E_INSUFFICIENT_BUFFER) continue;
    if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kListReaders);
    // A multi-string: names separated by NUL, ended by an empty name.
    std::vector<std::string> readers;
    for (size_t pos = 0; pos < buffer.size() && pos < size;) {
      const size_t end = buffer.find('\0', pos);
      if (end == pos || end == std::string::npos) break;
      readers.push_back(FromPcsc(buffer.substr(pos, end - pos)));
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
  std::vector<PcscString> pcsc_names;
  for (const std::string& name : names) pcsc_names.push_back(ToPcsc(name));
  std::vector<PcscReaderState> states(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    states[i].szReader = pcsc_names[i].c_str();
    states[i].dwCurrentState = SCARD_STATE_UNAWARE;
  }
  LONG rv = GetStatusChange(context_, 0, states.data(), static_cast<DWORD>(states.size()));
  if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) return PcscError(rv, PcscOperation::kWait);
  std::vector<ReaderState> out;
  for (size_t i = 0; i < names.size(); ++i)
    out.push_back(StateOf(names[i], states[i].dwEventState));
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
  const PcscString name = ToPcsc(reader);
  PcscReaderState state{};
  state.szReader = name.c_str();
  state.dwCurrentState = SCARD_STATE_UNAWARE;
  for (bool first = true;; first = false) {
    // The first call, with state UNAWARE and no wait, only reads the current state.
    LONG rv = GetStatusChange(context_, first ? 0 : RemainingMs(forever, deadline), &state, 1);
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

Result<std::vector<std::string>> PcscContext::ListReadersOrNone() {
  auto listed = ListReaders();
  if (!listed.ok() && listed.error().reason() == "card.no_reader") {
    return std::vector<std::string>{};
  }
  return listed;
}

Result<std::string> PcscContext::WaitForAnyCard(std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline = Clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  for (;;) {  // once per reader list: a plugged or unplugged reader makes a new one
    KAKUNIN_ASSIGN_OR_RETURN(std::vector<std::string> names, ListReadersOrNone());
    ReaderWatch watch(std::move(names));
    for (bool first = true;; first = false) {
      LONG rv = watch.Wait(context_, first ? 0 : RemainingMs(forever, deadline));
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
        return PcscError(rv, PcscOperation::kWait);
      }
      if (rv == SCARD_S_SUCCESS) {
        for (size_t i = 0; i < watch.size(); ++i) {
          const DWORD s = watch.event(i);
          if ((s & SCARD_STATE_PRESENT) && !(s & SCARD_STATE_MUTE)) return watch.name(i);
        }
        if (watch.ReadersChanged()) break;
        watch.Acknowledge();
      }
      if (!forever && Clock::now() >= deadline) {
        return PcscError(SCARD_E_TIMEOUT, PcscOperation::kWait);
      }
    }
  }
}

Result<std::vector<ReaderState>> PcscContext::WaitForStateChange(
    const std::vector<ReaderState>& known, std::chrono::milliseconds timeout) {
  const bool forever = timeout.count() < 0;
  const auto deadline = Clock::now() + (forever ? std::chrono::milliseconds(0) : timeout);
  for (bool relisted = false;; relisted = true) {
    KAKUNIN_ASSIGN_OR_RETURN(std::vector<std::string> names, ListReadersOrNone());
    ReaderWatch watch(std::move(names));
    for (bool first = true;; first = false) {
      // The first call (readers UNAWARE, no wait) only reads where things stand; with no reader
      // at all it times out at once.
      LONG rv = watch.Wait(context_, first ? 0 : RemainingMs(forever, deadline));
      if (rv != SCARD_S_SUCCESS && rv != SCARD_E_TIMEOUT) {
        return PcscError(rv, PcscOperation::kWait);
      }
      if (rv == SCARD_S_SUCCESS && watch.ReadersChanged()) break;  // list the readers again
      if (rv == SCARD_S_SUCCESS || first) {
        std::vector<ReaderState> now = watch.States();
        // A change once asleep, or a difference at the first look (after a relisting always:
        // the set of readers itself changed).
        if (!first || relisted || now != known) return now;
        watch.Acknowledge();
      }
      if (!first && !forever && Clock::now() >= deadline) {
        return PcscError(SCARD_E_TIMEOUT, PcscOperation::kWait);
      }
    }
  }
}

Result<std::unique_ptr<PcscCard>> PcscContext::Connect(const std::string& reader) {
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  LONG rv = ConnectRaw(context_, ToPcsc(reader), &handle, &protocol);
  if (rv != SCARD_S_SUCCESS) return PcscError(rv, PcscOperation::kConnect, reader);
  BYTE atr[kMaxAtr];
  DWORD atr_length = sizeof(atr);
  DWORD state = 0;
  rv = StatusRaw(handle, &state, &protocol, atr, &atr_length);
  if (rv != SCARD_S_SUCCESS) {
    SCardDisconnect(handle, SCARD_LEAVE_CARD);
    return PcscError(rv, PcscOperation::kStatus, reader);
  }
  return std::unique_ptr<PcscCard>(
      new PcscCard(context_, handle, protocol, reader, ToBytes(atr, atr_length)));
}

}  // namespace kakunin::card
