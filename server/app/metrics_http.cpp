#include "server/app/metrics_http.h"

#include <civetweb.h>

namespace kakunin::server {

namespace {

void Reply(::mg_connection* conn, int code, const char* type, const std::string& body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nCache-Control: no-store\r\n"
            "Content-Length: %zu\r\nConnection: close\r\n\r\n",
            code, code == 200 ? "OK" : "Service Unavailable", type, body.size());
  mg_write(conn, body.data(), body.size());
}

}  // namespace

Result<std::unique_ptr<MetricsHttp>> MetricsHttp::Start(const std::string& listen, Render render,
                                                        Ready ready) {
  std::unique_ptr<MetricsHttp> m(new MetricsHttp(std::move(render), std::move(ready)));
  // civetweb wants "HOST:PORT" as listening_ports. A thread serves one connection, and one that
  // says nothing held it for civetweb's default 30 s: three idle connections stalled /readyz
  // past HAProxy's checks, which took the replica out. More threads than idle connections a
  // scrape or a check leaves behind, and a request must arrive within 5 s.
  const char* options[] = {"listening_ports",    listen.c_str(), "num_threads", "16",
                           "request_timeout_ms", "5000",         nullptr};
  static const unsigned init = mg_init_library(0);
  (void)init;
  mg_callbacks callbacks{};
  m->ctx_ = mg_start(&callbacks, nullptr, options);
  if (!m->ctx_) {
    return MakeError(ErrorCode::kUnavailable, "metrics.bind", "cannot serve /metrics on " + listen);
  }
  mg_set_request_handler(m->ctx_, "/metrics", &MetricsHttp::Handle, m.get());
  mg_set_request_handler(m->ctx_, "/healthz", &MetricsHttp::Healthz, m.get());
  mg_set_request_handler(m->ctx_, "/readyz", &MetricsHttp::Readyz, m.get());
  return m;
}

MetricsHttp::~MetricsHttp() {
  if (ctx_) mg_stop(ctx_);
}

int MetricsHttp::Handle(::mg_connection* conn, void* self) {
  Reply(conn, 200, "text/plain; version=0.0.4; charset=utf-8",
        static_cast<MetricsHttp*>(self)->render_());
  return 200;
}

// Liveness: the process is up and its threads answer. Nothing else, so that a supervisor does
// not restart a server that only waits for its database.
int MetricsHttp::Healthz(::mg_connection* conn, void*) {
  Reply(conn, 200, "text/plain; charset=utf-8", "ok\n");
  return 200;
}

int MetricsHttp::Readyz(::mg_connection* conn, void* self) {
  auto* m = static_cast<MetricsHttp*>(self);
  Readiness r = m->ready_ ? m->ready_() : Readiness{true, "{\"ready\":true}"};
  const int code = r.ready ? 200 : 503;
  Reply(conn, code, "application/json", r.json + "\n");
  return code;
}

}  // namespace kakunin::server
