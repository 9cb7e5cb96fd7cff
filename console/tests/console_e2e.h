#pragma once
// Shared by the console's e2e tests: the application (offscreen, Japanese translation, Noto Sans
// CJK JP), a scratch directory for a real HQ (ServerRig) per test, and screenshot artifacts saved
// under KAKUNIN_CONSOLE_ARTIFACT_DIR, checked to be a real rendering — many colours and a fair
// share of ink (text, lines), not one flat background.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QApplication>
#include <QFont>
#include <QImage>
#include <QTranslator>
#include <QWidget>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "tests/harness/process.h"
#include "tests/harness/server_rig.h"

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

class ConsoleE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static int argc = 1;
    static char name[] = "console_e2e_test";
    static char* argv[] = {name};
    if (app_ == nullptr) app_ = new QApplication(argc, argv);
    auto* ja = new QTranslator(app_);
    ASSERT_TRUE(ja->load(QStringLiteral(":/i18n/kakunin_console_ja.qm")));
    app_->installTranslator(ja);
    app_->setFont(QFont(QStringLiteral("Noto Sans CJK JP"), 10));
  }
  void SetUp() override {
    dir_ = testing::MakeTempDir("kakunin-console-e2e");
    ASSERT_FALSE(dir_.empty());
    ::chmod(dir_.c_str(), 0755);  // PostgreSQL runs as an unprivileged user below it
    std::filesystem::create_directories(KAKUNIN_CONSOLE_ARTIFACT_DIR);
  }
  void TearDown() override {
    rig_.reset();
    if (!HasFailure() && !std::getenv("KAKUNIN_KEEP_TEST_DIRS")) testing::RemoveTree(dir_);
  }

  static inline QApplication* app_ = nullptr;
  std::string dir_;
  std::unique_ptr<testing::ServerRig> rig_;
};

}  // namespace kakunin::console
