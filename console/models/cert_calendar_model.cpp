#include "console/models/cert_calendar_model.h"

#include "console/models/labels.h"

namespace kakunin::console {
namespace {

using Entry = v1::CertificateEntry;
using Columns = std::vector<RowsModel<Entry>::Column>;
constexpr Qt::Alignment kRight = Qt::AlignRight | Qt::AlignVCenter;

QString FileProblem(const std::string& reason) {
  if (reason == "cert_file.private_key") {
    return CertCalendarModel::tr(
        "the file holds a private key and was not read; name a file with the certificate alone");
  }
  if (reason == "cert_file.too_large") return CertCalendarModel::tr("the file is too large");
  if (reason == "cert_file.not_a_certificate") {
    return CertCalendarModel::tr("the file is not a PEM or DER certificate");
  }
  return CertCalendarModel::tr("the file is missing or cannot be read");
}

// Why HQ refused a terminal's automatic renewal, from the reason id the server recorded.
QString RenewalProblem(const std::string& reason) {
  if (reason == "device.not_active") {
    return CertCalendarModel::tr("the terminal was not active (waiting for approval or revoked)");
  }
  if (reason.rfind("db.", 0) == 0) {
    return CertCalendarModel::tr("HQ's database could not be reached at the time");
  }
  if (reason.rfind("crypto.", 0) == 0) {
    return CertCalendarModel::tr("the terminal's renewal request could not be read");
  }
  return CertCalendarModel::tr("HQ refused it");
}

Columns MakeColumns(std::shared_ptr<std::set<std::string>> red) {
  auto background = [red](const Entry& e) {
    if (e.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED || red->contains(e.site_id())) {
      return CertCalendarModel::kRed;
    }
    if (e.urgency() == v1::CERTIFICATE_URGENCY_WARN_7) return CertCalendarModel::kOrange;
    if (e.urgency() == v1::CERTIFICATE_URGENCY_WARN_30) return CertCalendarModel::kYellow;
    return QColor();
  };
  return {
      {CertCalendarModel::tr("Store"),
       [](const Entry& e) { return QVariant(CertCalendarModel::Store(e)); },
       {},
       background},
      {CertCalendarModel::tr("Certificate"),
       [](const Entry& e) { return QVariant(CertCalendarModel::Certificate(e)); },
       {},
       background},
      {CertCalendarModel::tr("Valid until"),
       [](const Entry& e) {
         const QDate day =
             QDate::fromString(QString::fromStdString(e.last_valid_day()), Qt::ISODate);
         return QVariant(e.last_valid_day().empty() ? CertCalendarModel::tr("Not recorded")
                         : day.isValid()            ? Labels::Date(day)
                                                    : QString::fromStdString(e.last_valid_day()));
       },
       // In date order, not by the shown text (「2027年10月」 would come before 「2027年3月」).
       [](const Entry& e) { return QVariant(QString::fromStdString(e.last_valid_day())); },
       background},
      {CertCalendarModel::tr("Days left"),
       [](const Entry& e) { return QVariant(CertCalendarModel::DaysLeft(e)); },
       [](const Entry& e) {
         return QVariant(e.last_valid_day().empty() ? 1'000'000 : e.days_left());
       },
       background, kRight},
      {CertCalendarModel::tr("Status"),
       [](const Entry& e) { return QVariant(CertCalendarModel::Status(e)); },
       {},
       background},
      {CertCalendarModel::tr("Details"),
       [](const Entry& e) { return QVariant(CertCalendarModel::Details(e)); },
       {},
       background},
  };
}

}  // namespace

QColor CertCalendarModel::kRed{0xf4, 0xb6, 0xb0};
QColor CertCalendarModel::kOrange{0xfb, 0xd3, 0xa6};
QColor CertCalendarModel::kYellow{0xfd, 0xf1, 0xb8};

CertCalendarModel::CertCalendarModel(QObject* parent)
    : CertCalendarModel(std::make_shared<std::set<std::string>>(), parent) {}

// The columns' background reads the same set SetEntries fills.
CertCalendarModel::CertCalendarModel(std::shared_ptr<std::set<std::string>> red, QObject* parent)
    : RowsModel<Entry>(MakeColumns(red), parent), red_sites_(std::move(red)) {}

void CertCalendarModel::SetEntries(std::vector<Entry> entries) {
  red_sites_->clear();
  for (const auto& e : entries) {
    if (e.urgency() == v1::CERTIFICATE_URGENCY_EXPIRED) red_sites_->insert(e.site_id());
  }
  SetRows(std::move(entries));
}

QString CertCalendarModel::Store(const Entry& e) {
  return QString::fromStdString(e.site_name().empty() ? e.site_id() : e.site_name());
}

QString CertCalendarModel::Certificate(const Entry& e) {
  if (e.kind() == v1::CERTIFICATE_KIND_TERMINAL) return tr("Eligibility terminal (on site)");
  const std::string& name = e.terminal_name().empty() ? e.device_id() : e.terminal_name();
  return tr("Kakunin terminal %1").arg(QString::fromStdString(name));
}

QString CertCalendarModel::DaysLeft(const Entry& e) {
  if (e.last_valid_day().empty()) return QStringLiteral("—");
  if (e.days_left() < 0) return tr("Expired %n day(s) ago", "", -e.days_left());
  if (e.days_left() == 0) return tr("Last day today");
  return tr("%n day(s) left", "", e.days_left());
}

QString CertCalendarModel::Status(const Entry& e) {
  switch (e.urgency()) {
    case v1::CERTIFICATE_URGENCY_EXPIRED:
      return tr("Expired: checks stop");
    case v1::CERTIFICATE_URGENCY_WARN_7:
      return tr("7 days or less: renew now");
    case v1::CERTIFICATE_URGENCY_WARN_30:
      return tr("30 days or less: the counter is warned");
    case v1::CERTIFICATE_URGENCY_WARN_60:
      return tr("60 days or less");
    case v1::CERTIFICATE_URGENCY_WARN_90:
      return tr("90 days or less: renewal open");
    case v1::CERTIFICATE_URGENCY_UNKNOWN:
      return tr("No date: enter it");
    default:
      return tr("OK");
  }
}

QString CertCalendarModel::Details(const Entry& e) {
  QStringList parts;
  if (e.kind() == v1::CERTIFICATE_KIND_DEVICE) {
    parts << (e.has_last_renewed_at() ? tr("Renewed automatically, last on %1")
                                            .arg(Labels::DateTime(e.last_renewed_at().seconds()))
                                      : tr("Renewed automatically; not renewed since enrollment"));
    if (e.has_last_renewal_failed_at()) {
      parts << tr("last renewal failed on %1 (%2)")
                   .arg(Labels::DateTime(e.last_renewal_failed_at().seconds()),
                        RenewalProblem(e.last_renewal_failure()));
    }
  } else if (e.source() == "file") {
    parts << tr("Read from %1 by %2 on %3")
                 .arg(QString::fromStdString(e.certificate_path()),
                      QString::fromStdString(e.terminal_name().empty() ? e.device_id()
                                                                       : e.terminal_name()),
                      Labels::DateTime(e.reported_at().seconds()));
  } else if (e.source() == "hq") {
    parts << tr("Recorded by HQ (%1)").arg(Labels::Person(e.recorded_by()));
  } else {
    parts << tr("Enter the expiry date or the path of the certificate file");
  }
  if (!e.file_problem().empty()) {
    parts << tr("Certificate file %1: %2")
                 .arg(QString::fromStdString(e.certificate_path()), FileProblem(e.file_problem()));
  }
  return parts.join(tr("; "));
}

QString CertCalendarModel::OneLine(const Entry& e) {
  return tr("%1: %2, %3 (%4)").arg(Store(e), Certificate(e), DaysLeft(e), Status(e));
}

}  // namespace kakunin::console
