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

// The call gRPC 1.51 makes on every context it creates.
void PinLikeGrpc(SSL_CTX* ctx) {
  EC_KEY* p256 = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
  ASSERT_NE(p256, nullptr);
  EXPECT_EQ(SSL_CTX_set_tmp_ecdh(ctx, p256), 1);
  EC_KEY_free(p256);
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

  // Runs a TLS 1.3 handshake in memory; the group both sides agreed on, or 0 if it failed.
  int Handshake(SSL* client, SSL* server) {
    BIO* client_io = nullptr;
    BIO* server_io = nullptr;
    if (BIO_new_bio_pair(&client_io, 0, &server_io, 0) != 1) return 0;
    SSL_set_bio(client, client_io, client_io);
    SSL_set_bio(server, server_io, server_io);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    for (int round = 0; round < 10; ++round) {
      const int c = SSL_do_handshake(client);
      const int s = SSL_do_handshake(server);
      if (c == 1 && s == 1) break;
    }
    if (!SSL_is_init_finished(client) || !SSL_is_init_finished(server)) return 0;
    const int group = SSL_get_negotiated_group(server);
    return SSL_get_negotiated_group(client) == group ? group : -1;
  }

  Ctx server_{nullptr, SSL_CTX_free}, client_{nullptr, SSL_CTX_free};
};

TEST_F(TlsKeyExchange, ContextsPinnedToP256AloneAgreeOnX25519) {
  PinLikeGrpc(server_.get());
  PinLikeGrpc(client_.get());
  Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
  EXPECT_EQ(Handshake(client.get(), server.get()), NID_X25519);
}

TEST_F(TlsKeyExchange, AsDoContextsPinnedTheWayLaterGrpcPinsThem) {
  PinLikeLaterGrpc(server_.get());
  PinLikeLaterGrpc(client_.get());
  Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
  EXPECT_EQ(Handshake(client.get(), server.get()), NID_X25519);
}

TEST_F(TlsKeyExchange, APeerOfferingP256AloneStillAgreesOnP256) {
  PinLikeGrpc(server_.get());
  PinLikeGrpc(client_.get());
  Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
  // A terminal without this change: P-256 alone (set on the connection, as the context would
  // have been without the wrapper).
  ASSERT_EQ(SSL_set1_groups_list(client.get(), "P-256"), 1);
  EXPECT_EQ(Handshake(client.get(), server.get()), NID_X9_62_prime256v1);
}

TEST_F(TlsKeyExchange, AnUpdatedTerminalStillReachesAServerThatTakesP256Alone) {
  PinLikeGrpc(server_.get());
  PinLikeGrpc(client_.get());
  Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
  // HQ not yet updated: the server asks for P-256 again (one more round trip, then agreed).
  ASSERT_EQ(SSL_set1_groups_list(server.get(), "P-256"), 1);
  EXPECT_EQ(Handshake(client.get(), server.get()), NID_X9_62_prime256v1);
}

TEST_F(TlsKeyExchange, AnyOtherListIsLeftAsAskedFor) {
  EC_KEY* p384 = EC_KEY_new_by_curve_name(NID_secp384r1);
  ASSERT_NE(p384, nullptr);
  EXPECT_EQ(SSL_CTX_set_tmp_ecdh(server_.get(), p384), 1);
  EC_KEY_free(p384);
  Ssl client(SSL_new(client_.get()), SSL_free), server(SSL_new(server_.get()), SSL_free);
  // The client offers OpenSSL's defaults (X25519 first): had the server been given X25519, it
  // would have taken it.
  EXPECT_EQ(Handshake(client.get(), server.get()), NID_secp384r1);
}

}  // namespace
}  // namespace kakunin::rpc
