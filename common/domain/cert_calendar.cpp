#include "common/domain/cert_calendar.h"

namespace kakunin::domain {

CertStatus CertStatusOn(const Date& last_valid_day, const Date& today) {
  CertStatus s;
  s.days_left = DaysBetween(today, last_valid_day);
  s.renewal_opens = AddDays(last_valid_day, -kCertWarningDays[0]);
  if (s.days_left < 0) {
    s.urgency = CertUrgency::kExpired;
    s.counter_banner = true;  // the counter must know why checks stopped
    return s;
  }
  s.renewal_open = s.days_left <= kCertWarningDays[0];
  s.counter_banner = s.days_left <= kCounterBannerDays;
  if (s.days_left <= 7) {
    s.urgency = CertUrgency::kWarn7;
  } else if (s.days_left <= 30) {
    s.urgency = CertUrgency::kWarn30;
  } else if (s.days_left <= 60) {
    s.urgency = CertUrgency::kWarn60;
  } else if (s.days_left <= 90) {
    s.urgency = CertUrgency::kWarn90;
  }
  return s;
}

Date TerminalCertificateLastDay(const Date& issued_on) {
  return AddDays(AddMonths(issued_on, 3 * 12 + 3), -1);
}

int WarningThresholdOf(CertUrgency urgency) {
  switch (urgency) {
    case CertUrgency::kWarn90:
      return 90;
    case CertUrgency::kWarn60:
      return 60;
    case CertUrgency::kWarn30:
      return 30;
    case CertUrgency::kWarn7:
      return 7;
    case CertUrgency::kFine:
    case CertUrgency::kExpired:
      break;
  }
  return 0;
}

std::optional<CounterCertNotice> CounterNoticeOn(const std::optional<Date>& terminal_last_day,
                                                 const std::optional<Date>& device_last_day,
                                                 const Date& today) {
  std::optional<CounterCertNotice> terminal, device;
  if (terminal_last_day) {
    CertStatus s = CertStatusOn(*terminal_last_day, today);
    if (s.counter_banner)
      terminal = CounterCertNotice{CounterCert::kTerminal, s, *terminal_last_day};
  }
  if (device_last_day) {
    CertStatus s = CertStatusOn(*device_last_day, today);
    if (s.days_left <= kDeviceCounterBannerDays) {
      device = CounterCertNotice{CounterCert::kDevice, s, *device_last_day};
    }
  }
  if (terminal && device) {
    return device->status.days_left < terminal->status.days_left ? device : terminal;
  }
  return terminal ? terminal : device;
}

}  // namespace kakunin::domain
