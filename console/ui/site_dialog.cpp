#include "console/ui/site_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }
std::string S(const QString& s) { return s.trimmed().toStdString(); }

QLabel* Buddy(const QString& text, QWidget* field) {
  auto* label = new QLabel(text);
  label->setBuddy(field);
  return label;
}

}  // namespace

QString SiteDialog::ProblemText(const SiteProblem& p) {
  const std::string& r = p.reason;
  if (r == "site.bad_id") {
    return tr("Site ID: use lower-case letters, digits, '-' or '_' (up to 32).");
  }
  if (r == "site.name_missing") return tr("Enter the institution name.");
  if (r == "site.unknown_kind") return tr("Choose the facility kind.");
  if (r == "institution_code.invalid_format") {
    return tr("The institution code has 10 digits: prefecture (2), score table (1), code (7).");
  }
  if (r == "institution_code.unknown_prefecture") {
    return tr("The first two digits of the institution code must be a prefecture (01–47).");
  }
  if (r == "institution_code.unknown_score_table") {
    return tr(
        "The third digit of the institution code must be 1 (medical), 3 (dental), "
        "4 (pharmacy) or 6 (visiting nurse).");
  }
  if (r == "institution_code.check_digit_mismatch") {
    return tr("The check digit of the institution code does not match (expected %1). Check "
              "the code on the notice from the Regional Bureau.")
        .arg(p.expected_digit);
  }
  if (r == "institution_code.override_reason_missing") {
    return tr("The check digit does not match (expected %1). If the code is right as written, "
              "record why in \"Reason for keeping the code\".")
        .arg(p.expected_digit);
  }
  if (r == "institution_code.kind_mismatch") {
    return tr(
        "The score-table digit does not fit the facility kind (pharmacies: 4; hospitals "
        "and clinics: 1 or 3).");
  }
  if (r == "site.measure_not_applicable") {
    return tr(
        "Transitional measures apply only to insurance pharmacies and medical "
        "institutions.");
  }
  if (r == "site.measure_bad_date") return tr("The event date is not a valid date.");
  if (r == "site.phone_full_width") {
    return tr("The telephone number has full-width characters; use half-width digits.");
  }
  if (r == "site.bad_phone") {
    return tr("A telephone number is 10 or 11 half-width digits without hyphens.");
  }
  if (r == "site.bad_email") return tr("The e-mail address is not valid.");
  return QString::fromStdString(r);
}

