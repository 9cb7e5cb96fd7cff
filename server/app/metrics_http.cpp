#include "server/app/metrics_http.h"

#include <civetweb.h>

namespace kakunin::server {

Result<std::unique_ptr<MetricsHttp>> MetricsHttp::Start(const std::string& listen, Render render) {
  std::unique_ptr<MetricsHttp> m(new MetricsHttp(std::move(render)));
  // civetweb wants "HOST:PORT" as listening_ports; two threads are plenty for scrapes.
  const char* options[] = {"listening_ports", listen.c_str(), "num_threads", "2", nullptr};
  static const unsigned init = mg_init_library(0);
  (void)init;
  mg_callbacks callbacks{};
  m->ctx_ = mg_start(&callbacks, nullptr, options);
  if (!m->ctx_) {
    return MakeError(ErrorCode::kUnavailable, "metrics.bind", "cannot serve /metrics on " + listen);
  }
  mg_set_request_handler(m->ctx_, "/metrics", &MetricsHttp::Handle, m.get());
  return m;
}

MetricsHttp::~MetricsHttp() {
  if (ctx_) mg_stop(ctx_);
}

int MetricsHttp::Handle(::mg_connection* conn, void* self) {
  std::string body = static_cast<MetricsHttp*>(self)->render_();
  mg_printf(conn,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            body.size());
  mg_write(conn, body.data(), body.size());
  return 200;
}

}  // namespace kakunin::server
