#pragma once
// The subsidy and user lists as tables (RowsModel over the server's messages) and the words
// staff read for their ids: claim states, programme windows, 経過措置 obligations, roles, yen.
// Names of sites, programmes and categories come from the server's lists (SubsidyNames).

#include <QCoreApplication>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "console/models/rows_model.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

struct SubsidyNames {
  std::map<std::string, QString> sites, programmes, categories, devices;
  std::map<std::string, v1::Site> site_records;
  std::map<std::string, v1::Program> programme_records;

  QString Site(const std::string& id) const;
  QString Programme(const std::string& id) const;
  QString Category(const std::string& id) const;
  QString Device(const std::string& id) const;
  void SetPrograms(const v1::ListProgramsResponse& programs);
  void SetSites(const v1::ListSitesResponse& sites);
};

class SubsidyLabels {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::SubsidyLabels)

 public:
  static QString ClaimState(v1::ClaimState state);
  static QString Window(const v1::Program& programme);
  static QString DeadlineStatus(const v1::Deadline& deadline);
  static QString Obligation(const v1::SiteObligation& site);
  static QString MeasureEnd(const v1::SiteObligation& site);
  static QString Role(v1::Role role);
  // A claim's warning or a refusal in words; an unknown id reads "tell the administrator (id)".
  static QString Reason(const std::string& reason_id);
  // The same for the ids these pages explain themselves; nothing for the rest.
  static std::optional<QString> KnownReason(const std::string& reason_id);
  // 30750 → "30,750円" (ja) / "¥30,750" (en).
  static QString Yen(int64_t yen);
  // An ISO date in the UI's style (Labels::Date); "—" when empty.
  static QString IsoDate(const std::string& iso);
  static QString ReceiptKind(const std::string& kind);
  // A receipt file's MIME type in words ("PDF document"); the type itself is for support.
  static QString FileType(const std::string& content_type);
};

// Warning colours shared by the tables and the deadline list.
QColor WarningColour(int threshold_days);
QColor ClosedColour();

using ProgramsModel = RowsModel<v1::Program>;
using ClaimsModel = RowsModel<v1::Claim>;
using ClaimItemsModel = RowsModel<v1::ClaimItem>;
using ReceiptsModel = RowsModel<v1::Receipt>;
using DeadlineBoardModel = RowsModel<v1::Deadline>;
using ObligationsModel = RowsModel<v1::SiteObligation>;
using UsersModel = RowsModel<v1::User>;

// The tables, their column titles translated when made (context SubsidyTables).
class SubsidyTables {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::SubsidyTables)

 public:
  static ProgramsModel* Programs(QObject* parent);
  static ClaimsModel* Claims(std::shared_ptr<const SubsidyNames> names, QObject* parent);
  static ClaimItemsModel* ClaimItems(std::shared_ptr<const SubsidyNames> names, QObject* parent);
  static ReceiptsModel* Receipts(QObject* parent);
  static DeadlineBoardModel* Deadlines(std::shared_ptr<const SubsidyNames> names, QObject* parent);
  static ObligationsModel* Obligations(QObject* parent);
  // Sites by name (names->Site); an HQ user with no sites reads "All (HQ)".
  static UsersModel* Users(std::shared_ptr<const SubsidyNames> names, QObject* parent);
};

}  // namespace kakunin::console
