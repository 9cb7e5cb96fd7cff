#include "console/export/claim_export.h"

#include <QFile>
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/subsidy/facility_kind.h"
#include "common/subsidy/programme_data.h"
#include "console/export/csv_field.h"
#include "console/models/labels.h"
#include "console/models/subsidy_models.h"

namespace kakunin::console {
namespace {

using L = SubsidyLabels;

QString Q(const std::string& s) { return QString::fromStdString(s); }
QString H(const QString& s) { return s.toHtmlEscaped(); }
QString IsoTime(const google::protobuf::Timestamp& t) {
  return t.seconds() > 0 ? Labels::IsoDateTime(t.seconds()) : QString();
}

// The site's terms under the programme (rate, caps), parsed by the same strict parser the
// server uses; nullopt when the programme's data is missing or the site's kind has no terms.
std::optional<domain::FacilityTerms> TermsFor(const ClaimDocument& doc) {
  if (doc.programme.data_json().empty()) return std::nullopt;
  nlohmann::json file = {{"format", std::string(subsidy::kProgrammeFileFormat)},
                         {"format_version", subsidy::kProgrammeFileVersion},
                         {"categories", nlohmann::json::array()},
                         {"programmes", nlohmann::json::array()}};
  for (const auto& [id, name] : doc.category_names) {
    file["categories"].push_back({{"id", id}, {"name_ja", name.toStdString()}, {"name_en", id}});
  }
  auto object = nlohmann::json::parse(doc.programme.data_json(), nullptr, false);
  if (object.is_discarded()) return std::nullopt;
  file["programmes"].push_back(object);
  auto programmes = subsidy::ParseProgrammes(file.dump());
  auto kind = subsidy::FacilityKindFromSiteKind(doc.site.facility_kind());
  if (!programmes.ok() || programmes->empty() || !kind.ok()) return std::nullopt;
  const domain::FacilityTerms* terms = domain::FindTerms(programmes->front(), *kind);
  if (!terms) return std::nullopt;
  return *terms;
}

std::optional<int64_t> CategoryCap(const std::optional<domain::FacilityTerms>& terms,
                                   const std::string& category) {
  if (!terms) return std::nullopt;
  for (const auto& c : terms->categories) {
    if (c.id == category) return c.cap_yen;
  }
  return std::nullopt;
}

QString CategoryName(const ClaimDocument& doc, const std::string& id) {
  auto it = doc.category_names.find(id);
  return it == doc.category_names.end() ? Q(id) : it->second;
}

class CsvWriter {
 public:
  void Row(const QStringList& fields) {
    QStringList out;
    for (const auto& f : fields) out << CsvField(f);
    text_ += out.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  }
  QByteArray Bytes() const { return QByteArray("\xEF\xBB\xBF") + text_.toUtf8(); }

