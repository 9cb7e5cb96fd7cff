// kakunin-hotpath-bench: the per-result CPU work the server does before a result reaches the
// database (issue 18's stubbed-store row), each next to a reference measured in the same run:
//   validation (ValidateCheckResult)   vs  protobuf parsing the same result
//   SHA-256 (crypto::Sha256)            vs  OpenSSL's one-shot SHA256() (which looks SHA-256 up
//                                           on every call; ours fetches it once)
//   sealing (Sealer::Seal, AES-256-GCM) vs  a fresh cipher context per call (what it used to do)
//   a terminal's messages parsed on an arena and through the writer's whole path with its store
//   stubbed (IngestWriter: validation, sealing, the row's text, audit records hashed into a
//   chain, acknowledgements) vs the same parsed on the heap (as before), and that vs the parse
// Every answer is checked (valid results pass, digests equal, sealed data opens); exit 1 if not.

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "bench/ingest/agent_load.h"
#include "common/cli/flags.h"
#include "common/crypto/signing.h"
#include "server/ingest/ingest_writer.h"
#include "server/ingest/result_limits.h"
#include "server/storage/sealer.h"

namespace kakunin {
namespace {

// Nanoseconds per item: the fastest of `rounds` passes over all items (the machine is shared).
double NsPerItem(int rounds, size_t items, const std::function<void()>& pass) {
  double best = 1e300;
  for (int r = 0; r < rounds; ++r) {
    auto start = std::chrono::steady_clock::now();
    pass();
    std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count() / static_cast<double>(items));
  }
  return best;
}

// The sealing code as it was before issue 18's change: cipher looked up and context made per call.
Bytes SealFreshContext(const Bytes& key, ByteView plain, ByteView aad) {
  Bytes out(12 + plain.size() + 16);
  RAND_bytes(out.data(), 12);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      EVP_CIPHER_CTX_free);
  int len = 0;
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), out.data());
  EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size()));
  EVP_EncryptUpdate(ctx.get(), out.data() + 12, &len, plain.data(), static_cast<int>(plain.size()));
  EVP_EncryptFinal_ex(ctx.get(), out.data() + 12 + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out.data() + 12 + plain.size());
  return out;
}

