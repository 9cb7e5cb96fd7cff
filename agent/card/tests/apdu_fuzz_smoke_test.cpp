// Runs the libFuzzer entry point (fuzz/apdu_fuzz.cpp) over hand-picked and pseudo-random
// inputs, so the target compiles and its invariants hold in the normal build too.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "common/core/bytes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace kakunin::card {
namespace {

int RunFuzzer(const Bytes& input) { return LLVMFuzzerTestOneInput(input.data(), input.size()); }

TEST(ApduFuzzSmokeTest, HandPickedInputs) {
  for (std::string_view hex :
       {"", "00", "009000", "01308204d2", "02308204d2", "0230030201", "0300a4040c0ad392100031",
        // Probe against a card answering 9000, 9000, then a 61xx chain.
        "040002900000029000000261000003aabb90"}) {
    EXPECT_EQ(RunFuzzer(FromHex(hex).value()), 0) << hex;
  }
}

TEST(ApduFuzzSmokeTest, RandomInputs) {
  std::mt19937 rng(20240601);
  for (int i = 0; i < 20000; ++i) {
    Bytes input(rng() % 600);
    for (uint8_t& b : input) b = static_cast<uint8_t>(rng());
    // Bias towards plausible answers: status words and DER headers.
    if (input.size() > 6 && i % 3 == 0) {
      input[1] = 0x30;
      input[2] = 0x82;
    }
    ASSERT_EQ(RunFuzzer(input), 0);
  }
}

}  // namespace
}  // namespace kakunin::card
