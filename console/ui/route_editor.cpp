#include "console/ui/route_editor.h"

#include <google/protobuf/util/message_differencer.h>

#include <QRegularExpressionValidator>
#include <QVBoxLayout>

#include "console/models/labels.h"
#include "console/models/route_validation.h"
#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {
namespace {

QString Q(const std::string& s) { return QString::fromStdString(s); }
std::string S(const QLineEdit* e) { return e->text().trimmed().toStdString(); }

QComboBox* EncodingBox() {
  auto* box = new QComboBox;
  box->addItem(QStringLiteral("UTF-8"), static_cast<int>(v1::FILE_ENCODING_UTF8));
  box->addItem(QStringLiteral("Shift_JIS"), static_cast<int>(v1::FILE_ENCODING_SHIFT_JIS));
  return box;
}

void SelectEncoding(QComboBox* box, v1::FileEncoding encoding) {
  box->setCurrentIndex(encoding == v1::FILE_ENCODING_SHIFT_JIS ? 1 : 0);
}

v1::FileEncoding EncodingOf(const QComboBox* box) {
  return static_cast<v1::FileEncoding>(box->currentData().toInt());
}

bool SameMeaning(const v1::RouteSettings& a, const v1::RouteSettings& b, bool per_terminal) {
  return google::protobuf::util::MessageDifferencer::Equals(WithRouteDefaults(a, per_terminal),
                                                            WithRouteDefaults(b, per_terminal));
}

}  // namespace

RouteEditor::RouteEditor(Scope scope, QWidget* parent)
    : QGroupBox(tr("Eligibility route"), parent), scope_(scope) {
  BuildFields();
  BuildLayout();
  SetSettings({});
}

void RouteEditor::BuildFields() {
  route_ = new QComboBox;
  if (scope_ == Scope::kTerminal) {
    route_->addItem(tr("Follow the site's setting"),
                    static_cast<int>(v1::ELIGIBILITY_ROUTE_UNSPECIFIED));
  }
  route_->addItem(tr("Online eligibility service (API)"),
                  static_cast<int>(v1::ELIGIBILITY_ROUTE_SERVICE_API));
  route_->addItem(tr("Folders of the on-site eligibility terminal"),
                  static_cast<int>(v1::ELIGIBILITY_ROUTE_TERMINAL_FILES));
  note_ = PlainLabel();
  note_->setWordWrap(true);
  note_->setStyleSheet(QStringLiteral("color: #555555;"));
  req_ = new QLineEdit;
  req_->setPlaceholderText(QStringLiteral("\\\\oqs-pc\\OQS\\req"));
  res_ = new QLineEdit;
  res_->setPlaceholderText(QStringLiteral("\\\\oqs-pc\\OQS\\res"));
  timeout_ = new QSpinBox;
  timeout_->setRange(1, static_cast<int>(kMaxAnswerTimeoutSeconds));
  timeout_->setSuffix(tr(" s"));
  encoding_ = EncodingBox();
  code_ = new QLineEdit;
  code_->setMaxLength(10);
  code_->setValidator(
      new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,10}")), code_));
  code_->setPlaceholderText(tr("Blank: the site's code"));
  face_pickup_ = new QCheckBox(tr("This terminal records the &face-recognition reader's results"));
  face_pickup_->setToolTip(
      tr("Where several terminals share one eligibility terminal, only one should record them."));
  handoff_ = new QLineEdit;
  handoff_->setPlaceholderText(tr("Blank: no hand-off"));
  handoff_->setToolTip(
      tr("Each card check is also written there as a face-recognition reader answer file, so "
         "the receipt computer reads it as usual."));
  handoff_encoding_ = EncodingBox();
  problem_ = PlainLabel();
  problem_->setObjectName(QStringLiteral("routeProblem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: %1;").arg(ErrorText::kAlarm));
}

// Mnemonics differ from the site form's, which this group sits in.
void RouteEditor::BuildLayout() {
  auto* layout = new QVBoxLayout(this);
  form_ = new QFormLayout;
  form_->addRow(tr("&Route"), route_);
  form_->addRow(tr("Re&quest folder (req)"), req_);
  form_->addRow(tr("Ans&wer folder (res)"), res_);
  form_->addRow(tr("Answer ti&meout"), timeout_);
  form_->addRow(tr("Request &encoding"), encoding_);
  form_->addRow(tr("Institution code in the &header"), code_);
  form_->addRow(QString(), face_pickup_);
  form_->addRow(tr("&Hand-off folder for the receipt computer"), handoff_);
  form_->addRow(tr("Hand-off encodin&g"), handoff_encoding_);
  layout->addLayout(form_);
  // Wrapped notes below the form: a form row would not grow with its wrapped text.
  layout->addWidget(note_);
  layout->addWidget(problem_);

  connect(route_, &QComboBox::currentIndexChanged, this, &RouteEditor::UpdateRows);
  for (auto* e : {req_, res_, code_, handoff_})
    connect(e, &QLineEdit::textChanged, this, &RouteEditor::Revalidate);
  connect(timeout_, &QSpinBox::valueChanged, this, &RouteEditor::Revalidate);
  for (auto* c : {encoding_, handoff_encoding_})
    connect(c, &QComboBox::currentIndexChanged, this, &RouteEditor::Revalidate);
  connect(face_pickup_, &QCheckBox::toggled, this, &RouteEditor::Revalidate);
}

