// libFuzzer target over ParseProgrammes and CheckReceiptFile: any bytes must give a value or an
// Error, never a crash; a parsed programme file must survive a write/parse round trip unchanged.
// Also the console's way in (ProgrammeStore's ParseStored): text that CheckProgrammeObjectText
// lets through is parsed and written back out (recursive) without overflowing the stack.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/subsidy/programme_data.h"
#include "common/subsidy/receipt_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace subsidy = kakunin::subsidy;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  (void)subsidy::ParseProgrammes(text);
  if (subsidy::CheckProgrammeObjectText(text).ok()) {
    auto object = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
    nlohmann::ordered_json file = {{"programmes", nlohmann::ordered_json::array({object})}};
    (void)file.dump();
  }
  auto file = subsidy::ParseProgrammeFile(text);
  if (file.ok()) {
    const std::string written = subsidy::ProgrammesToJson(*file);
    auto again = subsidy::ParseProgrammeFile(written);
    if (!again.ok()) {
      std::fprintf(stderr, "written file does not parse: %s\n", again.error().ToString().c_str());
      std::abort();
    }
    if (!subsidy::SameProgrammeFile(*file, *again) ||
        subsidy::ProgrammesToJson(*again) != written) {
      std::fprintf(stderr, "round trip changed the programmes\n");
      std::abort();
    }
  }

  // The name's extension rotates with the size so that every type meets a matching and a
  // mismatching name; the limit sits just under some sizes to reach the too-large branch.
  static constexpr const char* kNames[] = {"領収書.pdf", "receipt.JPG", "r.jpeg",
                                           "scan.png",   "noextension", "dir/x.pdf.exe"};
  const kakunin::ByteView bytes(data, size);
  (void)subsidy::CheckReceiptFile(bytes, kNames[size % 6], size % 7 == 0 ? size - 1 : size);
  return 0;
}
