#pragma once
// PC/SC access: the only code that includes <winscard.h> (pcsc-lite on Linux, WinSCard on
// Windows). A context lists readers and waits for cards (cancellable from another thread); a
// connected card is a CardTransport. Reader names are UTF-8 here whatever the platform's are.
// Every PC/SC failure becomes an Error with a stable "card.*" reason; nothing here throws,
// crashes or waits without a deadline (except an explicit infinite wait the caller asks for
// and can cancel).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/card/transport.h"
#include "common/core/bytes.h"
#include "common/core/result.h"

namespace kakunin::card {

// PC/SC handles as stored here: SCARDCONTEXT/SCARDHANDLE are long in pcsc-lite, ULONG_PTR
// (64 bits, where long has 32) in WinSCard.
#ifdef _WIN32
using PcscHandle = unsigned long long;
#else
using PcscHandle = long;
#endif

// What was being done when PC/SC failed: the same code means different things (no card at
// connect is "card.no_card", during a transmit it is "card.removed").
enum class PcscOperation { kEstablish, kListReaders, kWait, kConnect, kTransmit, kStatus };

// Maps a PC/SC return code (LONG) to an Error. Reasons: card.no_service, card.no_reader,
// card.reader_gone, card.no_card, card.removed, card.busy, card.timeout, card.cancelled,
// card.unresponsive, card.reset, card.unsupported, card.transmit_failed, card.pcsc_error.
Error PcscError(long rv, PcscOperation operation, std::string_view reader = {});

struct ReaderState {
  std::string name;
  bool card_present = false;
  bool mute = false;       // a card is there but does not answer (dirty contacts, upside down)
  bool exclusive = false;  // another program holds it exclusively
  bool operator==(const ReaderState&) const = default;
};

// A connected card (shared mode, T=1). Disconnecting resets the card, which drops a verified
// PIN: nobody can use the card's key later in the same card session without the PIN.
// Must not outlive the PcscContext that connected it.
class PcscCard : public CardTransport {
 public:
  ~PcscCard() override;
  PcscCard(const PcscCard&) = delete;
  PcscCard& operator=(const PcscCard&) = delete;

  // Refuses forbidden SELECTs (deny_list.h) before they reach the card. A failure is
  // classified: the card was removed, the reader went away, or the transmit itself failed.
  Result<Bytes> Transmit(ByteView command) override;

  // Exclusive access for a multi-command sequence (VERIFY then SIGN must not interleave with
  // another program). Ended by EndTransaction or by the destructor.
  Status BeginTransaction();
  void EndTransaction();

  const std::string& reader() const { return reader_; }
  const Bytes& atr() const { return atr_; }

 private:
  friend class PcscContext;
  PcscCard(PcscHandle context, PcscHandle handle, unsigned long protocol, std::string reader,
           Bytes atr);
  Error ClassifyTransmitFailure(long rv);
  // "card.removed" / "card.reader_gone" if the reader reports so within a short settle time,
  // else `otherwise`.
  Error RemovedOr(Error otherwise);

  PcscHandle context_;
  PcscHandle handle_;
  unsigned long protocol_;
  std::string reader_;
  Bytes atr_;
  bool in_transaction_ = false;
};

class PcscContext {
 public:
  // "card.no_service" when pcscd is not running.
  static Result<std::unique_ptr<PcscContext>> Establish();
  ~PcscContext();
  PcscContext(const PcscContext&) = delete;
  PcscContext& operator=(const PcscContext&) = delete;

  // "card.no_reader" when no reader is connected (never an empty list).
  Result<std::vector<std::string>> ListReaders();
  // The current state of every reader, without waiting.
  Result<std::vector<ReaderState>> ReaderStates();
  // `wanted` when given and connected; otherwise the first reader holding a card, else the
  // first reader. "card.no_reader" when there is none or `wanted` is not connected.
  Result<std::string> ChooseReader(const std::optional<std::string>& wanted);

  // Return when a card is present in / absent from `reader` (at once if it already is).
  // "card.timeout" after `timeout` (negative = wait forever), "card.cancelled" after Cancel(),
  // "card.reader_gone" if the reader disappears, "card.no_reader" if it is not connected.
  Status WaitForCard(const std::string& reader, std::chrono::milliseconds timeout);
  Status WaitForRemoval(const std::string& reader, std::chrono::milliseconds timeout);
  // Waits for a card in any reader (readers may be plugged in meanwhile); returns its reader.
  Result<std::string> WaitForAnyCard(std::chrono::milliseconds timeout);

  // Blocks in one SCardGetStatusChange over every reader and the PnP notification until a
  // reader's PC/SC state changes (a card put in or taken out, a program connecting or letting
  // go, a reader plugged in or out) or `timeout` passes (negative = forever); returns the states
  // then (empty when no reader is left). Returns at once when the readers already differ from
  // `known`. "card.timeout", "card.cancelled" after Cancel(). No polling: the thread sleeps.
  Result<std::vector<ReaderState>> WaitForStateChange(const std::vector<ReaderState>& known,
                                                      std::chrono::milliseconds timeout);

  // Thread-safe: makes a blocked Wait* on this context return "card.cancelled".
  void Cancel();

  // Shared mode, T=1. "card.no_card", "card.busy" (another program holds the reader
  // exclusively), "card.unsupported" (the card does not speak T=1), "card.no_reader".
  Result<std::unique_ptr<PcscCard>> Connect(const std::string& reader);

 private:
  explicit PcscContext(PcscHandle context) : context_(context) {}
  // ListReaders with "no reader" as an empty list.
  Result<std::vector<std::string>> ListReadersOrNone();
  Status WaitForPresence(const std::string& reader, bool present,
                         std::chrono::milliseconds timeout);

  PcscHandle context_;
};

}  // namespace kakunin::card
