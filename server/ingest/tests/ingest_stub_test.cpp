// The ingest writer's stubbed-store mode (the ingest benchmark's "server without its database"
// reference): the same validation, refusals and acknowledgements as the real store, no database.

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <future>

#include "server/ingest/ingest_writer.h"

namespace kakunin::server {
namespace {
using google::protobuf::util::TimeUtil;

v1::CheckResult Result(uint64_t sequence) {
  v1::CheckResult r;
  r.set_sequence(sequence);
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llu",
                static_cast<unsigned long long>(sequence));
  r.set_check_id(id);
  *r.mutable_checked_at() = TimeUtil::GetCurrentTime();
  r.set_mode(v1::IDENTITY_MODE_VISUAL);
  r.set_outcome(v1::OUTCOME_ELIGIBLE);
  return r;
}

class IngestStubTest : public ::testing::Test {
 protected:
  IngestStubTest() {
    EXPECT_TRUE(sealer_.AddKey("k1", std::string(64, 'a')).ok());
    IngestOptions options;
    options.store = false;
    options.writers = 1;
    writer_ = std::make_unique<IngestWriter>(&pool_, &sealer_, options);
    device_.device_id = "dev-1";
    device_.site_id = "site-1";
  }

  IngestOutcome Send(std::vector<v1::CheckResult> results) {
    std::promise<::kakunin::Result<IngestOutcome>> done;
    writer_->Submit(device_, std::move(results),
                    [&](::kakunin::Result<IngestOutcome> r) { done.set_value(std::move(r)); });
    auto r = done.get_future().get();
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : IngestOutcome{};
  }

  // Never connected to: the stubbed store must not touch the database.
  ConnectionPool pool_{"host=/nonexistent dbname=none connect_timeout=1", 1};
  Sealer sealer_;
  DeviceRecord device_;
  std::unique_ptr<IngestWriter> writer_;
};

TEST_F(IngestStubTest, AcknowledgesContiguousSequencesOnly) {
  EXPECT_EQ(Send({Result(1), Result(2), Result(4)}).acked_sequence, 2u);
  EXPECT_EQ(Send({Result(3)}).acked_sequence, 4u);
  EXPECT_EQ(writer_->metrics().results_ingested.load(), 4u);
  EXPECT_EQ(writer_->metrics().transactions.load(), 2u);
}

// In order is the stub's quick path; out of order, or a sequence twice in one message, takes
// the pending set, and the acknowledgement is the same as if they had come in order.
TEST_F(IngestStubTest, OutOfOrderAndRepeatedSequencesAckTheSameAsInOrder) {
  EXPECT_EQ(Send({Result(3), Result(1), Result(2), Result(2)}).acked_sequence, 3u);
  EXPECT_EQ(writer_->metrics().results_ingested.load(), 3u);
  EXPECT_EQ(writer_->metrics().duplicates.load(), 1u);
  EXPECT_EQ(Send({Result(5), Result(6)}).acked_sequence, 3u);
  EXPECT_EQ(Send({Result(4), Result(7)}).acked_sequence, 7u);
  EXPECT_EQ(Send({Result(6)}).acked_sequence, 7u);
  EXPECT_EQ(writer_->metrics().results_ingested.load(), 7u);
  EXPECT_EQ(writer_->metrics().duplicates.load(), 2u);
}

TEST_F(IngestStubTest, ResendsAreAbsorbedAndMalformedResultsRefused) {
  EXPECT_EQ(Send({Result(1), Result(2)}).acked_sequence, 2u);
  EXPECT_EQ(Send({Result(2)}).acked_sequence, 2u);
  EXPECT_EQ(writer_->metrics().duplicates.load(), 1u);

  v1::CheckResult bad = Result(3);
  bad.set_check_id("not a uuid");
  IngestOutcome out = Send({bad});
  // Refused with a reason, and its slot filled so the acknowledgement moves past it.
  ASSERT_EQ(out.rejected.count(3), 1u);
  EXPECT_FALSE(out.rejected.at(3).empty());
  EXPECT_EQ(out.acked_sequence, 3u);
  EXPECT_EQ(writer_->metrics().rejected.load(), 1u);
}

}  // namespace
}  // namespace kakunin::server
