#include "console/ui/result_detail_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

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

// Text from outside (the eligibility service's words, a name typed at the counter), as staff
// read it: one paragraph whatever it holds.
struct OutsideText {
  QString shown;
  qsizetype length = 0;  // characters, before any cut
  bool cut = false;
};

// Line breaks, tabs and other control characters become one space, invisible format characters
// (bidi overrides, zero-width) go, and at most `max_chars` characters are kept. A long run
// without a place to break (a URL, an id) gets zero-width spaces, or the label would widen the
// dialog to the run's length; Japanese breaks between characters anyway.
OutsideText FromOutside(const std::string& raw, qsizetype max_chars) {
  constexpr int kLongestRun = 24;
  QList<char32_t> kept;
  for (char32_t c : QString::fromStdString(raw).toUcs4()) {
    switch (QChar::category(c)) {
      case QChar::Other_Format:
        continue;
      case QChar::Other_Control:
      case QChar::Separator_Line:
      case QChar::Separator_Paragraph:
        c = U' ';
        break;
      default:
        break;
    }
    if (c == U' ' && (kept.isEmpty() || kept.back() == U' ')) continue;
    kept.push_back(c);
  }
  while (!kept.isEmpty() && kept.back() == U' ') kept.pop_back();
  OutsideText out{.length = kept.size(), .cut = kept.size() > max_chars};
  if (out.cut) kept.resize(max_chars);
  QList<char32_t> broken;
  int run = 0;
  for (char32_t c : kept) {
    const QChar::Script script = QChar::script(c);
    if (QChar::isSpace(c) || script == QChar::Script_Han || script == QChar::Script_Hiragana ||
        script == QChar::Script_Katakana) {
      run = 0;
    } else if (++run > kLongestRun && !QChar::isMark(c)) {
      broken.push_back(U'\u200b');
      run = 1;
    }
    broken.push_back(c);
  }
  out.shown = QString::fromUcs4(broken.constData(), broken.size());
  return out;
}

// A name or a number from outside, on one line, cut with an ellipsis.
QString OneLine(const std::string& raw, qsizetype max_chars) {
  const OutsideText t = FromOutside(raw, max_chars);
  return t.cut ? t.shown + QStringLiteral("…") : t.shown;
}

// A SHA-256 as people compare it: the first 8 bytes in groups of two ("0a1b 2c3d 4e5f 6071…").
QString ShortDigest(const std::string& digest) {
  const QString hex = QString::fromLatin1(QByteArray::fromStdString(digest).toHex());
  QStringList groups;
  for (qsizetype i = 0; i < std::min<qsizetype>(hex.size(), 16); i += 4) groups << hex.mid(i, 4);
  return groups.join(QLatin1Char(' ')) + (hex.size() > 16 ? QStringLiteral("…") : QString());
}

QString FullDigest(const std::string& digest) {
  return QString::fromLatin1(QByteArray::fromStdString(digest).toHex());
}

// The service compares the 受診券's insurer with the patient's records only when it answers with
// them; otherwise the unset flag says nothing (no answer, or no such person).
bool InsurerCompared(const v1::CheckResult& r) {
  return r.outcome() == v1::OUTCOME_ELIGIBLE || r.outcome() == v1::OUTCOME_INELIGIBLE ||
         r.outcome() == v1::OUTCOME_MULTIPLE;
}

bool HasRecordFields(const v1::CheckResult& r) {
  return !r.error_message().empty() || !r.certificate_digest().empty() ||
         !r.certificate_not_after().empty() || r.certificate_in_grace() ||
         !r.contract_insurer_number().empty() || !r.operator_name().empty();
}

// GetResult copies the sealed eligibility and document into every row it opens, empty when the
// check had none (fleet_results.cpp): an empty one is no record.
bool Present(bool has, const google::protobuf::Message& m) { return has && m.ByteSizeLong() > 0; }

constexpr qsizetype kMaxNameChars = 64;
constexpr qsizetype kMaxInsurerChars = 16;
constexpr qsizetype kMaxServiceTextChars = 300;

}  // namespace

