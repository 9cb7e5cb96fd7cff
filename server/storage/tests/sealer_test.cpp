// The patient-field sealer (AES-256-GCM): what it seals opens only with its key and its
// associated data, and no nonce repeats — across threads, and across a fork, since nonces are
// drawn from a per-thread pool.
#include "server/storage/sealer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <vector>

namespace kakunin::server {
namespace {

constexpr size_t kNonce = 12;

Sealer MakeSealer() {
  Sealer s;
  EXPECT_TRUE(s.AddKey("k1", std::string(64, 'a')).ok());
  return s;
}

Bytes NonceOf(const Bytes& sealed) { return Bytes(sealed.begin(), sealed.begin() + kNonce); }

TEST(Sealer, OpensWithItsKeyAndAssociatedDataOnly) {
  Sealer s = MakeSealer();
  const Bytes plain = ToBytes("山田 太郎 / 06132013");
  const Bytes aad = ToBytes("check-1");
  auto sealed = s.Seal(plain, aad);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), plain.size() + 28);
  auto opened = s.Open("k1", *sealed, aad);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, plain);

  auto other_aad = s.Open("k1", *sealed, ToBytes("check-2"));
  ASSERT_FALSE(other_aad.ok());
  EXPECT_EQ(other_aad.error().reason(), "sealer.auth_failed");
  Bytes tampered = *sealed;
  tampered[kNonce + 2] ^= 1;
  EXPECT_EQ(s.Open("k1", tampered, aad).error().reason(), "sealer.auth_failed");
  EXPECT_EQ(s.Open("k2", *sealed, aad).error().reason(), "sealer.unknown_key");
  EXPECT_EQ(s.Open("k1", Bytes(20), aad).error().reason(), "sealer.short");
  // A failed open leaves the thread's cipher context fit for the next seal.
  auto again = s.Seal(plain, aad);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*s.Open("k1", *again, aad), plain);
}

// Each thread keeps its sealing key schedule between calls: sealers with other keys, and a key
// rotation, on the same thread must still seal under their own current key.
TEST(Sealer, AlternatingKeysOnOneThreadEachSealUnderTheirOwn) {
  Sealer a = MakeSealer();
  Sealer b;
  ASSERT_TRUE(b.AddKey("k2", std::string(64, 'b')).ok());
  const Bytes aad = ToBytes("check-2");
  for (int i = 0; i < 3; ++i) {
    const Bytes plain = ToBytes("患者 " + std::to_string(i));
    auto sa = a.Seal(plain, aad);
    auto sb = b.Seal(plain, aad);
    ASSERT_TRUE(sa.ok() && sb.ok());
    EXPECT_EQ(*a.Open("k1", *sa, aad), plain);
    EXPECT_EQ(*b.Open("k2", *sb, aad), plain);
    EXPECT_FALSE(b.Open("k2", *sa, aad).ok());  // a's blob is not under b's key
    EXPECT_FALSE(a.Open("k1", *sb, aad).ok());
    // Opening in between (another context on this thread) does not disturb sealing.
    auto again = a.Seal(plain, aad);
    ASSERT_TRUE(again.ok());
    EXPECT_NE(*again, *sa);  // a fresh nonce
    EXPECT_EQ(*a.Open("k1", *again, aad), plain);
  }
}

TEST(Sealer, NoNonceRepeatsAcrossThreadsAndPoolRefills) {
  Sealer s = MakeSealer();
  constexpr int kThreads = 4, kEach = 1500;  // > 4 pool refills per thread
  std::vector<std::vector<Bytes>> nonces(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto sealed = s.Seal(ToBytes("same text"), ToBytes("same aad"));
        if (sealed.ok()) nonces[t].push_back(NonceOf(*sealed));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<Bytes> distinct;
  for (const auto& list : nonces) {
    EXPECT_EQ(list.size(), static_cast<size_t>(kEach));
    distinct.insert(list.begin(), list.end());
  }
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kThreads * kEach));
}

TEST(Sealer, AForkedChildDoesNotReuseTheParentsNonces) {
  Sealer s = MakeSealer();
  ASSERT_TRUE(s.Seal(ToBytes("x"), {}).ok());  // the pool is filled, mostly unused
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto sealed = s.Seal(ToBytes("x"), {});
    Bytes nonce = sealed.ok() ? NonceOf(*sealed) : Bytes(kNonce);
    const bool written = ::write(fds[1], nonce.data(), kNonce) == static_cast<ssize_t>(kNonce);
    ::_exit(written ? 0 : 1);
  }
  auto sealed = s.Seal(ToBytes("x"), {});
  ASSERT_TRUE(sealed.ok());
  Bytes from_child(kNonce);
  ASSERT_EQ(::read(fds[0], from_child.data(), kNonce), static_cast<ssize_t>(kNonce));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_NE(from_child, NonceOf(*sealed));
}

}  // namespace
}  // namespace kakunin::server
