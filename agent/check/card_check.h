#pragma once
// One card check, as both the CLI (`kakunin-agent check`) and the daemon (`RunCheck`) run it:
// wait for a card, read it (visual or PIN), ask the eligibility service, and build the
// CheckResult to save. Saving and delivery are the caller's (outbox first, always).

#include <chrono>
#include <optional>
#include <string>

#include "agent/card/pcsc.h"
#include "agent/eligibility/eligibility_service.h"
#include "agent/store/local_store.h"
#include "common/core/bytes.h"
#include "common/core/result.h"
#include "kakunin/v1/agent.pb.h"

namespace kakunin::agent {

struct CardCheckRequest {
  v1::IdentityMode mode = v1::IDENTITY_MODE_VISUAL;
  v1::CheckRoute route = v1::CHECK_ROUTE_COUNTER;
  std::string pin;  // PIN mode only; wiped by PerformCardCheck
  std::string contract_insurer;
  std::string reader;  // "" = the first reader that gets a card
  std::chrono::milliseconds wait{30000};
};

struct CardCheckReport {
  // What to save: a completed check, or a failed attempt HQ must see (reader/card faults).
  std::optional<v1::CheckResult> result;
  std::optional<Error> error;  // set when the check did not complete
  std::optional<int> pin_tries_left;
  std::optional<Error> service_error;  // card read, but the online check failed
  std::string reader;
  Bytes atr;
  uint32_t apdus = 0;
  Bytes certificate_sha256;
  bool certificate_in_grace = false;
  bool answered = false;   // the eligibility service answered
  std::string consent_id;  // 居宅同意取得型: consent the service recorded
};

// `ctx` may be cancelled from another thread (daemon shutdown) while waiting for a card.
CardCheckReport PerformCardCheck(card::PcscContext& ctx, CardCheckRequest& request,
                                 eligibility::EligibilityService* service);

// A first home visit checked by card opens the way for later 再照会 (with the consent).
Status RememberFirstVisit(LocalStore& store, const CardCheckReport& report);

// "visual"/"pin" and "counter"/"home-visit"/…; errors are "cli.bad_mode"/"cli.bad_route".
Result<v1::IdentityMode> ParseMode(const std::string& name);
Result<v1::CheckRoute> ParseRoute(const std::string& name);
// HQ's settings as last received (config.json), or defaults (visual) when there are none.
v1::TerminalConfig LoadConfigOrDefault(const std::string& state_dir);
// HQ's settings as last received, or nothing when HQ has not sent any yet (then there is no
// policy to apply).
std::optional<v1::TerminalConfig> LoadReceivedConfig(const std::string& state_dir);

}  // namespace kakunin::agent
