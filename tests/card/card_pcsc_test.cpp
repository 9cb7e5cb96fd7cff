// The PC/SC layer's failure modes against a REAL pcscd: no service, no reader, no card,
// timeouts and cancellation of waits, a card pulled out mid-read, a reader held exclusively by
// another program. Each must end in a clear "card.*" error, never a hang or a crash.

#include <gtest/gtest.h>
#include <winscard.h>

#include <algorithm>
#include <future>
#include <sstream>

#include "agent/card/card_info.h"
#include "agent/card/card_info_cli.h"
#include "agent/card/card_session.h"
#include "agent/card/jpki.h"
#include "agent/card/pcsc.h"
#include "tests/card/card_test_env.h"

namespace kakunin::card {
namespace {

using namespace std::chrono_literals;

#define ASSERT_OK(expr)                                                          \
  do {                                                                           \
    const auto& assert_ok_result_ = (expr);                                      \
    ASSERT_TRUE(assert_ok_result_.ok()) << assert_ok_result_.error().ToString(); \
  } while (0)

// card-info's exit code and its one-line stderr.
std::pair<int, std::string> CardInfoCli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = RunCardInfoCommand(args, out, err);
  return {code, err.str()};
}

TEST(CardPcscTest, NoPcscdIsAClearError) {
  // No other test may run a pcscd meanwhile (other ctest runs on this machine included).
  auto lock = testing::PcscdLock::Acquire(std::chrono::minutes(5));
  ASSERT_OK(lock);
  ASSERT_OK(testing::CheckNoOtherPcscd());
  auto context = PcscContext::Establish();
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.error().reason(), "card.no_service");
  auto [code, err] = CardInfoCli({});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err.rfind("card-info: card.no_service: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
}

TEST(CardPcscTest, PcscdWithoutReadersIsNoReader) {
  // No other test may run a pcscd meanwhile (other ctest runs on this machine included).
  auto lock = testing::PcscdLock::Acquire(std::chrono::minutes(5));
  ASSERT_OK(lock);
  ASSERT_OK(testing::CheckNoOtherPcscd());
  // pcscd with an empty reader configuration: the service runs, no reader exists.
  const std::string dir = testing::MakeTempDir("kakunin-card-noreader");
  testing::ProcessOptions options;
  options.argv = {"pcscd", "-f", "-c", dir};
  options.log_path = dir + "/pcscd.log";
  options.parent_death_signal = SIGTERM;
  auto pcscd = testing::Process::Start(options);
  ASSERT_OK(pcscd);
  ASSERT_TRUE(testing::WaitFor([] { return PcscContext::Establish().ok(); }, 20s))
      << pcscd->ReadLog();
  auto context = PcscContext::Establish();
  ASSERT_OK(context);
  auto readers = (*context)->ListReaders();
  ASSERT_FALSE(readers.ok());
  EXPECT_EQ(readers.error().reason(), "card.no_reader");
  EXPECT_EQ((*context)->Connect("Virtual PCD 00 00").error().reason(), "card.no_reader");
  auto [code, err] = CardInfoCli({"--json"});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err.rfind("card-info: card.no_reader: ", 0), 0u) << err;
  // Waiting for any card with no reader at all times out cleanly.
  EXPECT_EQ((*context)->WaitForAnyCard(300ms).error().reason(), "card.timeout");
  context->reset();
  pcscd->Stop();
  testing::RemoveTree(dir);
}

class CardPcscRigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rig = itest::StartRig("");
    ASSERT_OK(rig);
    rig_ = std::move(rig).value();
    auto context = PcscContext::Establish();
    ASSERT_OK(context);
    context_ = std::move(context).value();
  }
  void InsertCard() {
    auto card = itest::CardCopy(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_OK(card);
    auto vcard = testing::VcardInstance::Start(KAKUNIN_VCARD_BIN, *card, rig_.pcscd->port(0));
    ASSERT_OK(vcard);
    rig_.vcard = std::move(vcard).value();
  }

  itest::Rig rig_;
  std::unique_ptr<PcscContext> context_;
};

TEST_F(CardPcscRigTest, EmptyReaderIsNoCard) {
  auto readers = context_->ListReaders();
  ASSERT_OK(readers);
  EXPECT_EQ(readers->size(), 2u);
  EXPECT_EQ(context_->Connect(rig_.reader).error().reason(), "card.no_card");
  EXPECT_EQ(context_->Connect("No Such Reader").error().reason(), "card.no_reader");
  auto [code, err] = CardInfoCli({});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err.rfind("card-info: card.no_card: ", 0), 0u) << err;
  auto [code2, err2] = CardInfoCli({"--reader", "No Such Reader"});
  EXPECT_EQ(code2, 1);
  EXPECT_NE(err2.find("card.no_reader"), std::string::npos) << err2;
}

