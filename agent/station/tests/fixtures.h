#pragma once
// Check results and daemon statuses as the daemon sends them, for the window's tests. The
// patients are fictitious but consistent: kana read the name, each person has their own insured
// number, and the insurer and public-expense numbers pass the check-digit rule.

#include <google/protobuf/util/time_util.h>

#include <string>

#include "common/domain/date.h"
#include "kakunin/v1/local.pb.h"

namespace kakunin::station::testing {

inline v1::AgentStatus Status(bool connected = true, uint64_t depth = 0) {
  v1::AgentStatus s;
  s.set_connected(connected);
  s.set_device_id("dev-ekimae-1");
  s.set_site_name("かくにん薬局 駅前店");
  s.set_outbox_depth(depth);
  s.set_reader_name("SCM SCR 3310 [CCID Interface] 00 00");
  s.set_reader_status("ready");
  s.set_extended_apdu(true);
  s.set_extended_apdu_known(true);
  s.set_pin_tries_left(3);
  auto* c = s.mutable_config();
  c->set_version(7);
  c->set_default_mode(v1::IDENTITY_MODE_VISUAL);
  c->set_local_mode_override_allowed(true);
  c->set_site_name("かくにん薬局 駅前店");
  c->add_allowed_routes(v1::CHECK_ROUTE_COUNTER);
  c->add_allowed_routes(v1::CHECK_ROUTE_HOME_VISIT);
  c->add_allowed_routes(v1::CHECK_ROUTE_DRIVE_THROUGH);
  c->set_outbox_warn_depth(1000);
  return s;
}

inline google::protobuf::Timestamp Now() {
  return google::protobuf::util::TimeUtil::GetCurrentTime();
}

inline v1::CheckResult Eligible(const std::string& id = "3f1c2a9e-0001") {
  v1::CheckResult r;
  r.set_check_id(id);
  r.set_sequence(1042);
  *r.mutable_checked_at() = Now();
  r.set_mode(v1::IDENTITY_MODE_PIN);
  r.set_route(v1::CHECK_ROUTE_COUNTER);
  r.set_source(v1::CHECK_SOURCE_CARD);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  auto* e = r.mutable_eligibility();
  e->set_insurer_number("06139992");
  e->set_insurer_name("かくにん健康保険組合");
  e->set_card_classification("01");  // a code, as the service sends it
  e->set_insured_symbol("1234");
  e->set_insured_number("56789");
  e->set_insured_branch_number("00");
  e->set_personal_family(1);
  e->set_name("山田 花子");
  e->set_name_kana("ヤマダ ハナコ");
  e->set_sex(v1::SEX_FEMALE);
  e->set_birth_date("1985-04-12");
  e->set_address("東京都千代田区千代田1-1");
  e->set_post_number("1000001");
  e->set_qualification_date("2019-04-01");
  e->set_valid_from("2019-04-01");
  e->set_copayment_percent(30);
  e->set_insurer_kind("被用者保険");
  r.mutable_reader()->set_name("SCM SCR 3310");
  r.mutable_reader()->set_extended_apdu(true);
  r.mutable_reader()->set_atr_hex("3b8a80019078b3a1a0b0c1e3");
  r.set_certificate_not_after("2029-04-12");
  r.set_certificate_digest(std::string("\x9a\x41\x07\xee\x10\x22\x5c\x01", 8));
  r.set_apdu_count(8);
  r.set_duration_ms(1840);
  return r;
}

// 資格喪失: the patient joined another insurance on 2026-09-30.
inline v1::CheckResult Lost() {
  v1::CheckResult r = Eligible("3f1c2a9e-0002");
  r.set_mode(v1::IDENTITY_MODE_VISUAL);
  r.set_outcome(v1::OUTCOME_INELIGIBLE);
  auto* e = r.mutable_eligibility();
  e->set_insured_number("60211");  // another person: another number
  e->set_name("佐藤 一郎");
  e->set_name_kana("サトウ イチロウ");
  e->set_sex(v1::SEX_MALE);
  e->set_birth_date("1958-11-03");
  e->set_valid_to("2026-09-30");
  e->set_disqualification_date("2026-09-30");
  e->set_loss_reason("03");
  return r;
}

// Public assistance (医療扶助) with the 医療券's numbers, issued for the month of the check
// (Japan time) when `months_ago` is 0, or for an earlier month.
inline v1::CheckResult WithMedicalAid(int months_ago = 0) {
  v1::CheckResult r = Eligible("3f1c2a9e-0003");
  const domain::Date today = domain::JapanDateOf(r.checked_at().seconds());
  const domain::Date month = domain::AddMonths({today.year, today.month, 1}, -months_ago);
  auto* aid = r.mutable_eligibility()->mutable_medical_aid();
  aid->set_public_expense_number("12131504");  // 法別12 東京都, check digit 4
  aid->set_beneficiary_number("1234566");      // check digit 6
  aid->set_valid_from(domain::FormatIso(month));
  aid->set_valid_to(domain::FormatIso(domain::EndOfMonth(month)));
  aid->set_designated_institution("かくにん薬局 駅前店");
  r.mutable_eligibility()->set_copayment_percent(0);
  return r;
}

}  // namespace kakunin::station::testing
