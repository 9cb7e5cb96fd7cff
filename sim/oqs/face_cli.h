#pragma once
// The `face` and `face-delete` modes of kakunin-oqs-sim (argv[1] selects them). Exit codes:
// 0 done, 1 failure, 2 usage error.

namespace kakunin::sim {

// kakunin-oqs-sim face --res DIR [...]: drops face-reader answer files.
int FaceMain(int argc, char** argv);
// kakunin-oqs-sim face-delete --dir DIR --after-ms MS [--pid-file F]: the deleting process.
int FaceDeleteMain(int argc, char** argv);

}  // namespace kakunin::sim
