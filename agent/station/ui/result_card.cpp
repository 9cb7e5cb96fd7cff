#include "agent/station/ui/result_card.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include "agent/station/models/labels.h"
#include "agent/station/models/medical_aid.h"
#include "common/domain/date.h"

namespace kakunin::station {

namespace {

const char* kBannerStyle =
    "padding: 6px 10px; border-radius: 4px; font-size: 13pt; font-weight: bold;";
const char* kRedBanner = "background: #fde7ea; color: #b00020; border: 2px solid #b00020;";
const char* kBlueBanner = "background: #e3eefc; color: #0b3d91; border: 2px solid #0b3d91;";

QString HeadlineStyle(v1::Outcome o) {
  const char* bg = "#b00020";  // anything that needs staff action
  if (o == v1::OUTCOME_ELIGIBLE || o == v1::OUTCOME_DOCUMENT_ACCEPTED) bg = "#1b6e20";
  if (o == v1::OUTCOME_MULTIPLE) bg = "#8a5a00";
  return QStringLiteral(
             "background: %1; color: white; padding: 4px 14px; border-radius: 6px;"
             " font-size: 22pt; font-weight: bold;")
      .arg(QLatin1String(bg));
}

QString Hex(const std::string& bytes) {
  return QString::fromLatin1(QByteArray::fromStdString(bytes).toHex());
}

}  // namespace

ResultCard::ResultCard(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("resultCard"));
  auto* layout = new QVBoxLayout(this);
  headline_ = new QLabel;
  headline_->setObjectName(QStringLiteral("resultHeadline"));
  loss_banner_ = new QLabel;
  loss_banner_->setObjectName(QStringLiteral("lossBanner"));
  loss_banner_->setStyleSheet(QLatin1String(kRedBanner) + QLatin1String(kBannerStyle));
  aid_banner_ = new QLabel;
  aid_banner_->setObjectName(QStringLiteral("aidBanner"));
  warning_banner_ = new QLabel;
  warning_banner_->setObjectName(QStringLiteral("resultWarning"));
  warning_banner_->setStyleSheet(QStringLiteral("background: #fff4d6; color: #6b4400; border: "
                                                "2px solid #c98a00;") +
                                 QLatin1String(kBannerStyle));
  for (QLabel* l : {headline_, loss_banner_, aid_banner_, warning_banner_}) {
    l->setWordWrap(true);
    // What the service, a terminal file or a patient's card says is shown as written: a label
    // left to guess would render "<img src=…>" in a name or an insurer's name as markup.
    l->setTextFormat(Qt::PlainText);
    layout->addWidget(l);
  }
  BuildGroups();
  Clear();
}

void ResultCard::AddRow(QFormLayout* form, const std::string& key, const QString& label) {
  auto* value = new QLabel;
  value->setObjectName(QString::fromStdString("value_" + key));
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  value->setWordWrap(true);
  value->setTextFormat(Qt::PlainText);
  form->addRow(label, value);
  values_[key] = value;
}

struct FieldRow {
  const char* key;
  const char* label;  // QT_TRANSLATE_NOOP: translated when the row is built
};

