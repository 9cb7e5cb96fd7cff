// What one claim may hold, and deleting a receipt, through the console API of a real
// kakunin-server on a real PostgreSQL, started with `--claim-receipts 3 --claim-receipt-mib 10`:
// - a claim takes three files; a fourth is refused (subsidy.receipt_limit) and stores nothing;
//   a retried upload of a stored file is still answered, since it takes no room;
// - so are files that would pass the claim's bytes (a 6 MiB file, then a 5 MiB one);
// - a branch manager deletes a receipt of a draft: gone from the claim and the table, audited
//   with its name and SHA-256, and the room it left takes another file;
// - refusals leave no trace: another site's manager, staff and auditors, a claim no longer a
//   draft, an unknown or malformed id; a delete counts no more than once.

#include <gtest/gtest.h>

#include "tests/server/subsidy_fixture.h"

namespace kakunin::testing {
namespace {

class ReceiptLimitsTest : public SubsidyTest {
 protected:
  static void SetUpTestSuite() { StartHq({"--claim-receipts", "3", "--claim-receipt-mib", "10"}); }

  static grpc::Status Delete(const std::string& token, const std::string& receipt_id,
                             v1::Claim* out = nullptr) {
    v1::DeleteReceiptRequest req;
    req.set_receipt_id(receipt_id);
    v1::Claim ignored;
    return Call(&Stub::DeleteReceipt, token, req, out ? out : &ignored);
  }

  static std::string StoredFiles(const std::string& claim_id) {
    return Sql(
        "SELECT count(*) || ' ' || coalesce(sum(size), 0) FROM subsidy_receipts WHERE "
        "claim_id = '" +
        claim_id + "'");
  }

