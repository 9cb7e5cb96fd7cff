#pragma once
// The command line of kakunin-vcard (init-ca, issue, run). main() only calls RunCli.

namespace kakunin::vcard {

// Exit codes: 0 ok, 1 runtime error, 2 usage error. Errors are one line on stderr.
int RunCli(int argc, char** argv);

}  // namespace kakunin::vcard
