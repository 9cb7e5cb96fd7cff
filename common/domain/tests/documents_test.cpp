// Proves the fallback-document rules on their boundary days: legacy cards through 2025-12-01
// (後期高齢者 2025-07-31, or their own earlier expiry), the concession through 2026-03-31 only
// with an online confirmation, and 資格確認書 valid on its expiry day and at most 5 years.
#include "common/domain/documents.h"

#include <gtest/gtest.h>

namespace kakunin::domain {
namespace {

DocumentFacts Legacy(std::optional<Date> expiry, bool late_elderly = false,
                     bool confirmed_online = false) {
  DocumentFacts facts;
  facts.kind = DocumentKind::kLegacyInsuranceCard;
  facts.printed_expiry = expiry;
  facts.late_elderly = late_elderly;
  facts.confirmed_online = confirmed_online;
  return facts;
}

struct Case {
  const char* what;
  DocumentFacts facts;
  Date on;
  DocumentVerdict verdict;
  const char* reason;
};

void ExpectCases(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.what) + " on " + FormatIso(c.on));
    const DocumentDecision decision = AssessDocument(c.facts, c.on);
    EXPECT_EQ(decision.verdict, c.verdict);
    EXPECT_EQ(decision.reason, c.reason);
    EXPECT_EQ(decision.usable(), c.verdict != DocumentVerdict::kNotValid);
  }
}

// What a form may still offer, on the edge days of the rules.
TEST(DocumentsTest, KindsThatCanStillBeValid) {
  using K = DocumentKind;
  EXPECT_TRUE(StillAccepted(K::kLegacyInsuranceCard, {2026, 3, 31}));  // the concession
  EXPECT_FALSE(StillAccepted(K::kLegacyInsuranceCard, {2026, 4, 1}));
  EXPECT_TRUE(StillAccepted(K::kNoticeAlone, {2026, 3, 31}));
  EXPECT_FALSE(StillAccepted(K::kNoticeAlone, {2026, 4, 1}));
  for (K kind : {K::kEligibilityCertificate, K::kCardWithNotice, K::kCardWithPortal}) {
    EXPECT_TRUE(StillAccepted(kind, {2030, 1, 1})) << DocumentKindId(kind);
  }
  // Rules are data: an extended concession extends what is offered.
  DocumentRules extended;
  extended.concession_last_day = {2026, 9, 30};
  EXPECT_TRUE(StillAccepted(K::kNoticeAlone, {2026, 9, 30}, extended));
  // Whatever the form offered, what it offers is never refused by the rule itself: a legacy card
  // the day after cannot be valid, even confirmed online.
  DocumentFacts legacy;
  legacy.kind = K::kLegacyInsuranceCard;
  legacy.confirmed_online = true;
  EXPECT_FALSE(AssessDocument(legacy, {2026, 4, 1}).usable());
}

TEST(DocumentsTest, LegacyCardValidThroughDecemberFirst2025) {
  const DocumentFacts card = Legacy(Date{2026, 3, 31});
  ExpectCases({
      {"legacy", card, {2025, 11, 30}, DocumentVerdict::kValid, "document.valid"},
      {"legacy", card, {2025, 12, 1}, DocumentVerdict::kValid, "document.valid"},
      {"legacy", card, {2025, 12, 2}, DocumentVerdict::kNotValid, "document.legacy_card_abolished"},
      {"legacy without printed expiry",
       Legacy(std::nullopt),
       {2025, 12, 1},
       DocumentVerdict::kValid,
       "document.valid"},
      {"legacy without printed expiry",
       Legacy(std::nullopt),
       {2025, 12, 2},
       DocumentVerdict::kNotValid,
       "document.legacy_card_abolished"},
  });
  EXPECT_EQ(AssessDocument(card, Date{2025, 12, 1}).valid_through, (Date{2025, 12, 1}));
}

