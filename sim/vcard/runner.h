#pragma once
// `kakunin-vcard run`: connects the virtual card to vpcd (the virtual reader driver of
// pcscd) and serves APDUs until SIGTERM/SIGINT. vpcd protocol: the card is a TCP client; each
// message is a 2-byte big-endian length and a payload; a 1-byte payload from vpcd is a control
// command (00 power off, 01 power on, 02 reset, 04 get ATR), anything longer a C-APDU.
// Closing the connection is how the card leaves the reader.
//
// The control socket (a Unix stream socket) takes one command per line and answers one line:
//   remove            → "ok removed"                     (disconnect = card pulled out)
//   insert [CARD]     → "ok inserted ..." once connected (optionally another card profile)
//   status            → "ok inserted=1 connected=1 serial=… pin_tries_left=3
//                        forbidden_selects=0 apdus=12 card=PATH"
// and "error <message>" when a command fails.

#include <string>

namespace kakunin::vcard {

struct RunOptions {
  std::string card_path;
  std::string host = "127.0.0.1";
  int port = 35963;  // vpcd's default (0x8C7B)
  bool extended_apdu = true;
  std::string apdu_log_path;  // "" = none
  std::string control_path;   // "" = none
  int connect_timeout_ms = 30000;
};

// Returns the process exit code: 0 after SIGTERM/SIGINT, 1 on errors (reported on stderr).
int RunVirtualCard(const RunOptions& options);

}  // namespace kakunin::vcard