SiteDialog::SiteDialog(const v1::Site* existing, QWidget* parent) : QDialog(parent) {
  if (existing) original_ = *existing;
  setWindowTitle(existing ? tr("Edit site") : tr("New site"));
  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;

  site_id_ = new QLineEdit(Q(original_.site_id()));
  site_id_->setReadOnly(existing != nullptr);  // the id is in every terminal's certificate
  site_id_->setPlaceholderText(tr("e.g. ekimae"));
  name_ = new QLineEdit(Q(original_.name()));
  name_->setPlaceholderText(tr("e.g. Kakunin Pharmacy Ekimae"));
  code_ = new QLineEdit(Q(original_.institution_code()));
  code_->setMaxLength(10);
  code_->setValidator(
      new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,10}")), code_));
  code_->setPlaceholderText(QStringLiteral("1341234567"));
  code_status_ = PlainLabel();
  code_status_->setWordWrap(true);
  override_reason_ = new QLineEdit(Q(original_.code_override_reason()));
  kind_ = new QComboBox;
  for (const auto& id : FacilityKindIds()) kind_->addItem(Labels::FacilityKind(id), Q(id));
  kind_->setCurrentIndex(std::max(0, kind_->findData(Q(original_.facility_kind()))));

  measure_ = new QComboBox;
  for (int c = v1::TRANSITIONAL_CATEGORY_UNSPECIFIED; c <= v1::TRANSITIONAL_OTHER; ++c)
    measure_->addItem(Labels::Transitional(static_cast<v1::TransitionalCategory>(c)), c);
  measure_->setCurrentIndex(measure_->findData(static_cast<int>(original_.transitional())));
  event_known_ = new QCheckBox(tr("&Date known"));
  event_date_ = new QDateEdit;
  event_date_->setCalendarPopup(true);
  //: Date format of the date field; Japanese style in the ja translation.
  event_date_->setDisplayFormat(tr("yyyy-MM-dd"));
  auto event = domain::ParseIsoDate(original_.transitional_event_date());
  event_known_->setChecked(event.ok());
  event_date_->setDate(event.ok() ? QDate(event->year, event->month, event->day)
                                  : Labels::JapanToday());
  auto* event_row = new QHBoxLayout;
  event_row->addWidget(event_known_);
  event_row->addWidget(event_date_, 1);
  event_label_ = new QLabel;
  measure_end_ = new QLabel;

  default_mode_ = new QComboBox;
  default_mode_->addItem(Labels::IdentityMode(v1::IDENTITY_MODE_VISUAL), v1::IDENTITY_MODE_VISUAL);
  default_mode_->addItem(Labels::IdentityMode(v1::IDENTITY_MODE_PIN), v1::IDENTITY_MODE_PIN);
  default_mode_->setCurrentIndex(original_.default_mode() == v1::IDENTITY_MODE_PIN ? 1 : 0);
  auto_approve_ = new QCheckBox(tr("Approve new terminals &automatically"));
  auto_approve_->setChecked(original_.auto_approve_devices());
  local_override_ = new QCheckBox(tr("Staff may switch the identity check at the counter"));
  local_override_->setChecked(original_.local_mode_override_allowed());
  phone_ = new QLineEdit(Q(original_.phone()));

  form->addRow(Buddy(tr("Site &ID"), site_id_), site_id_);
  form->addRow(Buddy(tr("Institution &name"), name_), name_);
  form->addRow(Buddy(tr("Institution &code"), code_), code_);
  form->addRow(QString(), code_status_);
  form->addRow(Buddy(tr("Reason for keeping the code"), override_reason_), override_reason_);
  form->addRow(Buddy(tr("Facility &kind"), kind_), kind_);
  form->addRow(Buddy(tr("&Transitional measure"), measure_), measure_);
  form->addRow(event_label_, event_row);
  form->addRow(QString(), measure_end_);
  form->addRow(Buddy(tr("Default identity check"), default_mode_), default_mode_);
  form->addRow(QString(), auto_approve_);
  form->addRow(QString(), local_override_);
  form->addRow(Buddy(tr("&Phone"), phone_), phone_);
  layout->addLayout(form);
  route_ = new RouteEditor(RouteEditor::Scope::kSite);
  route_->SetSettings(original_.route());
  layout->addWidget(route_);

  problems_ = PlainLabel();
  problems_->setObjectName(QStringLiteral("siteProblems"));
  problems_->setWordWrap(true);
  problems_->setStyleSheet(QStringLiteral("color: #b00020;"));
  layout->addWidget(problems_);
  auto* buttons = new QDialogButtonBox;
  save_ = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
  save_->setDefault(true);
  buttons->addButton(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  layout->addWidget(buttons);
  setMinimumWidth(560);

  for (auto* e : {site_id_, name_, code_, override_reason_})
    connect(e, &QLineEdit::textChanged, this, &SiteDialog::Revalidate);
  for (auto* c : {kind_, measure_})
    connect(c, &QComboBox::currentIndexChanged, this, &SiteDialog::Revalidate);
  connect(event_known_, &QCheckBox::toggled, this, &SiteDialog::Revalidate);
  connect(event_date_, &QDateEdit::dateChanged, this, &SiteDialog::Revalidate);
  connect(route_, &RouteEditor::changed, this, &SiteDialog::Revalidate);
  connect(save_, &QPushButton::clicked, this, [this] {
    SetBusy(true);
    emit saveRequested(site());
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  (existing ? name_ : site_id_)->setFocus();
  Revalidate();
}

v1::Site SiteDialog::site() const {
  v1::Site s = original_;
  s.set_site_id(S(site_id_->text()));
  s.set_name(S(name_->text()));
  s.set_institution_code(S(code_->text()));
  s.set_prefecture(s.institution_code().size() >= 2 ? s.institution_code().substr(0, 2) : "");
  // A reason is kept only while the code still needs one.
  auto check = CheckInstitutionCode(s.institution_code());
  s.set_code_override_reason(check.override_allowed ? S(override_reason_->text()) : "");
  s.set_facility_kind(S(kind_->currentData().toString()));
  s.set_transitional(static_cast<v1::TransitionalCategory>(measure_->currentData().toInt()));
  const bool has_date = s.transitional() != v1::TRANSITIONAL_CATEGORY_UNSPECIFIED &&
                        s.transitional() != v1::TRANSITIONAL_HOME_VISIT_ONLY &&
                        event_known_->isChecked();
  s.set_transitional_event_date(has_date ? event_date_->date().toString(Qt::ISODate).toStdString()
                                         : "");
  s.set_default_mode(static_cast<v1::IdentityMode>(default_mode_->currentData().toInt()));
  s.set_auto_approve_devices(auto_approve_->isChecked());
  s.set_local_mode_override_allowed(local_override_->isChecked());
  s.set_phone(S(phone_->text()));
  *s.mutable_route() = route_->settings();
  return s;
}

void SiteDialog::ShowCodeStatus() {
  const std::string code = S(code_->text());
  auto check = CheckInstitutionCode(code);
  override_reason_->setEnabled(check.override_allowed);
  if (code.empty()) {
    code_status_->clear();
  } else if (check.ok()) {
    code_status_->setStyleSheet(QStringLiteral("color: #1b6e20;"));
    code_status_->setText(tr("✓ Valid code (%1, score table %2)")
                              .arg(Labels::Prefecture(code.substr(0, 2)), Q(code.substr(2, 1))));
  } else if (code.size() < 10) {
    code_status_->setStyleSheet(QString());
    code_status_->setText(tr("%1 of 10 digits").arg(code.size()));
  } else {
    code_status_->setStyleSheet(QStringLiteral("color: #b00020;"));
    code_status_->setText(
        ProblemText({SiteProblem::Field::kInstitutionCode, check.reason, check.expected_digit}));
  }
}

void SiteDialog::ShowMeasure() {
  const auto category = static_cast<v1::TransitionalCategory>(measure_->currentData().toInt());
  const bool needs_date = category != v1::TRANSITIONAL_CATEGORY_UNSPECIFIED &&
                          category != v1::TRANSITIONAL_HOME_VISIT_ONLY;
  switch (category) {
    case v1::TRANSITIONAL_VENDOR_NOT_READY:
      event_label_->setText(tr("System ready on"));
      break;
    case v1::TRANSITIONAL_NO_FIBRE:
      event_label_->setText(tr("Fibre available from"));
      break;
    case v1::TRANSITIONAL_RECONSTRUCTION:
      event_label_->setText(tr("Works end on"));
      break;
    case v1::TRANSITIONAL_CLOSING:
      event_label_->setText(tr("Closing on"));
      break;
    case v1::TRANSITIONAL_OTHER:
      event_label_->setText(tr("Resolved on"));
      break;
    default:
      event_label_->setText(tr("Event date"));
  }
  event_known_->setEnabled(needs_date);
  event_date_->setEnabled(needs_date && event_known_->isChecked());
  if (category == v1::TRANSITIONAL_CATEGORY_UNSPECIFIED) {
    measure_end_->setText(tr("No deferral: the full online check is required."));
    return;
  }
  auto last = MeasureLastDayOf(site());
  if (last.ok()) {
    measure_end_->setText(
        tr("Deferred until %1").arg(Labels::Date(QDate(last->year, last->month, last->day))));
  } else {
    measure_end_->setText(tr("The deadline depends on this date; enter it once it is known."));
  }
}

void SiteDialog::Revalidate() {
  ShowCodeStatus();
  ShowMeasure();
  auto problems = ValidateSite(site());
  QStringList lines;
  for (const auto& p : problems) lines << QStringLiteral("• ") + ProblemText(p);
  problems_->setText(lines.join(QLatin1Char('\n')));
  save_->setEnabled(CanSave());
}

// The route's own problem is shown in its group, next to the fields it is about.
bool SiteDialog::CanSave() const {
  return !busy_ && ValidateSite(site()).empty() && route_->valid();
}

void SiteDialog::ShowError(const QString& text) {
  SetBusy(false);
  problems_->setText(text);
}

void SiteDialog::SetBusy(bool busy) {
  busy_ = busy;
  save_->setEnabled(CanSave());
}

}  // namespace kakunin::console