void RouteEditor::SetSettings(const v1::RouteSettings& r) {
  original_ = r;
  const bool files = r.route() == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES;
  int index = route_->findData(static_cast<int>(r.route()));
  if (index < 0) index = route_->findData(static_cast<int>(v1::ELIGIBILITY_ROUTE_SERVICE_API));
  req_->setText(Q(r.req_dir()));
  res_->setText(Q(r.res_dir()));
  timeout_->setValue(
      r.answer_timeout_seconds() == 0
          ? static_cast<int>(kDefaultAnswerTimeoutSeconds)
          : static_cast<int>(std::min(r.answer_timeout_seconds(), kMaxAnswerTimeoutSeconds)));
  SelectEncoding(encoding_, r.request_encoding());
  code_->setText(Q(r.header_institution_code()));
  face_pickup_->setChecked(files ? r.face_pickup() : true);  // on unless HQ turned it off
  handoff_->setText(Q(r.handoff_dir()));
  SelectEncoding(handoff_encoding_, r.handoff_encoding());
  route_->setCurrentIndex(index);
  UpdateRows();
}

void RouteEditor::SetSiteRoute(const v1::RouteSettings& site_route) {
  site_route_ = site_route;
  UpdateRows();
}

v1::EligibilityRoute RouteEditor::CurrentRoute() const {
  return static_cast<v1::EligibilityRoute>(route_->currentData().toInt());
}

v1::RouteSettings RouteEditor::Collect() const {
  v1::RouteSettings r;
  const auto route = CurrentRoute();
  if (route == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) return r;  // follows the site
  r.set_route(route);
  if (route == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES) {
    r.set_req_dir(S(req_));
    r.set_res_dir(S(res_));
    r.set_answer_timeout_seconds(static_cast<uint32_t>(timeout_->value()));
    r.set_request_encoding(EncodingOf(encoding_));
    r.set_header_institution_code(S(code_));
    r.set_face_pickup(face_pickup_->isChecked());
    return r;
  }
  r.set_handoff_dir(S(handoff_));
  if (!r.handoff_dir().empty()) r.set_handoff_encoding(EncodingOf(handoff_encoding_));
  return r;
}

v1::RouteSettings RouteEditor::settings() const {
  const bool per_terminal = scope_ == Scope::kTerminal;
  v1::RouteSettings r = Collect();
  return SameMeaning(r, original_, per_terminal) ? original_ : r;
}

Status RouteEditor::Check() const { return ValidateRoute(Collect(), scope_ == Scope::kTerminal); }

void RouteEditor::UpdateRows() {
  const auto route = CurrentRoute();
  const bool files = route == v1::ELIGIBILITY_ROUTE_TERMINAL_FILES;
  const bool api = route == v1::ELIGIBILITY_ROUTE_SERVICE_API;
  for (QWidget* w :
       std::initializer_list<QWidget*>{req_, res_, timeout_, encoding_, code_, face_pickup_}) {
    form_->setRowVisible(w, files);
  }
  form_->setRowVisible(handoff_, api);
  form_->setRowVisible(handoff_encoding_, api);
  if (route == v1::ELIGIBILITY_ROUTE_UNSPECIFIED) {
    note_->setText(
        tr("This terminal uses its site's route: %1").arg(Labels::EligibilityRoute(site_route_)));
  } else if (files) {
    note_->setText(
        tr("Requests go through the shared folders of the on-site eligibility terminal; the "
           "face-recognition reader's answers appear in the answer folder."));
  } else {
    note_->setText(tr("Checks go straight to the online eligibility service."));
  }
  Revalidate();
}

void RouteEditor::Revalidate() {
  handoff_encoding_->setEnabled(!handoff_->text().trimmed().isEmpty());
  const Status s = Check();
  problem_->setText(s.ok() ? QString() : ErrorText::For(s.error()));
  emit changed();
}

}  // namespace kakunin::console
