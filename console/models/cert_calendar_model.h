#pragma once
// The certificate calendar's table (issue 19): a row per certificate that can stop a store from
// checking — the store's 資格確認端末 certificate and each terminal's Kakunin certificate — with
// its last valid day, days left, urgency in words and where the date comes from. Every row of a
// store with an expired certificate is red (checks stop there); 7 and 30 days are orange and
// yellow.

#include <QColor>
#include <QCoreApplication>
#include <memory>
#include <set>
#include <string>

#include "console/models/rows_model.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

class CertCalendarModel : public RowsModel<v1::CertificateEntry> {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::CertCalendarModel)

 public:
  enum Column { kStore, kCertificate, kLastDay, kDaysLeft, kStatus, kDetails, kColumnCount };
  explicit CertCalendarModel(QObject* parent = nullptr);

  // Rows in the server's order (most urgent first); stores with an expired row turn red.
  void SetEntries(std::vector<v1::CertificateEntry> entries);
  bool StoreIsRed(const std::string& site_id) const { return red_sites_->contains(site_id); }

  static QString Store(const v1::CertificateEntry& e);
  static QString Certificate(const v1::CertificateEntry& e);
  static QString DaysLeft(const v1::CertificateEntry& e);
  static QString Status(const v1::CertificateEntry& e);
  static QString Details(const v1::CertificateEntry& e);
  // The counter-facing sentence for HQ's dashboard: "駅前薬局: 資格確認端末 — あと 5 日".
  static QString OneLine(const v1::CertificateEntry& e);

  static QColor kRed, kOrange, kYellow;

 private:
  CertCalendarModel(std::shared_ptr<std::set<std::string>> red, QObject* parent);
  std::shared_ptr<std::set<std::string>> red_sites_;
};

}  // namespace kakunin::console
