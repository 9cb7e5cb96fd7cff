#include "console/ui/onboarding_stage_dialog.h"

#include <QDate>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include "common/site/onboarding_fields.h"
#include "console/models/labels.h"
#include "console/models/onboarding_model.h"
#include "console/ui/error_text.h"
#include "console/ui/plain_label.h"

namespace kakunin::console {

QString OnboardingStageDialog::ProblemText(const std::string& reason) {
  if (reason == "onboarding.bad_date") return tr("Write dates as 2026-04-30.");
  if (reason == "onboarding.date_out_of_range") {
    return tr("Dates must be in the years %1 to %2.")
        .arg(site::kFirstOnboardingYear)
        .arg(site::kLastOnboardingYear);
  }
  if (reason == "onboarding.done_in_future") return tr("The done date cannot be in the future.");
  if (reason == "onboarding.owner_too_long") {
    return tr("The owner may have at most %1 characters.").arg(site::kMaxOwnerChars);
  }
  if (reason == "onboarding.note_too_long") {
    return tr("The note may have at most %1 characters.").arg(site::kMaxNoteChars);
  }
  if (reason == "onboarding.bad_encoding") {
    return tr("There are characters that cannot be read (garbled text or 外字).");
  }
  if (reason == "onboarding.control_character") {
    return tr("The owner must be one line without tabs or other control characters.");
  }
  if (reason == "onboarding.site_not_found") return tr("This store is no longer registered.");
  if (reason == "onboarding.bad_stage") return tr("Unknown stage.");
  return {};
}

OnboardingStageDialog::OnboardingStageDialog(std::shared_ptr<ConsoleClient> client,
                                             const v1::OnboardingSite& site, int stage_index,
                                             QWidget* parent)
    : QDialog(parent), client_(std::move(client)), site_id_(site.site_id()) {
  const v1::OnboardingStage& s = site.stages(stage_index);
  stage_ = s.stage();
  setWindowTitle(
      tr("%1 — %2").arg(QString::fromStdString(site.name()), OnboardingLabels::Stage(stage_)));
  auto* layout = new QVBoxLayout(this);
  deadline_ = PlainLabel(OnboardingLabels::Detail(s));
  deadline_->setWordWrap(true);
  layout->addWidget(deadline_);

  auto* form = new QFormLayout;
  planned_ = new QLineEdit(QString::fromStdString(s.planned()));
  done_ = new QLineEdit(QString::fromStdString(s.done()));
  for (QLineEdit* date : {planned_, done_}) date->setPlaceholderText(QStringLiteral("2026-04-30"));
  auto* today = new QPushButton(tr("Today"));
  auto* done_row = new QHBoxLayout;
  done_row->addWidget(done_, 1);
  done_row->addWidget(today);
  owner_ = new QLineEdit(QString::fromStdString(s.owner()));
  owner_->setMaxLength(static_cast<int>(site::kMaxOwnerChars));
  note_ = new QPlainTextEdit(QString::fromStdString(s.note()));
  note_->setFixedHeight(80);
  form->addRow(tr("Planned date"), planned_);
  form->addRow(tr("Done date"), done_row);
  form->addRow(tr("Owner"), owner_);
  form->addRow(tr("Note"), note_);
  layout->addLayout(form);

  error_ = PlainLabel();
  error_->setWordWrap(true);
  layout->addWidget(error_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  // Our own word, so the button is Japanese even without Qt's translation (qtbase_ja).
  buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
  save_ = buttons->addButton(tr("Save"), QDialogButtonBox::AcceptRole);
  layout->addWidget(buttons);

  connect(today, &QPushButton::clicked, this,
          [this] { done_->setText(Labels::JapanToday().toString(Qt::ISODate)); });
  connect(save_, &QPushButton::clicked, this, &OnboardingStageDialog::Save);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void OnboardingStageDialog::Save() {
  v1::UpdateOnboardingStageRequest req;
  req.set_site_id(site_id_);
  req.set_stage(stage_);
  req.set_planned(planned_->text().trimmed().toStdString());
  req.set_done(done_->text().trimmed().toStdString());
  req.set_owner(owner_->text().trimmed().toStdString());
  req.set_note(note_->toPlainText().toStdString());
  const QDate today = Labels::JapanToday();
  const auto problems =
      site::CheckOnboardingStage({req.stage(), req.planned(), req.done(), req.owner(), req.note()},
                                 {today.year(), today.month(), today.day()});
  if (!problems.empty()) {
    QStringList lines;
    for (const auto& p : problems) lines << ProblemText(p.reason);
    ErrorText::Show(error_, lines.join(QLatin1Char('\n')), QString::fromLatin1(ErrorText::kAlarm));
    return;
  }
  if (!client_) return;
  save_->setEnabled(false);
  runner_.Run([client = client_, req] { return client->UpdateOnboardingStage(req); },
              [this](Result<v1::OnboardingSite>& r) {
                save_->setEnabled(true);
                if (!r.ok()) {
                  QString text = ProblemText(r.error().reason());
                  if (text.isEmpty()) text = ErrorText::For(r.error());
                  ErrorText::Show(error_, text, QString::fromLatin1(ErrorText::kAlarm));
                  return;
                }
                emit saved(*r);
                accept();
              });
}

}  // namespace kakunin::console