namespace {

constexpr FieldRow kPatientRows[] = {
    {"name", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Name")},
    {"name_kana", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Name (kana)")},
    {"sex", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Sex")},
    {"birth_date", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Date of birth")},
    {"post_number", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Postal code")},
    {"address", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Address")}};
// What the counter needs first (insurer, numbers, co-payment, validity, loss) on top.
constexpr FieldRow kInsuranceRows[] = {
    {"insurer", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insurer")},
    {"insurer_number", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insurer number")},
    {"symbol_number",
     QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Symbol / number / branch")},
    {"copayment", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Co-payment")},
    {"valid", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Valid from / to")},
    {"disqualification_date",
     QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Coverage lost on")},
    {"loss_reason", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Reason of loss")},
    {"personal_family", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insured / family")},
    {"qualification_date", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Coverage acquired")},
    {"insurer_kind", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insurance type")}};
constexpr FieldRow kAidRows[] = {
    {"aid_public_expense", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Payer number")},
    {"aid_beneficiary", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Recipient number")},
    {"aid_valid", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Valid from / to")},
    {"aid_institution",
     QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Designated institution")}};
constexpr FieldRow kDocumentRows[] = {
    {"doc_kind", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Document")},
    {"doc_dates", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Issued / expires")},
    {"doc_elderly", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Late-elderly card")},
    {"doc_insured", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insurer / symbol / number")},
    {"doc_note", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Note")}};
constexpr FieldRow kRecordRows[] = {
    {"verification", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Identity")},
    {"route", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Route")},
    {"source", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Based on")},
    {"checked_at", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Checked at")},
    {"certificate", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Card certificate expires")},
    {"contract_insurer",
     QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Insurer on the voucher")},
    {"reader", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Reader")},
    {"operator", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Staff")},
    {"record", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Record no.")}};
// Codes for the help desk, never needed to serve the patient.
constexpr FieldRow kSupportRows[] = {
    {"card_classification", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Card class")},
    {"loss_reason_code", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Reason-of-loss code")},
    {"error", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Reason id")},
    {"check_id", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Check ID")},
    {"atr", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Card ATR")},
    {"diagnostics", QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Card operations / time")},
    {"certificate_digest",
     QT_TRANSLATE_NOOP("kakunin::station::ResultCard", "Certificate digest")}};

}  // namespace

template <size_t N>
QGroupBox* ResultCard::AddGroup(const QString& title, const FieldRow (&rows)[N]) {
  auto* box = new QGroupBox(title);
  auto* form = new QFormLayout(box);
  form->setLabelAlignment(Qt::AlignRight);
  form->setVerticalSpacing(1);
  form->setContentsMargins(8, 4, 8, 4);
  for (const FieldRow& row : rows) AddRow(form, row.key, tr(row.label));
  return box;
}

void ResultCard::BuildGroups() {
  QGroupBox* patient = AddGroup(tr("Patient"), kPatientRows);
  insurance_group_ = AddGroup(tr("Insurance"), kInsuranceRows);
  insurance_group_->setObjectName(QStringLiteral("insurance"));
  others_group_ = new QGroupBox(tr("Other records"));
  others_group_->setObjectName(QStringLiteral("otherRecords"));
  others_ = new QLabel;
  others_->setObjectName(QStringLiteral("otherRecordsText"));
  others_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  others_->setWordWrap(true);
  others_->setTextFormat(Qt::PlainText);
  (new QVBoxLayout(others_group_))->addWidget(others_);
  aid_group_ = AddGroup(tr("Medical aid (public assistance)"), kAidRows);
  document_group_ = AddGroup(tr("Document seen"), kDocumentRows);
  QGroupBox* record = AddGroup(tr("Check record"), kRecordRows);
  // Three columns that close up when a group is hidden: who the patient is, what to bill (the
  // insurance and any medical aid), how the check was made. Two columns ran the insurance block
  // past the bottom of a 1366×900 screen, under the banners a lost or ending coverage adds.
  auto* who = new QVBoxLayout;
  auto* bill = new QVBoxLayout;
  auto* how = new QVBoxLayout;
  who->addWidget(patient);
  bill->addWidget(insurance_group_);
  bill->addWidget(aid_group_);
  // At the top of its column: the warning of a validity-3 or -5 answer sends staff to it.
  how->addWidget(others_group_);
  how->addWidget(document_group_);
  how->addWidget(record);
  how->addWidget(BuildDetails());
  auto* columns = new QHBoxLayout;
  for (QVBoxLayout* column : {who, bill, how}) {
    column->addStretch();
    columns->addLayout(column, 1);
  }
  static_cast<QVBoxLayout*>(layout())->addLayout(columns);
}

QWidget* ResultCard::BuildDetails() {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  details_toggle_ = new QToolButton;
  details_toggle_->setObjectName(QStringLiteral("supportDetailsToggle"));
  details_toggle_->setText(tr("Details for support"));
  details_toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  details_toggle_->setCheckable(true);
  details_toggle_->setAutoRaise(true);
  details_group_ = AddGroup(tr("Details for support"), kSupportRows);
  details_group_->setObjectName(QStringLiteral("supportDetails"));
  connect(details_toggle_, &QToolButton::toggled, this, &ResultCard::ShowDetails);
  layout->addWidget(details_toggle_);
  layout->addWidget(details_group_);
  return box;
}

void ResultCard::ShowDetails(bool open) {
  details_toggle_->setChecked(open);
  details_toggle_->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
  details_group_->setVisible(open);
}

void ResultCard::Set(const std::string& key, const QString& value) {
  values_.at(key)->setText(value.isEmpty() ? QStringLiteral("—") : value);
}

namespace {
// The form a value label is a row of (every group's layout is one).
QFormLayout* FormOf(QLabel* value) {
  return qobject_cast<QFormLayout*>(value->parentWidget()->layout());
}
}  // namespace

bool ResultCard::RowShown(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return false;
  QFormLayout* form = FormOf(it->second);
  return form != nullptr && form->isRowVisible(it->second);
}

QString ResultCard::FieldText(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? QString() : it->second->text();
}

void ResultCard::Clear() {
  for (auto& [key, label] : values_) label->setText(QStringLiteral("—"));
  headline_->clear();
  headline_->setStyleSheet({});
  for (QLabel* l : {loss_banner_, aid_banner_, warning_banner_}) l->hide();
  has_warnings_ = false;
  aid_group_->hide();
  document_group_->hide();
  others_->clear();
  others_group_->hide();
  ShowDetails(false);  // each patient's result starts with the codes out of the way
}

void ResultCard::Show(const v1::CheckResult& r, bool others_in_next_step) {
  others_in_next_step_ = others_in_next_step;
  Clear();
  ShowHeadline(r);
  ShowBanners(r);
  ShowPatient(r.eligibility());
  ShowInsurance(r.eligibility());
  ShowOthers(r.eligibility());
  ShowAid(r);
  ShowDocument(r.document());
  ShowRecord(r);
  ShowSupport(r);
}

void ResultCard::ShowHeadline(const v1::CheckResult& r) {
  QString text = Labels::Outcome(r.outcome());
  const auto& e = r.eligibility();
  if (r.outcome() == v1::OUTCOME_ELIGIBLE && e.copayment_percent() > 0) {
    text += tr("  Co-payment %1").arg(Labels::Copayment(e.copayment_percent()));
  }
  headline_->setText(text);
  headline_->setStyleSheet(HeadlineStyle(r.outcome()));
}

void ResultCard::ShowBanners(const v1::CheckResult& r) {
  const auto& e = r.eligibility();
  // A loss date after the day of the check is coverage that ends later (a 75th birthday, a
  // planned change of insurer): this insurer still applies today (a domain review: the red
  // "do not bill" banner showed for it).
  const std::string& lost_on = e.disqualification_date();
  const bool ends_later =
      r.outcome() != v1::OUTCOME_INELIGIBLE && !lost_on.empty() && r.has_checked_at() &&
      lost_on > domain::FormatIso(domain::JapanDateOf(r.checked_at().seconds()));
  if (r.outcome() == v1::OUTCOME_INELIGIBLE || (!lost_on.empty() && !ends_later)) {
    // When the answer names the other insurance, asking the patient for it contradicts the
    // screen: the banner points to it instead.
    loss_banner_->setText(
        (e.other_records().empty()
             ? tr("Coverage lost on %1 — reason: %2. Do not bill this insurer; ask the patient "
                  "for their new insurance.")
             : tr("Coverage lost on %1 — reason: %2. Do not bill this insurer; the answer names "
                  "the patient's other insurance under \"Other records\"."))
            .arg(Labels::Date(lost_on), Labels::LossReason(e.loss_reason())));
    loss_banner_->show();
    has_warnings_ = true;
  }
  ShowAidBanner(r);
  QStringList warnings;
  if (ends_later) {
    warnings << tr("This coverage ends on %1 (reason: %2): until the day before, this insurer "
                   "applies; from that day, ask the patient for their new insurance.")
                    .arg(Labels::Date(lost_on), Labels::LossReason(e.loss_reason()));
  }
  if (e.name_has_unrepresentable()) {
    warnings << tr(
        "The name contains characters the system cannot show (● or 〓). Check the name on "
        "the card by eye before using it.");
  }
  // An answer with several records (see common.proto): the one above is the service's first.
  if (!e.other_records().empty() && !others_in_next_step_) {
    const auto& next = e.other_records(0);
    const QString insurer = tr("%1 (%2)").arg(Labels::OrDash(next.insurer_name()),
                                              Labels::OrDash(next.insurer_number()));
    if (r.outcome() == v1::OUTCOME_INELIGIBLE) {
      warnings << tr("The service also names the patient's new insurance: %1, shown under "
                     "\"Other records\". Confirm it with the patient and use it instead.")
                      .arg(insurer);
    } else {
      warnings << tr("The patient is covered by more than one insurance at once (also: %1, "
                     "shown under \"Other records\"). Ask the patient which one to use today.")
                      .arg(insurer);
    }
  }
  if (r.answer_late()) {
    warnings << tr(
        "This answer came from the on-site terminal after the re-inquiry had timed out. It "
        "replaces the error shown then.");
  }
  if (r.certificate_in_grace()) {
    warnings << tr("The card's certificate expired on %1 and is accepted only during the grace "
                   "period. Ask the patient to renew it at the city office.")
                    .arg(Labels::Date(r.certificate_not_after()));
  }
  if (!r.contract_insurer_number().empty() && !r.contract_insurer_match()) {
    warnings << tr("The insurer on the voucher (%1) does not match the patient's insurer.")
                    .arg(QString::fromStdString(r.contract_insurer_number()));
  }
  if (!warnings.isEmpty()) {
    warning_banner_->setText(warnings.join(QLatin1Char('\n')));
    warning_banner_->show();
    has_warnings_ = true;
  }
}

void ResultCard::ShowAidBanner(const v1::CheckResult& r) {
  const v1::MedicalAid& aid = r.eligibility().medical_aid();
  const AidCoverage coverage = AidCoverageOn(aid, CheckDateInJapan(r));
  if (coverage == AidCoverage::kNone) return;
  QString text;
  if (coverage == AidCoverage::kExpired) {
    text = tr("The medical aid voucher (医療券) ended on %1, before this check: it does not "
              "cover today. Ask the patient for the current voucher, or call the welfare office.")
               .arg(Labels::Date(aid.valid_to()));
  } else if (coverage == AidCoverage::kNotYetValid) {
    text = tr("The medical aid voucher (医療券) is valid only from %1: it does not cover today. "
              "Ask the patient for the current voucher, or call the welfare office.")
               .arg(Labels::Date(aid.valid_from()));
  } else {
    text = tr("Medical aid (public assistance): payer %1, recipient %2")
               .arg(Labels::OrDash(aid.public_expense_number()),
                    Labels::OrDash(aid.beneficiary_number()));
  }
  const bool covered = coverage == AidCoverage::kCovered;
  if (!covered) has_warnings_ = true;
  aid_banner_->setStyleSheet(QLatin1String(covered ? kBlueBanner : kRedBanner) +
                             QLatin1String(kBannerStyle));
  aid_banner_->setText(text);
  aid_banner_->show();
}

void ResultCard::ShowPatient(const v1::Eligibility& e) {
  Set("name", QString::fromStdString(e.name()));
  Set("name_kana", QString::fromStdString(e.name_kana()));
  Set("sex", Labels::Sex(e.sex()));
  Set("birth_date", Labels::BirthDate(e.birth_date()));
  Set("post_number", QString::fromStdString(e.post_number()));
  Set("address", QString::fromStdString(e.address()));
}

void ResultCard::ShowInsurance(const v1::Eligibility& e) {
  Set("insurer", QString::fromStdString(e.insurer_name()));
  Set("insurer_number", QString::fromStdString(e.insurer_number()));
  Set("insurer_kind", QString::fromStdString(e.insurer_kind()));
  Set("symbol_number",
      tr("%1 / %2 / %3")
          .arg(Labels::OrDash(e.insured_symbol()), Labels::OrDash(e.insured_number()),
               Labels::OrDash(e.insured_branch_number())));
  Set("personal_family", Labels::PersonalFamily(e.personal_family()));
  Set("copayment", Labels::Copayment(e.copayment_percent()));
  Set("qualification_date", Labels::Date(e.qualification_date()));
  Set("valid", tr("%1 – %2").arg(Labels::Date(e.valid_from()), Labels::Date(e.valid_to())));
  Set("disqualification_date", Labels::Date(e.disqualification_date()));
  Set("loss_reason", e.loss_reason().empty() ? QString() : Labels::LossReason(e.loss_reason()));
}

void ResultCard::ShowOthers(const v1::Eligibility& e) {
  if (e.other_records().empty()) return;
  QStringList blocks;
  for (const auto& o : e.other_records()) {
    QStringList lines;
    lines << tr("Insurer: %1 (%2)")
                 .arg(Labels::OrDash(o.insurer_name()), Labels::OrDash(o.insurer_number()));
    lines << tr("Symbol / number / branch: %1 / %2 / %3  %4  Co-payment %5")
                 .arg(Labels::OrDash(o.insured_symbol()), Labels::OrDash(o.insured_number()),
                      Labels::OrDash(o.insured_branch_number()),
                      Labels::PersonalFamily(o.personal_family()),
                      Labels::Copayment(o.copayment_percent()));
    QString valid = tr("Valid from / to: %1 – %2")
                        .arg(Labels::Date(o.valid_from()), Labels::Date(o.valid_to()));
    if (!o.disqualification_date().empty()) {
      valid += tr("  (coverage lost on %1)").arg(Labels::Date(o.disqualification_date()));
    }
    lines << valid;
    blocks << lines.join(QLatin1Char('\n'));
  }
  others_->setText(blocks.join(QStringLiteral("\n\n")));
  others_group_->show();
}

void ResultCard::ShowAid(const v1::CheckResult& r) {
  const v1::MedicalAid& aid = r.eligibility().medical_aid();
  const AidCoverage coverage = AidCoverageOn(aid, CheckDateInJapan(r));
  aid_group_->setVisible(coverage != AidCoverage::kNone);
  Set("aid_public_expense", QString::fromStdString(aid.public_expense_number()));
  Set("aid_beneficiary", QString::fromStdString(aid.beneficiary_number()));
  QString valid = tr("%1 – %2").arg(Labels::Date(aid.valid_from()), Labels::Date(aid.valid_to()));
  if (coverage == AidCoverage::kExpired) valid += tr(" (ended before this check)");
  if (coverage == AidCoverage::kNotYetValid) valid += tr(" (not yet valid on this check)");
  Set("aid_valid", valid);
  Set("aid_institution", QString::fromStdString(aid.designated_institution()));
}

void ResultCard::ShowDocument(const v1::FallbackDocument& d) {
  document_group_->setVisible(d.kind() != v1::DOCUMENT_KIND_UNSPECIFIED);
  Set("doc_kind", Labels::Document(d.kind()));
  Set("doc_dates", tr("%1 / %2").arg(Labels::Date(d.issued_on()), Labels::Date(d.expires_on())));
  Set("doc_elderly", d.elderly_scheme() ? tr("Yes") : tr("No"));
  Set("doc_insured",
      tr("%1 / %2 / %3 / %4")
          .arg(Labels::OrDash(d.insurer_number()), Labels::OrDash(d.insured_symbol()),
               Labels::OrDash(d.insured_number()), Labels::OrDash(d.insured_branch_number())));
  Set("doc_note", QString::fromStdString(d.note()));
}

QString ResultCard::Verification(const v1::CheckResult& r) {
  if (r.source() == v1::CHECK_SOURCE_FACE_READER) {
    return tr("Verified by the face-recognition card reader");
  }
  if (r.source() != v1::CHECK_SOURCE_CARD) return Labels::Source(r.source());
  if (r.mode() == v1::IDENTITY_MODE_PIN) return tr("PIN entered by the patient");
  if (r.mode() == v1::IDENTITY_MODE_VISUAL) return tr("Visual check of the face photo by staff");
  return Labels::Mode(r.mode());
}

void ResultCard::ShowRecord(const v1::CheckResult& r) {
  Set("verification", Verification(r));
  Set("route", Labels::Route(r.route()));
  Set("source", Labels::Source(r.source()));
  Set("checked_at", Labels::CheckedAt(r));
  QString cert = Labels::Date(r.certificate_not_after());
  if (r.certificate_in_grace()) cert += tr(" (expired, in grace period)");
  Set("certificate", r.certificate_not_after().empty() ? QString() : cert);
  Set("contract_insurer",
      r.contract_insurer_number().empty()
          ? QString()
          : tr("%1 (%2)").arg(QString::fromStdString(r.contract_insurer_number()),
                              r.contract_insurer_match() ? tr("matches") : tr("does not match")));
  QString reader = QString::fromStdString(r.reader().name());
  if (!reader.isEmpty() && !r.reader().extended_apdu()) reader += tr(" (no extended APDU)");
  Set("reader", reader);
  Set("operator", QString::fromStdString(r.operator_name()));
  Set("record", r.sequence() == 0 ? QString() : QString::number(r.sequence()));
  // Rows most checks leave empty are shown only when they say something: an always-empty
  // 担当者 or 受診券の保険者 row reads as something forgotten (a pharmacist's review).
  ShowRow("contract_insurer", !r.contract_insurer_number().empty());
  ShowRow("operator", !r.operator_name().empty());
}

void ResultCard::ShowRow(const std::string& key, bool shown) {
  QLabel* value = values_.at(key);
  if (QFormLayout* form = FormOf(value)) form->setRowVisible(value, shown);
}

void ResultCard::ShowSupport(const v1::CheckResult& r) {
  const auto& e = r.eligibility();
  // The 被保険者証区分 code list is not in our sources (domain.md): the code, labelled, only here.
  Set("card_classification",
      e.card_classification().empty()
          ? QString()
          : tr("Class %1").arg(QString::fromStdString(e.card_classification())));
  Set("loss_reason_code", QString::fromStdString(e.loss_reason()));
  Set("error", r.error_reason().empty()
                   ? QString()
                   : QString::fromStdString(r.error_reason() + " " + r.error_message()));
  Set("check_id", QString::fromStdString(r.check_id()));
  Set("atr", QString::fromStdString(r.reader().atr_hex()));
  Set("diagnostics", tr("%1 APDU / %2 ms").arg(r.apdu_count()).arg(r.duration_ms()));
  Set("certificate_digest", Hex(r.certificate_digest()).left(16));
}

}  // namespace kakunin::station