TEST_F(CardPcscRigTest, WaitTimesOutAndCanBeCancelled) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(context_->WaitForCard(rig_.reader, 300ms).error().reason(), "card.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(context_->WaitForCard("No Such Reader", 300ms).error().reason(), "card.no_reader");

  // An endless wait ends when another thread cancels it. SCardCancel only affects a wait
  // already blocked, so cancel repeatedly until the wait has returned.
  auto waiting = std::async(std::launch::async, [this] {
    return context_->WaitForCard(rig_.reader, std::chrono::milliseconds(-1));
  });
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        context_->Cancel();
        return waiting.wait_for(20ms) == std::future_status::ready;
      },
      10s));
  EXPECT_EQ(waiting.get().error().reason(), "card.cancelled");
}

TEST_F(CardPcscRigTest, WaitsForInsertionAndRemoval) {
  auto waiting = std::async(std::launch::async, [this] { return context_->WaitForAnyCard(20s); });
  InsertCard();
  auto reader = waiting.get();
  ASSERT_OK(reader);
  EXPECT_EQ(*reader, rig_.reader);
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
  ASSERT_OK(rig_.vcard->Remove());
  ASSERT_OK(context_->WaitForRemoval(rig_.reader, 10s));
  ASSERT_OK(rig_.vcard->Insert());
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
}

TEST_F(CardPcscRigTest, CardRemovedMidReadIsReported) {
  InsertCard();
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
  auto card = context_->Connect(rig_.reader);
  ASSERT_OK(card);
  ApduChannel channel(**card);
  JpkiCard jpki(channel);
  ASSERT_OK(jpki.SelectApplication());
  ASSERT_OK(jpki.SelectFile(kEfUserAuthCertificate));
  // The patient pulls the card between SELECT and READ BINARY.
  ASSERT_OK(rig_.vcard->Remove());
  auto read = jpki.ReadBinaryExtended();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().reason(), "card.removed") << read.error().ToString();
  // A full check on the dead connection fails the same way.
  CardSession session(**card);
  auto check = session.CheckVisual();
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().reason(), "card.removed") << check.error().ToString();
  card->reset();
  // Put back, the card works again on a new connection.
  ASSERT_OK(rig_.vcard->Insert());
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
  auto again = context_->Connect(rig_.reader);
  ASSERT_OK(again);
  CardSession fresh(**again);
  ASSERT_OK(fresh.CheckVisual());
}

TEST_F(CardPcscRigTest, RemovalDuringRepeatedChecksNeverHangs) {
  InsertCard();
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
  auto card = context_->Connect(rig_.reader);
  ASSERT_OK(card);
  CardSession session(**card);
  ASSERT_OK(session.CheckVisual());
  // Pull the card from another thread while this one keeps reading; the reads must end in
  // "card.removed" (whichever command the removal hits), not in a hang or another error.
  auto remover = std::async(std::launch::async, [this] { return rig_.vcard->Remove(); });
  std::optional<Error> failure;
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        auto check = session.CheckVisual();
        if (!check.ok()) failure = check.error();
        return failure.has_value();
      },
      20s));
  ASSERT_OK(remover.get());
  EXPECT_EQ(failure->reason(), "card.removed") << failure->ToString();
}

TEST_F(CardPcscRigTest, ReaderHeldExclusivelyIsBusy) {
  InsertCard();
  ASSERT_OK(context_->WaitForCard(rig_.reader, 10s));
  // Another program holds the card exclusively (raw PC/SC, as that program would).
  SCARDCONTEXT other = 0;
  ASSERT_EQ(SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &other), SCARD_S_SUCCESS);
  SCARDHANDLE handle = 0;
  DWORD protocol = 0;
  ASSERT_EQ(SCardConnect(other, rig_.reader.c_str(), SCARD_SHARE_EXCLUSIVE, SCARD_PROTOCOL_T1,
                         &handle, &protocol),
            SCARD_S_SUCCESS);
  auto busy = context_->Connect(rig_.reader);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().reason(), "card.busy");
  EXPECT_NE(busy.error().message().find("another program"), std::string::npos);
  SCardDisconnect(handle, SCARD_LEAVE_CARD);
  SCardReleaseContext(other);
  ASSERT_OK(context_->Connect(rig_.reader));
}

}  // namespace
}  // namespace kakunin::card
