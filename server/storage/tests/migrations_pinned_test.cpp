// A migration that shipped is never edited: a database that ran its first text keeps it, and
// only a new migration reaches it (0015 was corrected in place once; 0018 had to apply it
// again). Each shipped migration's text is pinned here by its SHA-256; an edit fails this test.
// A new migration adds its line, once, when it is written.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/core/bytes.h"
#include "common/crypto/signing.h"
#include "server/storage/migrations.h"

namespace kakunin::server {
namespace {

std::string Sha256Hex(const std::string& text) { return ToHex(crypto::Sha256(ToBytes(text))); }

TEST(Migrations, NoShippedMigrationIsEdited) {
  const std::map<int, std::string> pinned = {
      {1, "f5db6b3a1702ef8df44d34af9ab6b608c26638b9c7e5a139d49dc78bdeaca468"},
      {2, "df2ce7af84a234465c4f85612110bebf341734c0b5e36d1f14d9269bd92a5be7"},
      {3, "a075719a8c1618894ef1ebe22bb890d0613306125e381da284bac7e0ece54e5f"},
      {4, "af29d133c12a3323aa5fd2c765e45b6e8f214e46cf9b8dbf0d17db6eda974e6f"},
      {5, "c301f576f932ddb3084a17a130b3b705fc509b40a5615774a93a2346651858fb"},
      {6, "54dda096d08bf892b60cd5efe7f03aed79a3376dd582c6950ccf838524dec626"},
      {7, "2e6fe5d3fc297644e82229c6d93555e012ff72b28420d55387012cbe8d2f3f44"},
      {8, "83490925a84c4648f9acc02d041d3b2382ca93d0457f9c7ebd25d55f61c1f06f"},
      {9, "be33194c19f3fc4db172bc4497fb51bd90dc17e781efa290b32ce99a9b7ebc02"},
      {10, "57463e246483b8310dd2572d981220f3739bbe91c30fcb89afe1a4e039f77830"},
      {11, "5a9b15a1a74bbc455177c700faa26fab7c7efe6bbb5c0b204ef77c29a6dc9514"},
      {12, "0800100c20c70a651d2efe9b87111b8a45639eb63f4e5f01ecc3c23842c93eeb"},
      {13, "33c84f64907e6ec83d47c1c017c0ba369d3cc906f106b0652261aa6a8e2431a5"},
      {14, "ded0420e6275e73fe6d157b3dab044f475b8a2900f73c8aa52e642d7e4dc91c7"},
      {15, "52cc3510c5bfc07a827cca853beeb325d8d05cd44aed35feb7f59518fd8be376"},
      {16, "29a29ec2d9a18cc3822c856b58ddbb8173bd84ab9365360a68e8c4642dd21620"},
      {17, "8b99d899b9f4c2ded298b54b28ceb3b4dfd26406a85959f89f02c5cb8f815d2e"},
      {18, "d5d5c03ef6fcb6e6fa0b852b67de581970f578bc154499c083c9d5ad37a5c1dc"},
      {19, "02d266fb850dc0f1aa5f919b5c5cb690873989d8e69461ec0cced12fa208f4d7"},
      {20, "0aa94cd4688bb772fb3e8c1ebd85c344343dcefff296b63c2e77b92ae10dee80"},
  };
  int seen = 0;
  for (const Migration& m : AllMigrations()) {
    const std::string now = Sha256Hex(m.sql);
    auto it = pinned.find(m.version);
    if (it == pinned.end()) {
      ADD_FAILURE() << "migration " << m.version << " (" << m.name << ") is not pinned: add {"
                    << m.version << ", \"" << now << "\"},";
      continue;
    }
    ++seen;
    EXPECT_EQ(it->second, now) << "migration " << m.version << " (" << m.name
                               << ") was edited after it shipped: put the change in a new "
                                  "migration instead, and restore this one's text";
  }
  EXPECT_EQ(seen, static_cast<int>(pinned.size())) << "a pinned migration is gone";
}

}  // namespace
}  // namespace kakunin::server
