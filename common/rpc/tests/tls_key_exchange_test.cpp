// The key exchange of gRPC's TLS contexts (common/rpc/tls_key_exchange.cpp, issue 18): a
// context pinned to P-256 alone, as gRPC 1.51 pins its own, agrees on X25519 with a peer that
// has the same, and still on P-256 with a peer, client or server, that takes P-256 alone. Anything
// else is left as asked for.

// EC_KEY is deprecated in OpenSSL 3, but it is what gRPC 1.51 hands over.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/ssl.h>

#include <ctime>
#include <memory>

#include "common/crypto/keys.h"
#include "common/crypto/x509.h"

namespace kakunin::rpc {
namespace {

using Ctx = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using Ssl = std::unique_ptr<SSL, decltype(&SSL_free)>;

// The call gRPC 1.51 makes on every context it creates (with P-256).
void PinWithTmpEcdh(SSL_CTX* ctx, int curve = NID_X9_62_prime256v1) {
  EC_KEY* key = EC_KEY_new_by_curve_name(curve);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(SSL_CTX_set_tmp_ecdh(ctx, key), 1);
  EC_KEY_free(key);
}

// The call later gRPC versions make instead.
void PinLikeLaterGrpc(SSL_CTX* ctx) {
  const int p256[] = {NID_X9_62_prime256v1};
  ASSERT_EQ(SSL_CTX_set1_groups(ctx, p256, 1), 1);
}

class TlsKeyExchange : public ::testing::Test {
 protected:
  void SetUp() override {
    auto key = crypto::GenerateEcP256Key();
    ASSERT_TRUE(key.ok());
    crypto::CertificateSpec spec;
    spec.subject = {{"CN", "hq"}};
    spec.not_before = std::time(nullptr) - 60;
    spec.not_after = std::time(nullptr) + 3600;
    auto cert = crypto::IssueCertificate(spec, key->get(), nullptr, key->get());
    ASSERT_TRUE(cert.ok()) << cert.error().ToString();
    server_.reset(SSL_CTX_new(TLS_server_method()));
    client_.reset(SSL_CTX_new(TLS_client_method()));
    ASSERT_TRUE(server_ && client_);
    ASSERT_EQ(SSL_CTX_use_certificate(server_.get(), cert->get()), 1);
    ASSERT_EQ(SSL_CTX_use_PrivateKey(server_.get(), key->get()), 1);
  }

  // Runs a TLS 1.3 handshake in memory between connections of the two contexts, each limited
  // to `*_groups` when given (set on the connection, past the wrapper, as a peer without it
  // would have them). The group both sides agreed on, 0 if it failed.
  int Agree(const char* client_groups = nullptr, const char* server_groups = nullptr) {
    Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
    if (!client || !server) return 0;
    if (client_groups && SSL_set1_groups_list(client.get(), client_groups) != 1) return 0;
    if (server_groups && SSL_set1_groups_list(server.get(), server_groups) != 1) return 0;
    BIO* client_io = nullptr;
    BIO* server_io = nullptr;
    if (BIO_new_bio_pair(&client_io, 0, &server_io, 0) != 1) return 0;
    SSL_set_bio(client.get(), client_io, client_io);
    SSL_set_bio(server.get(), server_io, server_io);
    SSL_set_connect_state(client.get());
    SSL_set_accept_state(server.get());
    for (int round = 0; round < 10; ++round) {
      const int c = SSL_do_handshake(client.get());
      const int s = SSL_do_handshake(server.get());
      if (c == 1 && s == 1) break;
    }
    if (!SSL_is_init_finished(client.get()) || !SSL_is_init_finished(server.get())) return 0;
    const int group = SSL_get_negotiated_group(server.get());
    return SSL_get_negotiated_group(client.get()) == group ? group : -1;
  }

  Ctx server_{nullptr, SSL_CTX_free}, client_{nullptr, SSL_CTX_free};
};

TEST_F(TlsKeyExchange, ContextsPinnedToP256AloneAgreeOnX25519) {
  PinWithTmpEcdh(server_.get());
  PinWithTmpEcdh(client_.get());
  EXPECT_EQ(Agree(), NID_X25519);
}

TEST_F(TlsKeyExchange, AsDoContextsPinnedTheWayLaterGrpcPinsThem) {
  PinLikeLaterGrpc(server_.get());
  PinLikeLaterGrpc(client_.get());
  EXPECT_EQ(Agree(), NID_X25519);
}

TEST_F(TlsKeyExchange, APeerOfferingP256AloneStillAgreesOnP256) {
  PinWithTmpEcdh(server_.get());
  PinWithTmpEcdh(client_.get());
  // A terminal without this change: P-256 alone.
  EXPECT_EQ(Agree(/*client_groups=*/"P-256"), NID_X9_62_prime256v1);
}

TEST_F(TlsKeyExchange, AnUpdatedTerminalStillReachesAServerThatTakesP256Alone) {
  PinWithTmpEcdh(server_.get());
  PinWithTmpEcdh(client_.get());
  // HQ not yet updated: the server asks for P-256 again (one more round trip, then agreed).
  EXPECT_EQ(Agree(/*client_groups=*/nullptr, /*server_groups=*/"P-256"), NID_X9_62_prime256v1);
}

TEST_F(TlsKeyExchange, AnyOtherListIsLeftAsAskedFor) {
  PinWithTmpEcdh(server_.get(), NID_secp384r1);
  // The client offers OpenSSL's defaults (X25519 first): had the server been given X25519, it
  // would have taken it.
  EXPECT_EQ(Agree(), NID_secp384r1);
}

}  // namespace
}  // namespace kakunin::rpc