int Main(int argc, char** argv) {
  cli::Flags flags("kakunin-hotpath-bench [--results N] [--rounds N]",
                   "Times the server's per-result validation, hashing and sealing against "
                   "references measured in the same run.");
  flags.Option("results", "N", "distinct realistic results per pass", "20000")
      .Option("rounds", "N", "passes per measure; the fastest is reported", "5");
  if (auto s = flags.Parse(argc, argv); !s.ok()) {
    std::fprintf(stderr, "kakunin-hotpath-bench: %s\n", s.error().ToString().c_str());
    return 2;
  }
  if (flags.help_requested()) {
    std::printf("%s", flags.Help().c_str());
    return 0;
  }
  auto n_flag = flags.GetInt("results");
  auto rounds_flag = flags.GetInt("rounds");
  const int n = n_flag.ok() ? *n_flag : 0;
  const int rounds = rounds_flag.ok() ? *rounds_flag : 0;
  if (n < 1 || n > 10'000'000 || rounds < 1 || rounds > 100) {
    std::fprintf(stderr, "kakunin-hotpath-bench: --results 1..10000000, --rounds 1..100\n");
    return 2;
  }

  bench::ResultFactory factory;
  std::vector<v1::CheckResult> results(n);
  std::vector<std::string> wire(n), patient(n);
  for (int i = 0; i < n; ++i) {
    results[i] = factory.Make(i % 50, static_cast<uint64_t>(i) + 1);
    wire[i] = results[i].SerializeAsString();
    patient[i] = results[i].eligibility().SerializeAsString();
  }
  const int64_t now = std::time(nullptr);
  int failures = 0;
  auto fail = [&](const char* what) {
    if (failures++ < 5) std::fprintf(stderr, "kakunin-hotpath-bench: %s\n", what);
  };

  std::fprintf(stderr, "[hotpath-bench] %d results, %d rounds each\n", n, rounds);
  v1::CheckResult parsed_result;
  const double parse_ns = NsPerItem(rounds, n, [&] {
    for (const auto& w : wire) {
      if (!parsed_result.ParseFromString(w)) fail("a result does not parse");
    }
  });
  const double validate_ns = NsPerItem(rounds, n, [&] {
    for (const auto& r : results) {
      if (server::ValidateCheckResult(r, now)) fail("a valid result was refused");
    }
  });

  Bytes digest(SHA256_DIGEST_LENGTH);
  const double sha_ref_ns = NsPerItem(rounds, n, [&] {
    for (const auto& w : wire) {
      SHA256(reinterpret_cast<const uint8_t*>(w.data()), w.size(), digest.data());
    }
  });
  const double sha_ns = NsPerItem(rounds, n, [&] {
    for (const auto& w : wire) {
      if (crypto::Sha256(ToBytes(w)).size() != SHA256_DIGEST_LENGTH) fail("short digest");
    }
  });
  for (int i = 0; i < n; i += 997) {
    SHA256(reinterpret_cast<const uint8_t*>(wire[i].data()), wire[i].size(), digest.data());
    if (crypto::Sha256(ToBytes(wire[i])) != digest) fail("digests differ from OpenSSL's");
  }

  server::Sealer sealer;
  const std::string key_hex(64, '7');
  if (!sealer.AddKey("k1", key_hex).ok()) fail("no key");
  const Bytes key = *FromHex(key_hex);
  const Bytes aad = ToBytes(std::string("check-id"));
  const double seal_ref_ns = NsPerItem(rounds, n, [&] {
    for (const auto& p : patient) {
      if (SealFreshContext(key, ToBytes(p), aad).size() != p.size() + 28) fail("seal size");
    }
  });
  const double seal_ns = NsPerItem(rounds, n, [&] {
    for (const auto& p : patient) {
      if (!sealer.Seal(ToBytes(p), aad).ok()) fail("seal failed");
    }
  });
  for (int i = 0; i < n; i += 997) {
    auto sealed = sealer.Seal(ToBytes(patient[i]), aad);
    auto opened = sealed.ok() ? sealer.Open("k1", *sealed, aad) : sealed;
    if (!opened.ok() || *opened != ToBytes(patient[i])) fail("sealed data does not open");
  }

  // The writer as the benchmark's stubbed store runs it: one writer thread, batches of 200 as
  // agents send them, each acknowledged before the next (so the pass waits for the writer).
  constexpr size_t kPerMessage = 200;
  server::ConnectionPool no_database("host=/nonexistent dbname=none connect_timeout=1", 1);
  server::IngestOptions stubbed;
  stubbed.store = false;
  stubbed.writers = 1;
  // Each message of 200 as a terminal sends it, serialized before any clock starts.
  std::vector<std::string> messages;
  for (size_t at = 0; at < results.size(); at += kPerMessage) {
    v1::AgentMessage m;
    for (size_t i = at; i < std::min(results.size(), at + kPerMessage); ++i) {
      *m.mutable_results()->add_results() = results[i];
    }
    messages.push_back(m.SerializeAsString());
  }
  // One pass: a fresh writer and device (the stub acknowledges a device's sequences once), every
  // message handed over by `submit` and acknowledged whole before the next.
  using SubmitFn = std::function<void(server::IngestWriter&, const server::DeviceRecord&,
                                      const std::string& message, server::IngestWriter::Done)>;
  auto writer_pass = [&](int round, const SubmitFn& submit) {
    server::IngestWriter writer(&no_database, &sealer, stubbed);
    server::DeviceRecord device;
    device.device_id = "bench-" + std::to_string(round);
    device.site_id = "site-1";
    auto start = std::chrono::steady_clock::now();
    uint64_t sent = 0;
    for (const auto& message : messages) {
      sent += std::min<uint64_t>(kPerMessage, results.size() - sent);
      std::promise<Result<server::IngestOutcome>> done;
      submit(writer, device, message,
             [&](Result<server::IngestOutcome> r) { done.set_value(std::move(r)); });
      auto out = done.get_future().get();
      if (!out.ok() || out->acked_sequence != sent || !out->rejected.empty()) {
        fail("the stubbed writer did not acknowledge a batch whole");
      }
    }
    std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    return took.count() / static_cast<double>(n);
  };
  // As the stream did before issue 18's arena: parsed on the heap, results moved into a vector.
  const SubmitFn heap = [](server::IngestWriter& w, const server::DeviceRecord& d,
                           const std::string& message, server::IngestWriter::Done done) {
    v1::AgentMessage m;
    (void)m.ParseFromString(message);
    auto* rs = m.mutable_results()->mutable_results();
    std::vector<v1::CheckResult> batch(std::make_move_iterator(rs->begin()),
                                       std::make_move_iterator(rs->end()));
    w.Submit(d, std::move(batch), std::move(done));
  };
  // As the stream does now: parsed on an arena that the writer frees whole with the batch.
  const SubmitFn arena = [](server::IngestWriter& w, const server::DeviceRecord& d,
                            const std::string& message, server::IngestWriter::Done done) {
    auto a = std::make_unique<google::protobuf::Arena>();
    auto* m = google::protobuf::Arena::CreateMessage<v1::AgentMessage>(a.get());
    (void)m->ParseFromString(message);
    w.Submit(d, server::IncomingResults(std::move(a), m->mutable_results()), std::move(done));
  };
  double heap_ns = 1e300, arena_ns = 1e300;
  for (int round = 0; round < rounds; ++round) {  // interleaved: the machine is shared
    heap_ns = std::min(heap_ns, writer_pass(2 * round, heap));
    arena_ns = std::min(arena_ns, writer_pass(2 * round + 1, arena));
  }

  double bytes = 0;
  for (const auto& w : wire) bytes += static_cast<double>(w.size());
  std::printf("kakunin-hotpath-bench: %d results (%.0f bytes each on the wire), fastest of %d\n\n",
              n, bytes / n, rounds);
  std::printf("%-34s %10s %12s %8s\n", "per result", "ours ns", "reference ns", "ratio");
  std::printf("%-34s %10.0f %12.0f %8.2f   (reference: protobuf parse)\n", "validation",
              validate_ns, parse_ns, validate_ns / parse_ns);
  std::printf("%-34s %10.0f %12.0f %8.2f   (reference: one-shot SHA256())\n",
              "SHA-256 of the result", sha_ns, sha_ref_ns, sha_ns / sha_ref_ns);
  std::printf("%-34s %10.0f %12.0f %8.2f   (reference: fresh context per call)\n",
              "sealing the patient fields", seal_ns, seal_ref_ns, seal_ns / seal_ref_ns);
  std::printf("%-34s %10.0f %12.0f %8.2f   (reference: the same parsed on the heap)\n",
              "parse + writer, store stubbed", arena_ns, heap_ns, arena_ns / heap_ns);
  std::printf("%-34s %10.0f %12.0f %8.2f   (reference: protobuf parse)\n",
              "  (the heap variant vs the parse)", heap_ns, parse_ns, heap_ns / parse_ns);
  if (failures > 0) {
    std::fprintf(stderr, "kakunin-hotpath-bench: %d checks failed\n", failures);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace kakunin

int main(int argc, char** argv) { return kakunin::Main(argc, argv); }
