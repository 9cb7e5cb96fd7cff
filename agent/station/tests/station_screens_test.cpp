// Screenshots of the counter window in Japanese (offscreen), one per situation staff meet:
// waiting for a card, a card already on the reader, the PIN pad, an eligible result (and its
// support details opened), a 資格喪失 result, 医療扶助 with a current and with an ended 医療券, a
// reader without extended APDUs, and offline with queued results. Each test asserts what the
// picture must show — the texts people read, and no codes outside the support details — and
// that the picture is not blank. PNGs go to ${CMAKE_BINARY_DIR}/artifacts/station/.
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <set>

#include "agent/station/models/labels.h"
#include "agent/station/tests/window_harness.h"

namespace kakunin::station::testing {
namespace {

// Distinct colours on a coarse grid: a blank or single-colour grab has a handful at most.
int DistinctColours(const QImage& image) {
  std::set<QRgb> colours;
  for (int y = 0; y < image.height(); y += 4) {
    for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
  }
  return static_cast<int>(colours.size());
}

// Every visible label's text in the window, as a person reads the picture.
QString VisibleText(const QWidget* root) {
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

  void CheckAndShow(const v1::CheckResult& result) {
    agent_.QueueAnswer(result);
    window_->StartCheck();
    ASSERT_TRUE(WaitFor([&] { return window_->phase() == StationWindow::Phase::kShowingResult; }));
  }
};

TEST_F(StationScreensTest, WaitingForCard) {
  agent_.SetRecent({Lost(), Eligible()});
  Open(Status());
  ASSERT_TRUE(WaitFor([&] { return window_->recent_model()->rowCount() == 2; }));
  EXPECT_TRUE(window_->prompt()->isVisible());
  EXPECT_EQ(window_->prompt()->text(), QStringLiteral("カードをリーダーに置いてください"));
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("準備完了")));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 接続中"));
  EXPECT_FALSE(window_->offline_banner()->isVisible());
  EXPECT_FALSE(window_->reader_banner()->isVisible());
  EXPECT_FALSE(window_->result_card()->isVisible());
  EXPECT_TRUE(window_->visual_button()->isChecked());
  Save(QStringLiteral("waiting_for_card"));
}

// The window opens with a card already on the reader: it says so and what to do (Enter), and
// never asks to place the card.
TEST_F(StationScreensTest, CardAlreadyOnTheReader) {
  v1::AgentStatus s = Status();
  s.set_reader_status("card_present");
  Open(s);
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("カードあり")));
  EXPECT_EQ(window_->prompt()->text(),
            QStringLiteral("リーダーにカードが置かれています。Enterを押して確認を始めてください"));
  EXPECT_FALSE(VisibleText(window_.get()).contains(QStringLiteral("置いてください")));
  EXPECT_TRUE(agent_.checks().empty());  // nothing starts until staff press Enter
  Save(QStringLiteral("card_already_on_reader"));
}

TEST_F(StationScreensTest, PinPad) {
  v1::AgentStatus s = Status();
  s.mutable_config()->set_default_mode(v1::IDENTITY_MODE_PIN);
  s.set_pin_tries_left(3);
  Open(s);
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->pin_pad() && window_->pin_pad()->isVisible(); }));
  PinPadDialog* pad = window_->pin_pad();
  QTest::keyClicks(pad->edit(), "12");
  EXPECT_EQ(pad->edit()->echoMode(), QLineEdit::Password);
  EXPECT_EQ(pad->edit()->text(), QStringLiteral("12"));
  EXPECT_FALSE(pad->edit()->displayText().contains(QLatin1Char('1')));
  EXPECT_EQ(pad->tries_label()->text(), QStringLiteral("残り回数: 3回"));
  EXPECT_FALSE(pad->guard_label()->isVisible());
  EXPECT_TRUE(pad->key(7)->isVisible());
  EXPECT_GE(pad->key(7)->height(), 60);  // large keys for the patient
  Save(QStringLiteral("pin_pad"), pad);
  pad->reject();
}

TEST_F(StationScreensTest, EligibleResult) {
  Open(Status());
  CheckAndShow(Eligible());
  ResultCard* card = window_->result_card();
  EXPECT_EQ(card->headline()->text(), QStringLiteral("資格有効  負担割合 3割"));
  EXPECT_EQ(card->FieldText("name"), QStringLiteral("山田 花子"));
  EXPECT_EQ(card->FieldText("insurer"), QStringLiteral("かくにん健康保険組合"));
  EXPECT_EQ(card->FieldText("symbol_number"), QStringLiteral("1234 / 56789 / 00"));
  EXPECT_EQ(card->FieldText("birth_date"), QStringLiteral("1985年4月12日"));
  EXPECT_EQ(card->FieldText("verification"), QStringLiteral("暗証番号（患者さんが入力）"));
  EXPECT_FALSE(card->loss_banner()->isVisible());
  EXPECT_FALSE(card->aid_group()->isVisible());
  EXPECT_FALSE(window_->error_panel()->isVisible());
  EXPECT_TRUE(card->details_toggle()->isVisible());
  EXPECT_EQ(card->details_toggle()->text(), QStringLiteral("サポート用の詳細"));
  EXPECT_FALSE(card->details_group()->isVisible());
  ExpectNoCodesShown();
  Save(QStringLiteral("eligible_result"));
}