void ResultDetailDialog::DropSealedFields(v1::CheckResult* r) {
  r->clear_eligibility();
  r->clear_document();
  r->clear_error_message();
  r->clear_certificate_digest();
  r->clear_certificate_not_after();
  r->clear_certificate_in_grace();
  r->clear_contract_insurer_number();
  r->clear_contract_insurer_match();
  r->clear_operator_name();
}

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
  AddRecord(r, layout);
  if (!patient_ && !record_) {
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
  const bool eligibility = Present(r.has_eligibility(), r.eligibility());
  const bool document = Present(r.has_document(), r.document());
  if (!eligibility && !document) return;
  patient_ = new QGroupBox(tr("Patient (shown within the re-view window only)"));
  auto* p = new QFormLayout(patient_);
  if (eligibility) {
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
  if (document) {
    const auto& d = r.document();
    p->addRow(tr("Document expires"), Value(IsoDate(d.expires_on())));
    p->addRow(tr("Insured number"), Value(Q(d.insured_number())));
    if (!d.note().empty()) p->addRow(tr("Staff note"), Value(Q(d.note())));
  }
  layout->addWidget(patient_);
}

// No row for an absent field: most checks lack most of them, and rows of 「なし」 read as losses.
void ResultDetailDialog::AddRecord(const v1::CheckResult& r, QVBoxLayout* layout) {
  if (!HasRecordFields(r)) return;
  record_ = new QGroupBox(tr("Check record (shown within the re-view window only)"));
  record_->setObjectName(QStringLiteral("checkRecord"));
  auto* form = new QFormLayout(record_);
  if (!r.operator_name().empty()) {
    form->addRow(tr("Staff at the counter"), Value(OneLine(r.operator_name(), kMaxNameChars)));
  }
  if (!r.certificate_not_after().empty() || r.certificate_in_grace()) {
    const QString until = IsoDate(r.certificate_not_after());
    auto* expiry = Value(!r.certificate_in_grace() ? until
                         : r.certificate_not_after().empty()
                             ? tr("Expired, within the grace period")
                             : tr("%1 (expired, within the grace period)").arg(until));
    if (r.certificate_in_grace()) expiry->setStyleSheet(QStringLiteral("color: #8a3b00;"));
    form->addRow(tr("Certificate valid until"), expiry);
  }
  if (!r.certificate_digest().empty()) {
    auto* digest = Value(ShortDigest(r.certificate_digest()));
    digest->setToolTip(
        tr("SHA-256 of the card's user certificate: %1").arg(FullDigest(r.certificate_digest())));
    form->addRow(tr("Certificate (SHA-256)"), digest);
  }
  if (!r.contract_insurer_number().empty()) {
    form->addRow(tr("Insurer on the checkup ticket"),
                 Value(OneLine(r.contract_insurer_number(), kMaxInsurerChars)));
    if (InsurerCompared(r)) {
      auto* match = Value(r.contract_insurer_match() ? tr("Matches the patient's insurer")
                                                     : tr("Does not match the patient's insurer"));
      if (!r.contract_insurer_match()) {
        match->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
      }
      form->addRow(tr("Checkup ticket's insurer"), match);
    }
  }
  if (!r.error_message().empty()) {
    // Plain text (Value), one paragraph, bounded. The multi-argument arg() fills both numbers in
    // one pass: a "%2" in the service's words stays as it is.
    const OutsideText text = FromOutside(r.error_message(), kMaxServiceTextChars);
    auto* error = Value(text.cut ? tr("%1… (the first %2 of %3 characters)")
                                       .arg(text.shown, QString::number(kMaxServiceTextChars),
                                            QString::number(text.length))
                                 : text.shown);
    error->setObjectName(QStringLiteral("serviceError"));
    error->setWordWrap(true);
    form->addRow(tr("Eligibility service's error"), error);
  }
  layout->addWidget(record_);
}

void ResultDetailDialog::showEvent(QShowEvent* event) {
  QDialog::showEvent(event);
  FitHeight();
}

// A window takes its size hint's height, worked out for the hint's width, and is then narrowed
// to 2/3 of the screen at most: wrapped text (the service's error) then needs more lines than
// it was given room for, and every row is squeezed. The height for the width it has instead.
void ResultDetailDialog::FitHeight() {
  if (layout() == nullptr || !layout()->hasHeightForWidth()) return;
  const int needed = layout()->totalHeightForWidth(width());
  if (needed > height()) resize(width(), needed);
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
  if (!r.certificate_digest().empty()) {
    form->addRow(tr("Certificate SHA-256 (whole)"), Value(FullDigest(r.certificate_digest())));
  }
  support_->setVisible(false);
  connect(toggle, &QToolButton::toggled, this, [this, toggle](bool open) {
    toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    support_->setVisible(open);
    adjustSize();
    FitHeight();
  });
  column->addWidget(toggle, 0, Qt::AlignLeft);
  column->addWidget(support_);
  return box;
}

}  // namespace kakunin::console