 private:
  QString text_;
};

QString Num(int64_t v) { return QString::number(v); }
QString OptNum(const std::optional<int64_t>& v) { return v ? Num(*v) : QString(); }

}  // namespace

QString ClaimExport::BaseName(const ClaimDocument& doc) {
  return QStringLiteral("claim-%1-%2-%3")
      .arg(Q(doc.claim.site_id()), Q(doc.claim.program_id()), Q(doc.claim.claim_id()).left(8));
}

QByteArray ClaimExport::Csv(const ClaimDocument& doc) {
  const v1::Claim& c = doc.claim;
  const auto terms = TermsFor(doc);
  CsvWriter csv;
  csv.Row(
      {tr("Section"), tr("Field"), tr("Value"), tr("Amount (yen)"), tr("Cap (yen)"), tr("Note")});
  csv.Row({tr("Claim"), tr("Claim ID"), Q(c.claim_id()), {}, {}, {}});
  csv.Row({tr("Claim"), tr("State"), L::ClaimState(c.state()), {}, {}, {}});
  csv.Row({tr("Claim"), tr("Created"), IsoTime(c.created_at()), {}, {}, Q(c.created_by())});
  csv.Row({tr("Claim"), tr("Submitted"), Q(c.submitted_on()), {}, {}, Q(c.submitted_via())});
  csv.Row({tr("Claim"), tr("Decided"), Q(c.decided_on()), {}, {}, {}});
  csv.Row({tr("Site"), tr("Name"), Q(doc.site.name()), {}, {}, Q(c.site_id())});
  csv.Row({tr("Site"), tr("Institution code"), Q(doc.site.institution_code()), {}, {}, {}});
  csv.Row({tr("Site"),
           tr("Facility kind"),
           Labels::FacilityKind(doc.site.facility_kind()),
           {},
           {},
           {}});
  csv.Row({tr("Programme"), tr("Name"), Q(doc.programme.name_ja()), {}, {}, Q(c.program_id())});
  csv.Row({tr("Programme"), tr("Legal basis"), Q(doc.programme.legal_basis()), {}, {}, {}});
  csv.Row({tr("Programme"),
           tr("Deadline"),
           Q(doc.programme.deadline()),
           {},
           {},
           doc.programme.closed() ? tr("Closed") : QString()});
  for (const auto& i : c.items()) {
    csv.Row({tr("Item"), CategoryName(doc, i.category()), Q(i.description()), Num(i.amount_yen()),
             OptNum(CategoryCap(terms, i.category())), Q(i.device_id())});
  }
  for (const auto& l : c.lines()) {
    csv.Row({tr("Computation"), CategoryName(doc, l.category()), L::Reason(l.reason()),
             Num(l.eligible_yen()), OptNum(CategoryCap(terms, l.category())),
             tr("claimed %1").arg(l.claimed_yen())});
  }
  if (terms) {
    csv.Row({tr("Computation"),
             tr("Project cap"),
             {},
             {},
             Num(terms->project_cap_yen),
             c.project_cap_applied() ? tr("applied") : QString()});
    csv.Row({tr("Computation"),
             tr("Rate"),
             QStringLiteral("%1/%2").arg(terms->rate.numerator).arg(terms->rate.denominator),
             {},
             {},
             {}});
  }
  csv.Row({tr("Computation"),
           tr("Subsidy (computed, yen exact)"),
           {},
           Num(c.computed_amount_yen()),
           Num(c.max_payable_yen()),
           Q(c.official_wording())});
  if (c.state() == v1::CLAIM_STATE_GRANTED) {
    csv.Row({tr("Computation"), tr("Granted"), {}, Num(c.granted_amount_yen()), {}, {}});
  }
  for (const auto& r : c.receipts()) {
    csv.Row({tr("Receipt"),
             Q(r.filename()),
             Q(r.sha256_hex()),
             {},
             {},
             QStringLiteral("%1; %2; %3 bytes; %4")
                 .arg(L::ReceiptKind(r.kind()), Q(r.content_type()))
                 .arg(r.size())
                 .arg(IsoTime(r.uploaded_at()))});
  }
  for (const auto& h : c.history()) {
    csv.Row(
        {tr("History"),
         IsoTime(h.at()),
         QStringLiteral("%1 → %2").arg(L::ClaimState(h.from_state()), L::ClaimState(h.to_state())),
         Num(h.amount_yen()),
         {},
         QStringLiteral("%1; %2; %3; %4")
             .arg(Q(h.by()), Q(h.submitted_via()), Q(h.effective_on()), Q(h.note()))});
  }
  csv.Row({tr("Export"), tr("Generated"), doc.generated_at, {}, {}, {}});
  return csv.Bytes();
}

namespace {

QString Th(const QString& s) { return QStringLiteral("<th>%1</th>").arg(H(s)); }
QString Td(const QString& s, bool right = false) {
  return right ? QStringLiteral("<td align=\"right\">%1</td>").arg(H(s))
               : QStringLiteral("<td>%1</td>").arg(H(s));
}
QString KeyRow(const QString& key, const QString& value) {
  return QStringLiteral("<tr><th align=\"left\" width=\"30%\">%1</th><td>%2</td></tr>")
      .arg(H(key), H(value));
}
QString OptYen(const std::optional<int64_t>& v) { return v ? L::Yen(*v) : QStringLiteral("—"); }
// How the claim was filed, in the words of the filing dialog.
QString FiledVia(const std::string& via) {
  if (via == "portal") return ClaimExport::tr("Portal");
  if (via == "post") return ClaimExport::tr("Post");
  return Q(via);
}

}  // namespace

namespace {

QString HeaderHtml(const ClaimDocument& doc) {
  const v1::Claim& c = doc.claim;
  QString h = QStringLiteral("<h1>%1</h1>").arg(H(ClaimExport::tr("Subsidy claim record")));
  h += QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\">");
  h += KeyRow(ClaimExport::tr("Site"),
              QStringLiteral("%1 (%2)").arg(Q(doc.site.name()), Q(c.site_id())));
  h += KeyRow(ClaimExport::tr("Institution code"), Q(doc.site.institution_code()));
  h += KeyRow(ClaimExport::tr("Facility kind"), Labels::FacilityKind(doc.site.facility_kind()));
  h += KeyRow(ClaimExport::tr("Programme"), Q(doc.programme.name_ja()));
  h += KeyRow(ClaimExport::tr("Legal basis"), Q(doc.programme.legal_basis()));
  h += KeyRow(ClaimExport::tr("Deadline"),
              QStringLiteral("%1 %2").arg(
                  L::IsoDate(doc.programme.deadline()),
                  doc.programme.closed() ? ClaimExport::tr("(closed)") : QString()));
  h += KeyRow(ClaimExport::tr("Claim ID"), Q(c.claim_id()));
  h += KeyRow(ClaimExport::tr("State"), L::ClaimState(c.state()));
  if (!c.submitted_on().empty()) {
    h += KeyRow(
        ClaimExport::tr("Submitted"),
        ClaimExport::tr("%1 (%2)").arg(L::IsoDate(c.submitted_on()), FiledVia(c.submitted_via())));
  }
  if (!c.decided_on().empty()) h += KeyRow(ClaimExport::tr("Decided"), L::IsoDate(c.decided_on()));
  return h + QStringLiteral("</table>");
}

QString ItemsHtml(const ClaimDocument& doc, const std::optional<domain::FacilityTerms>& terms) {
  QString h = QStringLiteral("<h2>%1</h2>").arg(H(ClaimExport::tr("Items")));
  h +=
      QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
  h += Th(ClaimExport::tr("Category")) + Th(ClaimExport::tr("Description")) +
       Th(ClaimExport::tr("Terminal")) + Th(ClaimExport::tr("Amount")) +
       Th(ClaimExport::tr("Item cap")) + QStringLiteral("</tr>");
  for (const auto& i : doc.claim.items()) {
    h += QStringLiteral("<tr>") + Td(CategoryName(doc, i.category())) + Td(Q(i.description())) +
         Td(i.device_id().empty() ? QStringLiteral("—") : Q(i.device_id())) +
         Td(L::Yen(i.amount_yen()), true) + Td(OptYen(CategoryCap(terms, i.category())), true) +
         QStringLiteral("</tr>");
  }
  return h + QStringLiteral("</table>");
}

QString ComputationHtml(const ClaimDocument& doc,
                        const std::optional<domain::FacilityTerms>& terms) {
  const v1::Claim& c = doc.claim;
  QString h = QStringLiteral("<h2>%1</h2>").arg(H(ClaimExport::tr("Computation")));
  h +=
      QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
  h += Th(ClaimExport::tr("Category")) + Th(ClaimExport::tr("Claimed")) +
       Th(ClaimExport::tr("Eligible")) + Th(ClaimExport::tr("Note")) + QStringLiteral("</tr>");
  for (const auto& l : c.lines()) {
    h += QStringLiteral("<tr>") + Td(CategoryName(doc, l.category())) +
         Td(L::Yen(l.claimed_yen()), true) + Td(L::Yen(l.eligible_yen()), true) +
         Td(L::Reason(l.reason())) + QStringLiteral("</tr>");
  }
  h += QStringLiteral("</table><table width=\"100%\" cellpadding=\"4\">");
  if (terms) {
    h += KeyRow(ClaimExport::tr("Project cap"),
                L::Yen(terms->project_cap_yen) +
                    (c.project_cap_applied() ? ClaimExport::tr(" (applied)") : QString()));
    h += KeyRow(ClaimExport::tr("Rate"),
                QStringLiteral("%1/%2").arg(terms->rate.numerator).arg(terms->rate.denominator));
  }
  QString amount = L::Yen(c.computed_amount_yen());
  if (!c.official_wording().empty()) {
    amount += ClaimExport::tr(" (leaflet's maximum: %1)").arg(Q(c.official_wording()));
  }
  h += QStringLiteral("<tr><th align=\"left\" width=\"30%\">%1</th><td><b>%2</b></td></tr>")
           .arg(H(ClaimExport::tr("Subsidy (computed, exact to the yen)")), H(amount));
  h += KeyRow(ClaimExport::tr("Most this site can be paid"), L::Yen(c.max_payable_yen()));
  if (c.state() == v1::CLAIM_STATE_GRANTED) {
    h += KeyRow(ClaimExport::tr("Granted"), L::Yen(c.granted_amount_yen()));
  }
  return h + QStringLiteral("</table>");
}

QString ReceiptsHtml(const ClaimDocument& doc) {
  QString h = QStringLiteral("<h2>%1</h2>").arg(H(ClaimExport::tr("Receipts")));
  if (doc.claim.receipts().empty()) {
    return h + QStringLiteral("<p>%1</p>").arg(H(ClaimExport::tr("No receipt uploaded yet.")));
  }
  h +=
      QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
  h += Th(ClaimExport::tr("File")) + Th(ClaimExport::tr("Kind")) + Th(ClaimExport::tr("Size")) +
       Th(ClaimExport::tr("SHA-256")) + QStringLiteral("</tr>");
  for (const auto& r : doc.claim.receipts()) {
    QString file = Q(r.filename());
    if (r.duplicate_elsewhere()) file += ClaimExport::tr(" (also on another claim)");
    // The digest in four lines of 16 so that it fits the A4 column and can be read aloud.
    const QString sha = Q(r.sha256_hex());
    QStringList quarters;
    for (int i = 0; i < sha.size(); i += 16) quarters << sha.mid(i, 16);
    h += QStringLiteral("<tr>") + Td(file) + Td(L::ReceiptKind(r.kind())) +
         Td(ClaimExport::tr("%1 bytes").arg(r.size()), true) +
         QStringLiteral("<td><tt>%1</tt></td></tr>").arg(quarters.join(QStringLiteral("<br>")));
  }
  return h + QStringLiteral("</table>");
}

QString HistoryHtml(const ClaimDocument& doc) {
  QString h = QStringLiteral("<h2>%1</h2>").arg(H(ClaimExport::tr("State history")));
  h +=
      QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr>");
  h += Th(ClaimExport::tr("When")) + Th(ClaimExport::tr("Change")) + Th(ClaimExport::tr("By")) +
       Th(ClaimExport::tr("Effective")) + Th(ClaimExport::tr("Amount")) + QStringLiteral("</tr>");
  for (const auto& s : doc.claim.history()) {
    h += QStringLiteral("<tr>") + Td(Labels::DateTime(s.at().seconds())) +
         Td(QStringLiteral("%1 → %2").arg(L::ClaimState(s.from_state()),
                                          L::ClaimState(s.to_state()))) +
         Td(Labels::Person(s.by())) + Td(L::IsoDate(s.effective_on())) +
         Td(L::Yen(s.amount_yen()), true) + QStringLiteral("</tr>");
  }
  return h + QStringLiteral("</table>");
}

}  // namespace

