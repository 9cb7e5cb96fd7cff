// libFuzzer target over the site import: charset detection, the CSV parser and the per-row
// checks, on arbitrary bytes. Nothing may crash, and every error must sit on a row that exists.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/site/site_import.h"
#include "common/text/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)kakunin::text::ParseCsv(bytes, {.max_records = 1000, .max_fields = 64});
  auto plan = kakunin::site::ParseSiteImport(bytes, {.max_file_bytes = 64 * 1024, .max_rows = 200});
  if (plan.ok()) {
    for (const auto& row : plan->rows) {
      if (row.cells.size() != static_cast<size_t>(kakunin::site::kImportColumnCount)) abort();
      for (const auto& e : row.errors) {
        if (e.message.empty()) abort();
      }
    }
  }
  return 0;
}