TEST(DocumentsTest, LegacyCardOwnEarlierExpiryBindsAndItsDayIsValid) {
  const DocumentFacts card = Legacy(Date{2025, 9, 30});
  ExpectCases({
      {"own expiry", card, {2025, 9, 30}, DocumentVerdict::kValid, "document.valid"},
      {"own expiry", card, {2025, 10, 1}, DocumentVerdict::kNotValid, "document.expired"},
      {"own expiry", card, {2025, 12, 2}, DocumentVerdict::kNotValid, "document.expired"},
  });
  EXPECT_EQ(AssessDocument(card, Date{2025, 10, 1}).valid_through, (Date{2025, 9, 30}));
}

TEST(DocumentsTest, LateElderlyLegacyCardEndsJuly31_2025) {
  const DocumentFacts card = Legacy(Date{2026, 7, 31}, /*late_elderly=*/true);
  ExpectCases({
      {"後期高齢者", card, {2025, 7, 30}, DocumentVerdict::kValid, "document.valid"},
      {"後期高齢者", card, {2025, 7, 31}, DocumentVerdict::kValid, "document.valid"},
      {"後期高齢者",
       card,
       {2025, 8, 1},
       DocumentVerdict::kNotValid,
       "document.legacy_card_abolished"},
  });
}

TEST(DocumentsTest, ExpiredLegacyCardServesUnderConcessionOnlyWithOnlineConfirmation) {
  const DocumentFacts confirmed = Legacy(Date{2026, 3, 31}, false, /*confirmed_online=*/true);
  const DocumentFacts elderly_confirmed = Legacy(Date{2026, 7, 31}, true, true);
  const DocumentFacts not_confirmed = Legacy(Date{2026, 3, 31});
  ExpectCases({
      {"confirmed", confirmed, {2025, 12, 1}, DocumentVerdict::kValid, "document.valid"},
      {"confirmed",
       confirmed,
       {2025, 12, 2},
       DocumentVerdict::kValidUnderConcession,
       "document.valid_under_concession"},
      {"confirmed",
       confirmed,
       {2026, 3, 31},
       DocumentVerdict::kValidUnderConcession,
       "document.valid_under_concession"},
      {"confirmed",
       confirmed,
       {2026, 4, 1},
       DocumentVerdict::kNotValid,
       "document.concession_ended"},
      {"後期高齢者 confirmed",
       elderly_confirmed,
       {2025, 8, 1},
       DocumentVerdict::kValidUnderConcession,
       "document.valid_under_concession"},
      {"not confirmed",
       not_confirmed,
       {2026, 3, 31},
       DocumentVerdict::kNotValid,
       "document.legacy_card_abolished"},
  });
  const DocumentDecision hint = AssessDocument(not_confirmed, Date{2026, 3, 31});
  EXPECT_TRUE(hint.concession_if_confirmed_online);
  EXPECT_FALSE(AssessDocument(not_confirmed, Date{2026, 4, 1}).concession_if_confirmed_online);
}

TEST(DocumentsTest, NoticeAloneOnlyUnderConcession) {
  DocumentFacts notice;
  notice.kind = DocumentKind::kNoticeAlone;
  DocumentFacts confirmed = notice;
  confirmed.confirmed_online = true;
  ExpectCases({
      {"notice alone",
       notice,
       {2026, 1, 10},
       DocumentVerdict::kNotValid,
       "document.notice_needs_card"},
      {"notice alone confirmed",
       confirmed,
       {2026, 3, 31},
       DocumentVerdict::kValidUnderConcession,
       "document.valid_under_concession"},
      {"notice alone confirmed",
       confirmed,
       {2026, 4, 1},
       DocumentVerdict::kNotValid,
       "document.concession_ended"},
      {"notice alone",
       notice,
       {2026, 11, 23},
       DocumentVerdict::kNotValid,
       "document.concession_ended"},
  });
}

