#include "agent/station/models/labels.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

#include "common/domain/copayment.h"
#include "common/domain/date.h"

namespace kakunin::station {

QString Labels::Mode(v1::IdentityMode mode) {
  switch (mode) {
    case v1::IDENTITY_MODE_VISUAL:
      return tr("Visual check");
    case v1::IDENTITY_MODE_PIN:
      return tr("PIN");
    case v1::IDENTITY_MODE_FACE_READER:
      return tr("Face-recognition card reader");
    default:
      return tr("Not recorded");
  }
}

QString Labels::Route(v1::CheckRoute route) {
  switch (route) {
    case v1::CHECK_ROUTE_COUNTER:
      return tr("Counter");
    case v1::CHECK_ROUTE_HOME_VISIT:
      return tr("Home visit (regular)");
    case v1::CHECK_ROUTE_HOUSE_CALL:
      return tr("House call");
    case v1::CHECK_ROUTE_ONLINE:
      return tr("Online consultation");
    case v1::CHECK_ROUTE_WARD:
      return tr("Ward");
    case v1::CHECK_ROUTE_FEVER:
      return tr("Fever clinic");
    case v1::CHECK_ROUTE_DRIVE_THROUGH:
      return tr("Drive-through");
    case v1::CHECK_ROUTE_DEVICE_FAILURE:
      return tr("Face-recognition reader out of order");
    default:
      return tr("Not recorded");
  }
}

QString Labels::Source(v1::CheckSource source) {
  switch (source) {
    case v1::CHECK_SOURCE_CARD:
      return tr("My Number Card");
    case v1::CHECK_SOURCE_RECHECK:
      return tr("Re-inquiry by insured number");
    case v1::CHECK_SOURCE_DOCUMENT:
      return tr("Document");
    case v1::CHECK_SOURCE_FACE_READER:
      return tr("Face-recognition card reader (on-site terminal)");
    default:
      return tr("Not recorded");
  }
}

QString Labels::Outcome(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_ELIGIBLE:
      return tr("Eligible");
    case v1::OUTCOME_INELIGIBLE:
      return tr("Coverage lost");
    case v1::OUTCOME_NOT_FOUND:
      return tr("No coverage found");
    case v1::OUTCOME_NOT_REGISTERED:
      return tr("Card not registered for health insurance");
    case v1::OUTCOME_CERTIFICATE_EXPIRED:
      return tr("Card certificate expired");
    case v1::OUTCOME_CERTIFICATE_REVOKED:
      return tr("Card certificate revoked");
    case v1::OUTCOME_DOCUMENT_ACCEPTED:
      return tr("Confirmed by document");
    case v1::OUTCOME_DOCUMENT_REFUSED:
      return tr("Document not valid");
    case v1::OUTCOME_ERROR:
      return tr("Check not completed");
    case v1::OUTCOME_MULTIPLE:
      return tr("Several coverages");
    default:
      return tr("Unknown");
  }
}

QString Labels::Sex(v1::Sex sex) {
  switch (sex) {
    case v1::SEX_MALE:
      return tr("Male");
    case v1::SEX_FEMALE:
      return tr("Female");
    case v1::SEX_OTHER:
      return tr("Not set");
    default:
      return QStringLiteral("—");
  }
}

QString Labels::Document(v1::DocumentKind kind) {
  switch (kind) {
    case v1::DOCUMENT_KIND_ELIGIBILITY_CERTIFICATE:
      return tr("Eligibility certificate");
    case v1::DOCUMENT_KIND_CARD_WITH_NOTICE:
      return tr("My Number Card + eligibility notice");
    case v1::DOCUMENT_KIND_CARD_WITH_PORTAL:
      return tr("My Number Card + Mynaportal screen");
    case v1::DOCUMENT_KIND_LEGACY_INSURANCE_CARD:
      return tr("Health insurance card (legacy)");
    case v1::DOCUMENT_KIND_NOTICE_ONLY:
      return tr("Eligibility notice alone");
    default:
      return QStringLiteral("—");
  }
}

QString Labels::LossReason(const std::string& code) {
  if (code == "01") return tr("Death");
  if (code == "02") return tr("Public assistance began");
  if (code == "03") return tr("Joined another insurance");
  if (code == "99") return tr("Other");
  if (code.empty()) return tr("Not given");
  return tr("Code %1").arg(QString::fromStdString(code));
}

QString Labels::PersonalFamily(int code) {
  if (code == 1) return tr("Insured person");
  if (code == 2) return tr("Family member");
  return QStringLiteral("—");
}

QString Labels::Copayment(int percent) {
  if (percent <= 0) return QStringLiteral("—");
  return QString::fromStdString(domain::FormatCopaymentWari(percent));
}

QString Labels::Date(const std::string& iso) {
  if (iso.empty()) return QStringLiteral("—");
  QDate d = QDate::fromString(QString::fromStdString(iso), Qt::ISODate);
  if (!d.isValid()) return QString::fromStdString(iso);
  return tr("%1-%2-%3", "year, month, day").arg(d.year()).arg(d.month()).arg(d.day());
}

QString Labels::EraDate(const QDate& date) {
  if (!date.isValid()) return {};
  auto era = domain::FormatJapaneseEra({date.year(), date.month(), date.day()});
  return era.ok() ? QString::fromStdString(*era) : QString();
}

QString Labels::BirthDate(const std::string& iso) {
  const QString shown = Date(iso);
  const QString era = EraDate(QDate::fromString(QString::fromStdString(iso), Qt::ISODate));
  if (era.isEmpty()) return shown;
  //: A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.
  return tr("%1 (%2)", "date of birth, its Japanese-era form").arg(shown, era);
}

QString Labels::CheckedAt(const v1::CheckResult& result) {
  if (!result.has_checked_at()) return QStringLiteral("—");
  QDateTime t = QDateTime::fromSecsSinceEpoch(result.checked_at().seconds(),
                                              QTimeZone(QByteArrayLiteral("Asia/Tokyo")));
  return tr("%1 %2:%3", "date, hour, minute")
      .arg(Date(t.date().toString(Qt::ISODate).toStdString()))
      .arg(t.time().hour(), 2, 10, QLatin1Char('0'))
      .arg(t.time().minute(), 2, 10, QLatin1Char('0'));
}

QString Labels::OrDash(const std::string& value) {
  return value.empty() ? QStringLiteral("—") : QString::fromStdString(value);
}

QString Labels::DateEditFormat() { return tr("yyyy-MM-dd"); }

QLocale Labels::DateEditLocale() {
  //: Locale of the date fields' calendars (ja in the Japanese UI).
  return QLocale(tr("en"));
}

}  // namespace kakunin::station
