#pragma once
// The dialog the patient types the card's 4-digit PIN into: masked, large keys, the tries left
// shown. With one try left it refuses input (the daemon's PIN-lock guard would refuse it anyway)
// and offers the visual check instead, so that a typo can never lock the card.

#include <QDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <vector>

namespace kakunin::station {

class PinPadDialog : public QDialog {
  Q_OBJECT
 public:
  // Returned by exec() when staff chose the visual check instead.
  static constexpr int kSwitchToVisual = 2;

  // `tries_left`: -1 unknown; `may_switch_mode`: staff may switch to the visual check.
  PinPadDialog(int tries_left, bool may_switch_mode, QWidget* parent = nullptr);
  ~PinPadDialog() override;

  // The PIN typed (4 digits once accepted). Never logged.
  QString pin() const { return edit_->text(); }
  // Shows why the previous try failed (e.g. wrong PIN) above the keys.
  void SetMessage(const QString& text);

  QLineEdit* edit() const { return edit_; }
  QPushButton* ok_button() const { return ok_; }
  QPushButton* visual_button() const { return visual_; }
  QPushButton* key(int digit) const { return keys_.at(digit); }
  QLabel* tries_label() const { return tries_; }
  QLabel* guard_label() const { return guard_; }

 private:
  void BuildKeys(QGridLayout* grid);
  QHBoxLayout* BuildButtons(bool may_switch_mode);
  // One try left (or locked): the daemon's guard refuses VERIFY, so the pad takes no input.
  void ApplyGuard(int tries_left, bool may_switch_mode);
  void Press(int digit);
  void UpdateButtons();

  QLineEdit* edit_;
  QLabel* tries_;
  QLabel* guard_;
  QLabel* message_;
  QPushButton* ok_;
  QPushButton* visual_;
  QPushButton* back_;
  std::vector<QPushButton*> keys_;
  bool blocked_ = false;
};

}  // namespace kakunin::station
