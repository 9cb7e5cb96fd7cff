#pragma once
// A claim's documents and summary as an administrator files them: a CSV (UTF-8 with a BOM so
// that Excel opens it as UTF-8, ISO dates, plain integer yen) and a printable A4 PDF (Qt's
// QPdfWriter and QTextDocument, Noto Sans CJK JP) listing the site, the programme, the items
// with their amounts and caps, the computed subsidy and the leaflet's 万円 figure, the receipts
// with their SHA-256, and the state history. The caps and the rate are read from the
// programme's own data (programmes.json format) through common/subsidy, not re-typed here.

#include <QCoreApplication>
#include <QString>
#include <map>
#include <string>

#include "common/core/result.h"
#include "kakunin/v1/console.pb.h"

namespace kakunin::console {

struct ClaimDocument {
  v1::Claim claim;
  v1::Site site;
  v1::Program programme;                          // as ListPrograms gives it (with data_json)
  std::map<std::string, QString> category_names;  // category id → name (Japanese)
  QString generated_at;                           // ISO date-time printed on the documents
};

class ClaimExport {
  Q_DECLARE_TR_FUNCTIONS(kakunin::console::ClaimExport)

 public:
  // The CSV's bytes: BOM, a header row, then one row per fact (section, field, value, amount,
  // cap, note).
  static QByteArray Csv(const ClaimDocument& doc);
  // The document the PDF prints (also what the console shows as the claim's detail).
  static QString Html(const ClaimDocument& doc);
  // Writes the PDF; "export.write_failed" when the file cannot be written.
  static Status WritePdf(const ClaimDocument& doc, const QString& path);
  static Status WriteCsv(const ClaimDocument& doc, const QString& path);
  // "claim-<site>-<programme>-<claim id prefix>" for file dialogs.
  static QString BaseName(const ClaimDocument& doc);
};

}  // namespace kakunin::console
