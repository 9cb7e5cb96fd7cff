#pragma once
// The subsidy tests' HQ (tests/server/subsidy_test.cpp, receipt_limits_test.cpp): a real
// kakunin-server on a real PostgreSQL (ServerRig) with two pharmacies, an enrolled terminal, a
// session per role, the console calls they make, and small valid receipt files.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/core/bytes.h"
#include "common/domain/date.h"
#include "kakunin/v1/console.grpc.pb.h"
#include "tests/harness/server_rig.h"
#include "tests/harness/test_programme.h"
#include "tests/harness/test_terminal.h"

namespace kakunin::testing {

using grpc::StatusCode;
using Stub = v1::ConsoleService::Stub;

inline constexpr char kSite[] = "honcho";       // pharmacy (ServerRig's site)
inline constexpr char kOtherSite[] = "ekimae";  // pharmacy, not the branch manager's
inline constexpr char kPassword[] = "Kakunin2026";

inline std::string ReadAll(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path, std::ios::binary).rdbuf();
  return ss.str();
}

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The reason id a refusal carries ("reason: message" on the wire).
inline std::string Reason(const grpc::Status& s) {
  return s.error_message().substr(0, s.error_message().find(':'));
}

inline domain::Date TodayInJapan() {
  std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return domain::Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

// A PDF with one empty page and a correct cross-reference table.
inline std::string MinimalPdf(const std::string& marker) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (const std::string& object :
       {std::string("<< /Type /Catalog /Pages 2 0 R >>"),
        std::string("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        std::string("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> % " + marker)}) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + object + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 4\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[21];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// A 1×1 RGBA PNG (IHDR, IDAT, IEND with valid CRCs).
inline std::string MinimalPng() {
  return ToString(
      *FromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154"
               "78da636460f85f0f0002870180eb47ba920000000049454e44ae426082"));
}

class SubsidyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartHq({}); }

  // A real HQ with a second pharmacy, an enrolled terminal at kSite, and a session for each
  // role; `server_args` are added to `kakunin-server serve`.
  static void StartHq(std::vector<std::string> server_args) {
    dir_ = MakeTempDir("kakunin-subsidy");
    ::chmod(dir_.c_str(), 0755);
    auto rig = ServerRig::Start(dir_, kSite, "本町薬局", std::move(server_args));
    ASSERT_TRUE(rig.ok()) << rig.error().ToString();
    rig_ = rig->release();
    ca_ = ReadAll(rig_->ca_path());
    stub_ = v1::ConsoleService::NewStub(TlsChannel(rig_->address(), ca_)).release();
    admin_ = Login("admin", kAdminPassword);
    ASSERT_FALSE(admin_.empty());

    v1::UpsertSiteRequest site;
    site.mutable_site()->set_site_id(kOtherSite);
    site.mutable_site()->set_name("駅前薬局");
    site.mutable_site()->set_facility_kind("pharmacy");
    v1::Site saved;
    ASSERT_TRUE(Call(&Stub::UpsertSite, admin_, site, &saved).ok());

    auto terminal = TestTerminal::Enroll(rig_->address(), ca_, *rig_->IssueToken(kSite));
    ASSERT_TRUE(terminal.ok()) << terminal.error().ToString();
    device_id_ = terminal->device_id();

    manager_ = NewUser("manager", v1::ROLE_BRANCH_MANAGER, {kSite});
    staff_ = NewUser("staff", v1::ROLE_STAFF, {kSite});
    auditor_ = NewUser("auditor", v1::ROLE_AUDITOR, {});
  }

  static void TearDownTestSuite() {
    delete stub_;
    delete rig_;
    if (!std::getenv("KAKUNIN_KEEP_TEST_DIRS")) RemoveTree(dir_);
  }

  template <typename Req, typename Resp>
  static grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                           const std::string& token, const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return (stub_->*method)(&ctx, req, resp);
  }

  static grpc::Status TryLogin(const std::string& login, const std::string& password,
                               v1::LoginResponse* resp) {
    v1::LoginRequest req;
    req.set_login(login);
    req.set_password(password);
    return Call(&Stub::Login, "", req, resp);
  }

  static std::string Login(const std::string& login, const std::string& password) {
    v1::LoginResponse resp;
    auto s = TryLogin(login, password, &resp);
    EXPECT_TRUE(s.ok()) << login << ": " << s.error_message();
    return resp.session_token();
  }

  // Creates a user through the console and returns a session for it.
  static std::string NewUser(const std::string& login, v1::Role role,
                             const std::vector<std::string>& sites) {
    v1::CreateUserRequest req;
    req.set_login(login);
    req.set_display_name(login);
    req.set_password(kPassword);
    req.set_role(role);
    for (const auto& s : sites) req.add_site_ids(s);
    v1::User user;
    auto s = Call(&Stub::CreateUser, admin_, req, &user);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return Login(login, kPassword);
  }

  static std::string Sql(const std::string& sql) {
    auto r = rig_->pg().Psql("kakunin", sql);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? Trim(*r) : "";
  }

  static v1::ClaimItem Item(const std::string& category, int64_t yen, const std::string& device,
                            const std::string& description) {
    v1::ClaimItem item;
    item.set_category(category);
    item.set_amount_yen(yen);
    item.set_device_id(device);
    item.set_description(description);
    return item;
  }

  static grpc::Status NewClaim(const std::string& token, const std::string& site,
                               const std::string& programme,
                               const std::vector<v1::ClaimItem>& items, v1::Claim* out) {
    v1::UpsertClaimRequest req;
    req.mutable_claim()->set_site_id(site);
    req.mutable_claim()->set_program_id(programme);
    for (const auto& i : items) *req.mutable_claim()->add_items() = i;
    return Call(&Stub::UpsertClaim, token, req, out);
  }

  static grpc::Status Upload(const std::string& token, const std::string& claim_id,
                             const std::string& kind, const std::string& name,
                             const std::string& content, v1::Receipt* out) {
    v1::UploadReceiptRequest req;
    req.mutable_receipt()->set_claim_id(claim_id);
    req.mutable_receipt()->set_kind(kind);
    req.mutable_receipt()->set_filename(name);
    req.mutable_receipt()->set_content(content);
    return Call(&Stub::UploadReceipt, token, req, out);
  }

  static grpc::Status Move(const std::string& token, const std::string& claim_id,
                           v1::ClaimState state, const std::string& effective_on = "",
                           const std::string& via = "", v1::Claim* out = nullptr) {
    v1::ChangeClaimStateRequest req;
    req.set_claim_id(claim_id);
    req.set_state(state);
    req.set_effective_on(effective_on);
    req.set_submitted_via(via);
    v1::Claim ignored;
    return Call(&Stub::ChangeClaimState, token, req, out ? out : &ignored);
  }

  static v1::Claim Fetch(const std::string& claim_id) {
    v1::ListClaimsRequest req;
    v1::ListClaimsResponse resp;
    EXPECT_TRUE(Call(&Stub::ListClaims, admin_, req, &resp).ok());
    for (const auto& c : resp.claims()) {
      if (c.claim_id() == claim_id) return c;
    }
    ADD_FAILURE() << "no claim " << claim_id;
    return {};
  }

  static bool HasWarning(const v1::Claim& c, const std::string& warning) {
    for (const auto& w : c.warnings()) {
      if (w == warning) return true;
    }
    return false;
  }

  static inline std::string dir_, ca_, device_id_;
  static inline ServerRig* rig_ = nullptr;
  static inline Stub* stub_ = nullptr;
  static inline std::string admin_, manager_, staff_, auditor_;
};

}  // namespace kakunin::testing
