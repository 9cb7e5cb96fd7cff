#include "console/ui/result_detail_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/domain/copayment.h"
#include "console/models/labels.h"
#include "console/models/results_model.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }

// Eligibility dates are ISO strings; staff read them in Japanese style.
QString IsoDate(const std::string& iso) {
  if (iso.empty()) return QStringLiteral("—");
  QDate d = QDate::fromString(Q(iso), Qt::ISODate);
  return d.isValid() ? Labels::Date(d) : Q(iso);
}

QLabel* Value(const QString& text) {
  auto* l = PlainLabel(text.isEmpty() ? QStringLiteral("—") : text);
  l->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return l;
}

// A 再照会 answer the on-site terminal gave after the check had timed out: it replaces the
// error recorded then, which staff comparing the two must be told.
QLabel* LateNote(const std::string& answers_check_id) {
  auto* l = Value(answers_check_id.empty()
                      ? ResultDetailDialog::tr("Answer that arrived late")
                      : ResultDetailDialog::tr("Answer that arrived late (for check %1, which "
                                               "had timed out)")
                            .arg(Q(answers_check_id)));
  l->setObjectName(QStringLiteral("lateAnswer"));
  l->setWordWrap(true);
  l->setStyleSheet(QStringLiteral("color: #8a3b00; font-weight: bold;"));
  return l;
}

}  // namespace