TEST(DocumentsTest, CardWithNoticeOrPortalIsValidOnAnyDate) {
  DocumentFacts notice;
  notice.kind = DocumentKind::kCardWithNotice;
  DocumentFacts portal;
  portal.kind = DocumentKind::kCardWithPortal;
  ExpectCases({
      {"card + お知らせ", notice, {2024, 12, 2}, DocumentVerdict::kValid, "document.valid"},
      {"card + お知らせ", notice, {2026, 11, 23}, DocumentVerdict::kValid, "document.valid"},
      {"card + マイナポータル", portal, {2026, 4, 1}, DocumentVerdict::kValid, "document.valid"},
  });
}

TEST(DocumentsTest, EligibilityCertificateValidThroughItsExpiryDay) {
  DocumentFacts cert;
  cert.kind = DocumentKind::kEligibilityCertificate;
  cert.issued_on = Date{2025, 8, 1};
  cert.printed_expiry = Date{2026, 7, 31};
  DocumentFacts no_expiry = cert;
  no_expiry.printed_expiry.reset();
  ExpectCases({
      {"資格確認書", cert, {2026, 7, 30}, DocumentVerdict::kValid, "document.valid"},
      {"資格確認書", cert, {2026, 7, 31}, DocumentVerdict::kValid, "document.valid"},
      {"資格確認書", cert, {2026, 8, 1}, DocumentVerdict::kNotValid, "document.expired"},
      {"資格確認書 without expiry",
       no_expiry,
       {2026, 1, 1},
       DocumentVerdict::kNotValid,
       "document.expiry_missing"},
  });
}

TEST(DocumentsTest, EligibilityCertificateCappedAtFiveYearsFromIssue) {
  DocumentFacts cert;
  cert.kind = DocumentKind::kEligibilityCertificate;
  cert.issued_on = Date{2024, 12, 2};
  cert.printed_expiry = Date{2030, 12, 1};  // beyond the legal maximum
  ExpectCases({
      {"over-long 資格確認書", cert, {2029, 12, 2}, DocumentVerdict::kValid, "document.valid"},
      {"over-long 資格確認書",
       cert,
       {2029, 12, 3},
       DocumentVerdict::kNotValid,
       "document.beyond_max_validity"},
  });
  EXPECT_EQ(AssessDocument(cert, Date{2029, 12, 3}).valid_through, (Date{2029, 12, 2}));

  // Exactly five years printed is within the law.
  cert.printed_expiry = Date{2029, 12, 2};
  EXPECT_EQ(AssessDocument(cert, Date{2029, 12, 2}).verdict, DocumentVerdict::kValid);
  EXPECT_EQ(AssessDocument(cert, Date{2029, 12, 3}).reason, "document.expired");
}

TEST(DocumentsTest, RuleDatesAreConfigurable) {
  DocumentRules extended;
  extended.concession_last_day = Date{2026, 7, 31};
  const DocumentFacts confirmed = Legacy(Date{2026, 3, 31}, false, true);
  EXPECT_EQ(AssessDocument(confirmed, Date{2026, 7, 31}, extended).verdict,
            DocumentVerdict::kValidUnderConcession);
  EXPECT_EQ(AssessDocument(confirmed, Date{2026, 8, 1}, extended).reason,
            "document.concession_ended");
}

TEST(DocumentsTest, ReasonIdsAreAboutTheDocumentNeverThePatient) {
  const DocumentFacts facts[] = {Legacy(Date{2025, 9, 30}), Legacy(std::nullopt),
                                 DocumentFacts{DocumentKind::kNoticeAlone}};
  for (const DocumentFacts& f : facts) {
    const std::string reason = AssessDocument(f, Date{2026, 11, 23}).reason;
    EXPECT_EQ(reason.rfind("document.", 0), 0u) << reason;
    EXPECT_EQ(reason.find("patient"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("refuse"), std::string::npos) << reason;
  }
  EXPECT_EQ(DocumentKindId(DocumentKind::kEligibilityCertificate), "eligibility_certificate");
}

}  // namespace
}  // namespace kakunin::domain
