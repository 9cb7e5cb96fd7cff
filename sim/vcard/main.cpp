// kakunin-vcard: a virtual My Number Card for tests. All logic lives in kakunin_vcard.
#include "sim/vcard/cli.h"

int main(int argc, char** argv) { return kakunin::vcard::RunCli(argc, argv); }
