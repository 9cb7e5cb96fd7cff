#pragma once
// The certificate calendar (issue 19): every certificate that can stop a store from checking —
// each terminal's Kakunin device certificate (renewed automatically: when it last happened and
// last failed) and each store's 資格確認端末 certificate (read by the agent from the file HQ
// named, else HQ's record) — with days left and urgency by common/domain/cert_calendar.h.
// Nothing here reads patient data.

#include <functional>
#include <string>
#include <vector>

#include "common/core/result.h"
#include "common/domain/date.h"
#include "kakunin/v1/console.pb.h"
#include "server/storage/pool.h"

namespace kakunin::server {

// What HQ may record for a store's 資格確認端末 certificate, checked at the edge. Refusals are
// kInvalidArgument with a reason id and a Japanese sentence for the person at the console:
// cert.bad_date, cert.both_dates, cert.date_out_of_range, cert.bad_path.
Status ValidateTerminalCertificateRequest(const v1::SetTerminalCertificateExpiryRequest& request,
                                          const domain::Date& today);

// Entries that warn HQ: a 資格確認端末 certificate at 90/60/30/7 days or expired; a device
// certificate from 30 days (it renews itself before that) or expired. Most urgent first.
std::vector<v1::CertificateEntry> CertificateWarnings(const v1::CertificateCalendar& calendar);

class CertCalendarStore {
 public:
  CertCalendarStore(ConnectionPool* pool, std::function<domain::Date()> today)
      : pool_(pool), today_(std::move(today)) {}

  // Every visible site's certificates (`site_scope` nullptr = every site; `site_id` "" = all
  // of them), most urgent first.
  Result<v1::CertificateCalendar> Calendar(const std::vector<std::string>* site_scope,
                                           const std::string& site_id = "");

  // HQ records a store's 資格確認端末 certificate (validated; both dates empty and no path
  // clears the record). One audit event when something changed ("site.terminal_cert_set");
  // the store's terminals get their settings again. The store's terminal entry afterwards.
  Result<v1::CertificateEntry> SetTerminalCertificate(
      const v1::SetTerminalCertificateExpiryRequest& request, const std::string& actor);

  domain::Date today() const { return today_(); }

 private:
  ConnectionPool* pool_;
  std::function<domain::Date()> today_;
};

}  // namespace kakunin::server