ResultDetailDialog::ResultDetailDialog(const v1::ResultRow& row, const Names& names,
                                       const QString& refusal, QWidget* parent)
    : QDialog(parent) {
  setWindowTitle(tr("Check details"));
  const auto& r = row.result();
  auto* layout = new QVBoxLayout(this);
  auto* check = new QGroupBox(tr("Check"));
  auto* form = new QFormLayout(check);
  form->addRow(tr("Checked at"), Value(Labels::DateTimeSeconds(r.checked_at().seconds())));
  form->addRow(tr("Received by HQ"), Value(Labels::DateTimeSeconds(row.received_at().seconds())));
  form->addRow(tr("Site"), Value(names.site));
  form->addRow(tr("Terminal"), Value(names.terminal));
  form->addRow(tr("Identity"), Value(ResultsModel::ModeText(r.mode())));
  form->addRow(tr("Route"), Value(ResultsModel::RouteText(r.route())));
  form->addRow(tr("Based on"), Value(ResultsModel::SourceText(r.source())));
  if (r.answer_late()) form->addRow(tr("Answer"), LateNote(r.answers_check_id()));
  auto* outcome = Value(ResultsModel::OutcomeText(r.outcome()));
  if (ResultsModel::IsProblem(r.outcome())) {
    outcome->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
  }
  form->addRow(tr("Outcome"), outcome);
  if (!r.error_reason().empty()) {
    form->addRow(tr("Error"), Value(Labels::CheckError(r.error_reason())));
  }
  form->addRow(tr("Reader"), Value(Q(r.reader().name())));
  form->addRow(tr("Extended APDU"),
               Value(r.reader().extended_apdu() ? tr("Supported") : tr("Not supported")));
  if (r.duration_ms() > 0) {
    form->addRow(tr("Duration"), Value(tr("%1 ms").arg(r.duration_ms())));
  }
  layout->addWidget(check);
  AddPatient(r, layout);
  if (!patient_) {
    note_ = PlainLabel(
        !refusal.isEmpty() ? refusal
        : row.patient_data_available()
            ? tr("Patient details are kept on the server but your role may not see them (HQ "
                 "administrators see operational fields only).")
            : tr("No patient details are kept for this check (none recorded, or the re-view "
                 "window has ended)."));
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #555555;"));
    layout->addWidget(note_);
  }
  layout->addWidget(BuildSupport(row));
  auto* buttons = new QDialogButtonBox;
  buttons->addButton(tr("Close"), QDialogButtonBox::RejectRole);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

void ResultDetailDialog::AddPatient(const v1::CheckResult& r, QVBoxLayout* layout) {
  if (!r.has_eligibility() && !r.has_document()) return;
  patient_ = new QGroupBox(tr("Patient (shown within the re-view window only)"));
  auto* p = new QFormLayout(patient_);
  if (r.has_eligibility()) {
    const auto& e = r.eligibility();
    p->addRow(tr("Name"), Value(Q(e.name())));
    p->addRow(tr("Name (kana)"), Value(Q(e.name_kana())));
    {
      const QDate born = QDate::fromString(Q(e.birth_date()), Qt::ISODate);
      p->addRow(tr("Date of birth"),
                Value(born.isValid() ? Labels::BirthDate(born) : IsoDate(e.birth_date())));
    }
    p->addRow(tr("Insurer"), Value(Q(e.insurer_number()) + QLatin1Char(' ') + Q(e.insurer_name())));
    p->addRow(tr("Symbol / number / branch"),
              Value(QStringLiteral("%1 / %2 / %3")
                        .arg(Q(e.insured_symbol()), Q(e.insured_number()),
                             Q(e.insured_branch_number()))));
    if (e.copayment_percent() > 0) {
      // The counter's wording (3割), from the one formatter both use.
      p->addRow(tr("Co-payment"), Value(Q(domain::FormatCopaymentWari(e.copayment_percent()))));
    }
    p->addRow(tr("Valid"),
              Value(tr("%1 to %2").arg(IsoDate(e.valid_from()), IsoDate(e.valid_to()))));
    // The answer's other records: a new qualification (validity 3) or several at once (5).
    for (int k = 0; k < e.other_records_size(); ++k) {
      const auto& o = e.other_records(k);
      QString text = tr("%1 %2, %3 / %4 / %5, valid %6 to %7")
                         .arg(Q(o.insurer_number()), Q(o.insurer_name()), Q(o.insured_symbol()),
                              Q(o.insured_number()), Q(o.insured_branch_number()),
                              IsoDate(o.valid_from()), IsoDate(o.valid_to()));
      if (!o.disqualification_date().empty()) {
        text += tr(", lost on %1").arg(IsoDate(o.disqualification_date()));
      }
      p->addRow(tr("Other record %1").arg(k + 1), Value(text));
    }
  }
  if (r.has_document()) {
    const auto& d = r.document();
    p->addRow(tr("Document expires"), Value(IsoDate(d.expires_on())));
    p->addRow(tr("Insured number"), Value(Q(d.insured_number())));
    if (!d.note().empty()) p->addRow(tr("Staff note"), Value(Q(d.note())));
  }
  layout->addWidget(patient_);
}

QWidget* ResultDetailDialog::BuildSupport(const v1::ResultRow& row) {
  auto* box = new QWidget;
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  auto* toggle = new QToolButton;
  toggle->setObjectName(QStringLiteral("supportToggle"));
  toggle->setText(tr("Details for support"));
  toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toggle->setArrowType(Qt::RightArrow);
  toggle->setCheckable(true);
  toggle->setAutoRaise(true);
  support_ = new QWidget;
  support_->setObjectName(QStringLiteral("supportDetails"));
  auto* form = new QFormLayout(support_);
  const auto& r = row.result();
  form->addRow(tr("Site ID"), Value(Q(row.site_id())));
  form->addRow(tr("Terminal ID"), Value(Q(row.device_id())));
  form->addRow(tr("Check ID"), Value(Q(row.check_id())));
  form->addRow(tr("Sequence on the terminal"), Value(QString::number(row.sequence())));
  if (!r.error_reason().empty()) form->addRow(tr("Error reason"), Value(Q(r.error_reason())));
  // No code list for 被保険者証区分 is at hand: the code, labelled, for support only.
  if (r.has_eligibility() && !r.eligibility().card_classification().empty()) {
    form->addRow(tr("Card classification"),
                 Value(tr("Class %1").arg(Q(r.eligibility().card_classification()))));
  }
  support_->setVisible(false);
  connect(toggle, &QToolButton::toggled, this, [this, toggle](bool open) {
    toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    support_->setVisible(open);
    adjustSize();
  });
  column->addWidget(toggle, 0, Qt::AlignLeft);
  column->addWidget(support_);
  return box;
}

}  // namespace kakunin::console
