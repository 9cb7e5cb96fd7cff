// Proves that readers of one model, on any slot, port or serial, and on Linux or Windows, fall
// into one group for HQ's failure report.
#include "common/domain/reader_model.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

TEST(ReaderModelTest, NamesFromPcscLiteAndWinScard) {
  struct Case {
    const char* name;
    const char* model;
  };
  const Case cases[] = {
      {"SCM SCR 3310 [CCID Interface] 00 00", "SCM SCR 3310"},
      {"SCM SCR 3310 [CCID Interface] 01 00", "SCM SCR 3310"},
      {"Sony FeliCa Port/PaSoRi 4.0 (0123456789) 00 00", "Sony FeliCa Port/PaSoRi 4.0"},
      {"ACS ACR39U ICC Reader 00 00", "ACS ACR39U ICC Reader"},
      {"Virtual PCD 00 01", "Virtual PCD"},
      {"SCM Microsystems Inc. SCR3310 USB Smart Card Reader 0",
       "SCM Microsystems Inc. SCR3310 USB Smart Card Reader"},
      {"Identiv uTrust 2700 R Smart Card Reader [CCID Interface] (55041234) 00 00",
       "Identiv uTrust 2700 R Smart Card Reader"},
      {"SCR 3310", "SCR 3310"},  // no suffix: the model number stays
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ReaderModel(c.name), c.model);
  }
}

}  // namespace
}  // namespace kakunin::domain
