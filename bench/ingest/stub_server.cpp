#include "bench/ingest/stub_server.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "server/ingest/ingest_writer.h"
#include "server/pki/device_ca.h"
#include "server/pki/revocation.h"
#include "server/rpc/agent_service.h"
#include "server/storage/fleet_store.h"
#include "server/storage/pool.h"
#include "server/storage/sealer.h"

namespace kakunin::bench {

namespace gx = grpc::experimental;

// Declared in the order they must be built; destroyed in reverse (the gRPC server first, so no
// stream outlives the service, the writer or the store).
struct StubbedServer::Parts {
  std::unique_ptr<server::DeviceCa> ca;
  server::Sealer sealer;
  std::unique_ptr<server::ConnectionPool> pool;
  std::unique_ptr<server::FleetStore> store;
  std::unique_ptr<server::IngestWriter> writer;
  std::unique_ptr<server::AgentServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  StreamTarget target;
};

StubbedServer::StubbedServer() = default;

StubbedServer::~StubbedServer() {
  if (parts_ && parts_->server) {
    parts_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    parts_->server->Wait();
  }
}

const StreamTarget& StubbedServer::target() const { return parts_->target; }

uint64_t StubbedServer::results_received() const {
  return parts_->writer->metrics().results_ingested;
}

Result<std::unique_ptr<StubbedServer>> StubbedServer::Start(BenchRig& rig) {
  std::unique_ptr<StubbedServer> s(new StubbedServer());
  s->parts_ = std::make_unique<Parts>();
  Parts& p = *s->parts_;
  // The rig's server made the CA and its certificate in its data dir: loaded, not created.
  KAKUNIN_ASSIGN_OR_RETURN(p.ca, server::DeviceCa::LoadOrCreate(rig.dir() + "/server/pki", {}));
  const std::string key_file = rig.dir() + "/server/patient.keys";
  KAKUNIN_RETURN_IF_ERROR(p.sealer.LoadKeyFile(key_file));
  p.pool = std::make_unique<server::ConnectionPool>(rig.dsn(), 4);
  p.store = std::make_unique<server::FleetStore>(p.pool.get(), &p.sealer);
  server::IngestOptions options;
  options.store = false;
  p.writer = std::make_unique<server::IngestWriter>(p.pool.get(), &p.sealer, options);
  p.service =
      std::make_unique<server::AgentServiceImpl>(p.store.get(), p.writer.get(), p.ca.get(), 30);
  auto revoked = std::make_shared<server::RevokedSerials>();
  KAKUNIN_ASSIGN_OR_RETURN(auto serials, p.store->RevokedSerials());
  revoked->Replace(std::move(serials));

  // As server_app.cpp's Serve: the CA's provider, client certificates verified when presented,
  // revoked serials refused in the handshake, the same frame and read sizes.
  auto certs = std::make_shared<gx::StaticDataCertificateProvider>(
      p.ca->ca_pem(), std::vector<gx::IdentityKeyCertPair>{
                          {p.ca->server_key_pem(), p.ca->server_cert_pem() + p.ca->ca_pem()}});
  gx::TlsServerCredentialsOptions tls(certs);
  tls.watch_root_certs();
  tls.watch_identity_key_cert_pairs();
  tls.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.set_certificate_verifier(
      gx::ExternalCertificateVerifier::Create<server::RevocationVerifier>(revoked));
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", gx::TlsServerCredentials(tls), &port);
  builder.AddChannelArgument(GRPC_ARG_TSI_MAX_FRAME_SIZE, 4096);
  builder.AddChannelArgument(GRPC_ARG_TCP_READ_CHUNK_SIZE, 2048);
  builder.RegisterService(p.service.get());
  p.server = builder.BuildAndStart();
  if (!p.server || port == 0) {
    return MakeError(ErrorCode::kUnavailable, "bench.stub", "the stubbed server did not start");
  }
  p.target = {"127.0.0.1:" + std::to_string(port), p.ca->ca_pem()};
  return s;
}

}  // namespace kakunin::bench