// Support asked for the codes: the details open on the same result.
TEST_F(StationScreensTest, SupportDetailsOpened) {
  Open(Status());
  CheckAndShow(Eligible());
  ResultCard* card = window_->result_card();
  card->details_toggle()->click();
  ASSERT_TRUE(card->details_group()->isVisible());
  const QString text = VisibleText(card);
  EXPECT_TRUE(text.contains(QStringLiteral("区分 01"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("3b8a80019078b3a1a0b0c1e3")));
  EXPECT_TRUE(text.contains(QStringLiteral("8 APDU / 1840 ミリ秒")));
  EXPECT_TRUE(text.contains(QStringLiteral("3f1c2a9e-0001")));
  Save(QStringLiteral("support_details"));
}

TEST_F(StationScreensTest, CoverageLostResult) {
  Open(Status());
  CheckAndShow(Lost());
  ResultCard* card = window_->result_card();
  EXPECT_EQ(card->headline()->text(), QStringLiteral("資格喪失"));
  ASSERT_TRUE(card->loss_banner()->isVisible());
  EXPECT_TRUE(card->loss_banner()->text().contains(QStringLiteral("2026年9月30日")));
  EXPECT_TRUE(card->loss_banner()->text().contains(QStringLiteral("他の保険の資格取得")));
  EXPECT_EQ(card->FieldText("loss_reason"), QStringLiteral("他の保険の資格取得"));
  // The field's label is there in Japanese too.
  bool label_shown = false;
  for (QLabel* l : card->findChildren<QLabel*>()) {
    label_shown |= l->text() == QStringLiteral("喪失事由") && l->isVisible();
  }
  EXPECT_TRUE(label_shown);
  EXPECT_EQ(card->FieldText("verification"), QStringLiteral("目視確認（職員が顔写真で確認）"));
  Save(QStringLiteral("coverage_lost_result"));
}

TEST_F(StationScreensTest, MedicalAidResult) {
  Open(Status());
  CheckAndShow(WithMedicalAid());
  ResultCard* card = window_->result_card();
  ASSERT_TRUE(card->aid_banner()->isVisible());
  EXPECT_TRUE(card->aid_banner()->text().startsWith(QStringLiteral(
      "医療扶助（生活保護）の医療券あり: 公費負担者番号 12131504、受給者番号 1234566")));
  EXPECT_TRUE(card->aid_group()->isVisible());
  EXPECT_EQ(card->FieldText("aid_beneficiary"), QStringLiteral("1234566"));
  EXPECT_FALSE(card->FieldText("aid_valid").contains(QStringLiteral("終了")));
  ExpectNoCodesShown();
  Save(QStringLiteral("medical_aid_result"));
}

// Last month's 医療券: the window says it ended and what to do, never "医療券あり".
TEST_F(StationScreensTest, MedicalAidVoucherEnded) {
  Open(Status());
  const v1::CheckResult r = WithMedicalAid(/*months_ago=*/1);
  CheckAndShow(r);
  ResultCard* card = window_->result_card();
  ASSERT_TRUE(card->aid_banner()->isVisible());
  const QString ended = Labels::Date(r.eligibility().medical_aid().valid_to());
  EXPECT_TRUE(card->aid_banner()->text().startsWith(
      QStringLiteral("医療券の有効期間は%1で終わっています（確認日より前）。").arg(ended)))
      << card->aid_banner()->text().toStdString();
  EXPECT_FALSE(VisibleText(window_.get()).contains(QStringLiteral("医療券あり")));
  EXPECT_TRUE(card->FieldText("aid_valid").endsWith(QStringLiteral("（確認日より前に終了）")));
  Save(QStringLiteral("medical_aid_ended"));
}

TEST_F(StationScreensTest, ReaderNotCompliant) {
  v1::AgentStatus s = Status();
  s.set_extended_apdu(false);  // the daemon's probe found the reader not compliant
  Open(s);
  ASSERT_TRUE(window_->reader_banner()->isVisible());
  agent_.QueueAnswer(MakeError(ErrorCode::kFailedPrecondition, "card.reader_not_compliant",
                               "this reader does not pass extended APDUs"));
  window_->StartCheck();
  ASSERT_TRUE(WaitFor([&] { return window_->error_panel()->isVisible() && window_->idle(); }));
  const QString expected =
      QStringLiteral("リーダーが拡張APDUに対応していません。対応リーダーに交換してください。");
  EXPECT_TRUE(window_->error_panel()->text().startsWith(expected));
  EXPECT_TRUE(window_->reader_banner()->text().startsWith(expected));
  EXPECT_TRUE(window_->reader_label()->text().contains(QStringLiteral("使用不可")));
  EXPECT_FALSE(window_->result_card()->isVisible());
  Save(QStringLiteral("reader_not_compliant"));
}

TEST_F(StationScreensTest, OfflineWithQueuedResults) {
  v1::AgentStatus s = Status(/*connected=*/false, /*depth=*/1250);
  s.set_outbox_warning(true);
  agent_.SetRecent({Eligible()});
  Open(s);
  ASSERT_TRUE(WaitFor([&] { return window_->recent_model()->rowCount() == 1; }));
  EXPECT_EQ(window_->connection_label()->text(), QStringLiteral("本部: 未接続"));
  ASSERT_TRUE(window_->offline_banner()->isVisible());
  EXPECT_TRUE(window_->offline_banner()->text().contains(QStringLiteral("1250件")));
  EXPECT_TRUE(
      window_->offline_banner()->text().contains(QStringLiteral("確認はそのまま続けられます")));
  ASSERT_TRUE(window_->outbox_banner()->isVisible());
  EXPECT_TRUE(window_->start_button()->isEnabled());  // checks go on offline
  Save(QStringLiteral("offline_queued"));
}

}  // namespace
}  // namespace kakunin::station::testing
