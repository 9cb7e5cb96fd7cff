#pragma once
// The screenshot tests' fixture (station_screens_test, station_next_step_screens_test): the
// counter window in Japanese, offscreen, with what a person reads of it and a saved picture that
// must not be blank.

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <set>

#include "agent/station/tests/window_harness.h"

namespace kakunin::station::testing {

// Distinct colours on a coarse grid: a blank or single-colour grab has a handful at most.
inline int DistinctColours(const QImage& image) {
  std::set<QRgb> colours;
  for (int y = 0; y < image.height(); y += 4) {
    for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
  }
  return static_cast<int>(colours.size());
}

// Every visible label's text in the window, as a person reads the picture.
inline QString VisibleText(const QWidget* root) {
  QString all;
  for (const QLabel* label : root->findChildren<QLabel*>()) {
    if (label->isVisible()) all += label->text() + QLatin1Char('\n');
  }
  return all;
}

class StationScreensTest : public WindowTest {
 protected:
  // Codes are for the help desk: none of them may be on screen while the details are closed.
  void ExpectNoCodesShown() {
    const QString text = VisibleText(window_.get());
    for (const char* code : {"ATR", "APDU", "3b8a80019078b3a1a0b0c1e3", "区分 01", "3f1c2a9e-"}) {
      EXPECT_FALSE(text.contains(QString::fromUtf8(code))) << code << " in:\n"
                                                           << text.toStdString();
    }
  }

  // What staff read without scrolling: `w` lies wholly inside the window's visible part (the
  // result area scrolls, and what runs past its bottom is not seen on a busy counter).
  void ExpectSeenWithoutScrolling(QWidget* w, const char* what) {
    for (int i = 0; i < 8; ++i) QCoreApplication::sendPostedEvents();
    ASSERT_TRUE(w->isVisible()) << what;
    const QRect shown = w->visibleRegion().boundingRect();
    EXPECT_EQ(shown.size(), w->size())
        << what << " shows " << shown.height() << " of its " << w->height() << " px";
  }

  // Saves the window (with `dialog` drawn where it sits on screen) and checks it is a picture.
  void Save(const QString& name, QWidget* dialog = nullptr) {
    // Layout requests travel up the widget tree one posted event at a time: flush them so that
    // labels whose text just changed have their final size in the picture.
    for (int i = 0; i < 8; ++i) QCoreApplication::sendPostedEvents();
    QImage image = window_->grab().toImage();
    if (dialog) {
      QPainter painter(&image);
      QPoint at = dialog->mapToGlobal(QPoint(0, 0)) - window_->mapToGlobal(QPoint(0, 0));
      if (!image.rect().contains(QRect(at, dialog->size()))) {
        at = QPoint((image.width() - dialog->width()) / 2, (image.height() - dialog->height()) / 2);
      }
      painter.fillRect(image.rect(), QColor(0, 0, 0, 80));  // dim the window behind the dialog
      painter.drawImage(at, dialog->grab().toImage());
    }
    ASSERT_TRUE(QDir().mkpath(QStringLiteral(KAKUNIN_STATION_ARTIFACT_DIR)));
    const QString path = QStringLiteral(KAKUNIN_STATION_ARTIFACT_DIR "/") + name + ".png";
    ASSERT_TRUE(image.save(path)) << path.toStdString();
    QImage back(path);
    EXPECT_EQ(back.size(), window_->size());
    EXPECT_GT(DistinctColours(back), 50) << name.toStdString() << " looks blank";
  }

  // The patient types 4 digits on the PIN pad the check opened, and presses Enter.
  void EnterPinOnThePad() {
    ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
    QTest::keyClicks(window_->pin_pad()->edit(), "1234");
    QTest::keyClick(window_->pin_pad()->edit(), Qt::Key_Return);
  }

  // A check in PIN mode whose answer leaves the counter idle with a next step to take.
  void CheckWithPinUntilTheNextStep() {
    window_->StartCheck();
    ASSERT_NO_FATAL_FAILURE(EnterPinOnThePad());
    ASSERT_TRUE(
        WaitFor([&] { return window_->idle() && window_->next_step_panel()->isVisible(); }));
  }

  void CheckAndShow(const v1::CheckResult& result) {
    agent_.QueueAnswer(result);
    window_->StartCheck();
    ASSERT_TRUE(WaitFor([&] { return window_->phase() == StationWindow::Phase::kShowingResult; }));
  }
};

}  // namespace kakunin::station::testing
