#pragma once
// One store's onboarding stage as HQ changes it (issue 19): planned date, done date, owner and
// note, with the rules' deadline and where it comes from shown above. The fields are checked
// with the server's own rules (common/site/onboarding_fields.h) before anything is sent, and a
// refusal is shown in the same words.

#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <memory>

#include "console/client/console_client.h"
#include "console/ui/async_runner.h"

namespace kakunin::console {

class OnboardingStageDialog : public QDialog {
  Q_OBJECT
 public:
  OnboardingStageDialog(std::shared_ptr<ConsoleClient> client, const v1::OnboardingSite& site,
                        int stage_index, QWidget* parent = nullptr);

  QLineEdit* planned() { return planned_; }
  QLineEdit* done() { return done_; }
  QLineEdit* owner() { return owner_; }
  QPlainTextEdit* note() { return note_; }
  QLabel* error() { return error_; }
  QLabel* deadline() { return deadline_; }
  QPushButton* save_button() { return save_; }

  // The words for a refusal (the dialog's own check or the server's).
  static QString ProblemText(const std::string& reason);

 public slots:
  void Save();

 signals:
  // The store's row as the server judged it after the change.
  void saved(v1::OnboardingSite row);

 private:
  AsyncRunner runner_{this};
  std::shared_ptr<ConsoleClient> client_;
  std::string site_id_;
  std::string stage_;
  QLabel* deadline_;
  QLineEdit* planned_;
  QLineEdit* done_;
  QLineEdit* owner_;
  QPlainTextEdit* note_;
  QLabel* error_;
  QPushButton* save_;
};

}  // namespace kakunin::console
