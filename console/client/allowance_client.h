#pragma once
// Issue 19: the branch manager's one-time 目視確認 calls of the console (blocking; worker threads
// only), over the session of a ConsoleClient.

#include <memory>
#include <string>

#include "common/core/result.h"
#include "console/client/console_client.h"

namespace kakunin::console {

Result<v1::VisualAllowanceRecord> GrantVisualAllowance(ConsoleClient& session,
                                                       const std::string& device_id,
                                                       const std::string& reason);
Result<v1::ListVisualAllowancesResponse> ListVisualAllowances(ConsoleClient& session,
                                                              const std::string& device_id);

}  // namespace kakunin::console
