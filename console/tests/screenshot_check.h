#pragma once
// Screenshot artifacts of the console's e2e tests: saved under KAKUNIN_CONSOLE_ARTIFACT_DIR and
// checked to be a real rendering — many colours and a fair share of ink (text, lines), not one
// flat background.

#include <gtest/gtest.h>

#include <QApplication>
#include <QImage>
#include <QWidget>
#include <iostream>
#include <set>
#include <string>

namespace kakunin::console {

inline void SaveAndCheck(QWidget* widget, const std::string& name) {
  QApplication::processEvents();
  QImage image = widget->grab().toImage();
  const std::string path = std::string(KAKUNIN_CONSOLE_ARTIFACT_DIR) + "/" + name;
  ASSERT_TRUE(image.save(QString::fromStdString(path))) << path;
  std::cout << "screenshot: " << path << "\n";
  std::set<QRgb> colours;
  int64_t ink = 0, total = 0;
  for (int y = 0; y < image.height(); y += 2) {
    for (int x = 0; x < image.width(); x += 2) {
      QColor c = image.pixelColor(x, y);
      colours.insert(c.rgb());
      ink += c.lightness() < 128;
      ++total;
    }
  }
  EXPECT_GT(colours.size(), 16u) << name;
  EXPECT_GT(static_cast<double>(ink) / static_cast<double>(total), 0.005) << name;
}

}  // namespace kakunin::console
