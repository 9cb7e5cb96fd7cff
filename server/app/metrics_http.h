#pragma once
// A Prometheus /metrics endpoint (civetweb), plain HTTP on its own address — meant for a
// loopback or management network; it carries counts, never patient or device secrets.

#include <functional>
#include <memory>
#include <string>

#include "common/core/result.h"

struct mg_context;
struct mg_connection;

namespace kakunin::server {

class MetricsHttp {
 public:
  using Render = std::function<std::string()>;
  // listen: "HOST:PORT" (port 0 is not supported by civetweb; pick one).
  static Result<std::unique_ptr<MetricsHttp>> Start(const std::string& listen, Render render);
  ~MetricsHttp();

 private:
  explicit MetricsHttp(Render render) : render_(std::move(render)) {}
  static int Handle(::mg_connection* conn, void* self);
  Render render_;
  mg_context* ctx_ = nullptr;
};

}  // namespace kakunin::server
