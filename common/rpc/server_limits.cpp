#include "common/rpc/server_limits.h"

namespace kakunin::rpc {

void RefuseCompressedMessages(grpc::ServerBuilder& builder) {
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_DEFLATE, false);
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_GZIP, false);
}

}  // namespace kakunin::rpc