  static std::string AuditCount(const std::string& claim_id) {
    return Sql("SELECT count(*) FROM audit_log WHERE subject = '" + claim_id + "'");
  }
};

TEST_F(ReceiptLimitsTest, AClaimHoldsThreeFilesAndADeletedOneMakesRoom) {
  v1::Claim claim;
  ASSERT_TRUE(NewClaim(manager_, kSite, "kyotaku_home_visit_2026",
                       {Item("mobile_device", 52800, device_id_, "タブレット端末")}, &claim)
                  .ok());
  const std::string id = claim.claim_id();
  std::vector<v1::Receipt> held(3);
  uint64_t bytes = 0;
  for (size_t i = 0; i < held.size(); ++i) {
    const std::string pdf = MinimalPdf("領収書 " + std::to_string(i));
    auto s = Upload(manager_, id, "receipt", "領収書" + std::to_string(i) + ".pdf", pdf, &held[i]);
    ASSERT_TRUE(s.ok()) << s.error_message();
    bytes += pdf.size();
  }
  ASSERT_EQ(StoredFiles(id), "3 " + std::to_string(bytes));
  const std::string audited = AuditCount(id);

  // The fourth is refused, with the reason the console explains; nothing stored or audited.
  v1::Receipt fourth;
  auto full = Upload(manager_, id, "itemisation", "内訳書.png", MinimalPng(), &fourth);
  EXPECT_EQ(full.error_code(), StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(Reason(full), "subsidy.receipt_limit") << full.error_message();
  EXPECT_EQ(StoredFiles(id), "3 " + std::to_string(bytes));
  EXPECT_EQ(AuditCount(id), audited);
  // A retry of a stored file takes no room, so it is still answered.
  v1::Receipt again;
  ASSERT_TRUE(Upload(manager_, id, "receipt", "領収書1.pdf", MinimalPdf("領収書 1"), &again).ok());
  EXPECT_EQ(again.receipt_id(), held[1].receipt_id());

  // The branch manager deletes the first: gone from the claim and from the table.
  v1::Claim after;
  auto s = Delete(manager_, held[0].receipt_id(), &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(after.claim_id(), id);
  ASSERT_EQ(after.receipts_size(), 2);
  for (const auto& r : after.receipts()) EXPECT_NE(r.receipt_id(), held[0].receipt_id());
  EXPECT_EQ(StoredFiles(id), "2 " + std::to_string(bytes - held[0].size()));
  EXPECT_EQ(after.updated_by(), "manager");
  // Audited with what identifies the file, by whom, for the claim's site.
  EXPECT_EQ(Sql("SELECT actor || ' ' || site_id || ' ' || (details::json->>'filename') || ' ' || "
                "(details::json->>'sha256') FROM audit_log WHERE subject = '" +
                id + "' AND event = 'subsidy.receipt_deleted'"),
            "user:manager honcho 領収書0.pdf " + held[0].sha256_hex());
  // A second delete of the same receipt finds nothing and records nothing.
  EXPECT_EQ(Reason(Delete(manager_, held[0].receipt_id())), "subsidy.receipt_not_found");
  EXPECT_EQ(Sql("SELECT count(*) FROM audit_log WHERE event = 'subsidy.receipt_deleted' AND "
                "subject = '" +
                id + "'"),
            "1");

  // The room it left takes the fourth file.
  s = Upload(manager_, id, "itemisation", "内訳書.png", MinimalPng(), &fourth);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(StoredFiles(id), "3 " + std::to_string(bytes - held[0].size() + fourth.size()));
}

TEST_F(ReceiptLimitsTest, FilesThatWouldPassTheClaimsBytesAreRefused) {
  v1::Claim claim;
  ASSERT_TRUE(NewClaim(admin_, kOtherSite, "kyotaku_home_visit_2026",
                       {Item("mobile_device", 30000, "", "タブレット端末")}, &claim)
                  .ok());
  const std::string id = claim.claim_id();
  const std::string six = MinimalPdf(std::string(6 * 1024 * 1024, 'x'));
  const std::string five = MinimalPdf(std::string(5 * 1024 * 1024, 'y'));
  v1::Receipt first, second;
  auto s = Upload(admin_, id, "receipt", "領収書.pdf", six, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto over = Upload(admin_, id, "itemisation", "内訳書.pdf", five, &second);
  EXPECT_EQ(Reason(over), "subsidy.receipt_limit") << over.error_message();
  EXPECT_EQ(StoredFiles(id), "1 " + std::to_string(six.size()));
  // With the large file deleted, the other fits.
  ASSERT_TRUE(Delete(admin_, first.receipt_id()).ok());
  s = Upload(admin_, id, "itemisation", "内訳書.pdf", five, &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(StoredFiles(id), "1 " + std::to_string(five.size()));
}

TEST_F(ReceiptLimitsTest, OnlyThoseWhoEditTheDraftDeleteAndRefusalsLeaveNoTrace) {
  // HQ's draft on the other site, with one receipt.
  v1::Claim theirs;
  ASSERT_TRUE(NewClaim(admin_, kOtherSite, "limited_type_devices_2025",
                       {Item("mobile_device", 20000, "", "タブレット")}, &theirs)
                  .ok());
  v1::Receipt receipt, itemisation;
  ASSERT_TRUE(
      Upload(admin_, theirs.claim_id(), "receipt", "駅前.pdf", MinimalPdf("駅前"), &receipt).ok());
  ASSERT_TRUE(
      Upload(admin_, theirs.claim_id(), "itemisation", "内訳.png", MinimalPng(), &itemisation)
          .ok());
  const std::string audited = AuditCount(theirs.claim_id());

  // The branch manager of kSite, staff and auditors may not.
  EXPECT_EQ(Delete(manager_, receipt.receipt_id()).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Delete(staff_, receipt.receipt_id()).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Delete(auditor_, receipt.receipt_id()).error_code(), StatusCode::PERMISSION_DENIED);
  // Ids of no receipt's shape are unknown (not a database error), an empty one malformed; text
  // that is no id at all is refused by the edge check every console request passes.
  // (Invalid UTF-8 cannot arrive: protobuf refuses it in a string field on both ends.)
  for (const std::string& bad :
       {std::string("rc-0000000000000000"), std::string("rc-ABCDEF0123456789"),
        std::string("' OR 1=1 --"), std::string(4096, 'a')}) {
    const bool id_shaped = bad.rfind("rc-", 0) == 0;
    auto s = Delete(admin_, bad);
    EXPECT_EQ(s.error_code(), id_shaped ? StatusCode::NOT_FOUND : StatusCode::INVALID_ARGUMENT)
        << s.error_message();
    EXPECT_EQ(Reason(s), id_shaped ? "subsidy.receipt_not_found" : "console.bad_field");
    v1::GetReceiptRequest get;
    get.set_receipt_id(bad);
    v1::Receipt out;
    EXPECT_EQ(Call(&Stub::GetReceipt, admin_, get, &out).error_code(),
              id_shaped ? StatusCode::NOT_FOUND : StatusCode::INVALID_ARGUMENT);
  }
  EXPECT_EQ(Delete(admin_, "").error_code(), StatusCode::INVALID_ARGUMENT);

  // Once the claim is no longer a draft, its receipts stay.
  auto ready = Move(admin_, theirs.claim_id(), v1::CLAIM_STATE_READY);
  ASSERT_TRUE(ready.ok()) << ready.error_message();
  const std::string moved = AuditCount(theirs.claim_id());
  auto late = Delete(admin_, receipt.receipt_id());
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(late), "subsidy.claim_not_editable");
  EXPECT_EQ(StoredFiles(theirs.claim_id()),
            "2 " + std::to_string(receipt.size() + itemisation.size()));
  EXPECT_EQ(AuditCount(theirs.claim_id()), moved);
  EXPECT_EQ(std::stoi(moved), std::stoi(audited) + 1);  // the state change alone
}

// What a branch manager types that HQ reads (claim lists, the PDF, the CSV, the audit log) is
// held to HQ's text rule: a direction override in a description, a control character in a file
// name or a note is refused and stores nothing. A claim id of no claim's shape is not looked up
// nor echoed back (a megabyte of it made the refusal too large for gRPC's trailer).
TEST_F(ReceiptLimitsTest, TextHqReadsIsCheckedAndStrangeClaimIdsAreNotEchoed) {
  v1::Claim claim;
  auto bidi = NewClaim(manager_, kSite, "limited_type_devices_2025",
                       {Item("mobile_device", 20000, "",
                             "タブレット\xE2\x80\xAE"
                             "fdp.exe")},
                       &claim);
  EXPECT_EQ(bidi.error_code(), StatusCode::INVALID_ARGUMENT) << bidi.error_message();
  EXPECT_EQ(Reason(bidi), "subsidy.bad_text");
  ASSERT_TRUE(NewClaim(manager_, kSite, "limited_type_devices_2025",
                       {Item("mobile_device", 20000, "", "タブレット")}, &claim)
                  .ok());
  v1::Receipt receipt;
  for (const std::string& name : {std::string("領収書\x1B[2J.pdf"), std::string(".."),
                                  std::string("a/b/"), std::string("\x7F.pdf")}) {
    auto s = Upload(manager_, claim.claim_id(), "receipt", name, MinimalPdf("x"), &receipt);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << name << ": " << s.error_message();
    EXPECT_EQ(Reason(s), "subsidy.bad_text") << name;
  }
  EXPECT_EQ(StoredFiles(claim.claim_id()), "0 0");
  v1::ChangeClaimStateRequest ring;
  ring.set_claim_id(claim.claim_id());
  ring.set_state(v1::CLAIM_STATE_READY);
  ring.set_note("確認済み\x07");
  v1::Claim out;
  auto noted = Call(&Stub::ChangeClaimState, manager_, ring, &out);
  EXPECT_EQ(noted.error_code(), StatusCode::INVALID_ARGUMENT) << noted.error_message();
  EXPECT_EQ(Reason(noted), "subsidy.bad_text");
  ring.set_note("確認済み\n店長");  // a note may run over lines: past the text rule, this
  auto moved = Call(&Stub::ChangeClaimState, manager_, ring, &out);  // claim lacks its files
  EXPECT_EQ(Reason(moved), "subsidy.claim_incomplete") << moved.error_message();

  // A megabyte of id: refused at the edge every console request passes, without echoing it.
  ring.set_claim_id(std::string(1 << 20, 'a'));
  auto strange = Call(&Stub::ChangeClaimState, admin_, ring, &out);
  EXPECT_EQ(strange.error_code(), StatusCode::INVALID_ARGUMENT) << strange.error_message().size();
  EXPECT_EQ(Reason(strange), "console.bad_field");
  EXPECT_LT(strange.error_message().size(), 100u);
}

}  // namespace
}  // namespace kakunin::testing
