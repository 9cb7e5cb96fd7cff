#pragma once
// Every audit event type the server writes (AuditEvent(...) in server/), grouped by family, the
// part before the dot that the audit search takes as a prefix. One list for the console's labels
// and event filter; console/tests/audit_model_test.cpp scans the server's sources against it, so
// a new event cannot reach the audit page without a label.

#include <string_view>

namespace kakunin::audit {

inline constexpr std::string_view kEventTypes[] = {
    "check.result",
    "check.rejected",
    "check.refused",
    "result.viewed",
    "visual_allowance.granted",
    "visual_allowance.refused",
    "device.token_issued",
    "device.enrolled",
    "device.enroll_refused",
    "device.approved",
    "device.revoked",
    "device.status",
    "device.cert_renewed",
    "device.cert_adopted",
    "device.route_set",
    "device.sequence_gap",
    "user.login",
    "user.logout",
    "user.login_failed",
    "user.login_throttled",
    "user.login_locked",
    "user.locked",
    "user.created",
    "user.updated",
    "site.saved",
    "site.imported",
    "site.terminal_cert_set",
    "onboarding.stage_saved",
    "subsidy.claim_created",
    "subsidy.claim_updated",
    "subsidy.claim_state_changed",
    "subsidy.receipt_uploaded",
    "subsidy.receipt_deleted",
    "subsidy.programme_saved",
    "subsidy.programmes_loaded",
    "retention.purged",
    "audit.exported",
    "audit.restored",
};

}  // namespace kakunin::audit