QString ClaimExport::Html(const ClaimDocument& doc) {
  const auto terms = TermsFor(doc);
  QString h = QStringLiteral("<html><body>") + HeaderHtml(doc) + ItemsHtml(doc, terms) +
              ComputationHtml(doc, terms) + ReceiptsHtml(doc) + HistoryHtml(doc);
  h += QStringLiteral("<p><small>%1</small></p></body></html>")
           .arg(H(tr("Generated %1 by the Kakunin console.").arg(doc.generated_at)));
  return h;
}

Status ClaimExport::WritePdf(const ClaimDocument& doc, const QString& path) {
  QPdfWriter writer(path);
  if (!writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                        QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter))) {
    return MakeError(ErrorCode::kInternal, "export.write_failed", "cannot set the A4 layout");
  }
  writer.setResolution(300);
  writer.setTitle(BaseName(doc));
  writer.setCreator(QStringLiteral("Kakunin console"));
  QTextDocument text;
  // Latin letters and digits in DejaVu Sans, Japanese in Noto Sans CJK JP: with Noto CJK alone,
  // Qt's PDF text map loses digits next to Latin letters (claim ids, dates with T, terminal
  // ids), so the PDF would print them but they could not be searched or copied.
  QFont font;
  font.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans CJK JP")});
  font.setPointSize(9);
  text.setDefaultFont(font);
  text.setHtml(Html(doc));
  // No page size of our own: print() then lays the text out for the writer's resolution and
  // the A4 page rect (with a page size set it would print screen-sized pixels at 300 dpi).
  text.print(&writer);
  // QPdfWriter reports nothing; an unwritable path leaves no file.
  if (!QFile::exists(path) || QFile(path).size() == 0) {
    return MakeError(ErrorCode::kInternal, "export.write_failed",
                     "could not write " + path.toStdString());
  }
  return OkStatus();
}

Status ClaimExport::WriteCsv(const ClaimDocument& doc, const QString& path) {
  QFile file(path);
  const QByteArray bytes = Csv(doc);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size()) {
    return MakeError(ErrorCode::kInternal, "export.write_failed",
                     "could not write " + path.toStdString());
  }
  return OkStatus();
}

}  // namespace kakunin::console
