#pragma once
// A Prometheus /metrics endpoint (civetweb), plain HTTP on its own address — meant for a
// loopback or management network; it carries counts, never patient or device secrets. The same
// listener answers /healthz (the process serves) and /readyz (it can do its work: 200 or 503
// with what is missing), for load balancers and supervisors.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/core/result.h"

struct mg_context;
struct mg_connection;

namespace kakunin::server {

// One metric in Prometheus' text format: its HELP and TYPE lines and its value.
inline std::string MetricText(const char* name, const char* type, const char* help,
                              uint64_t value) {
  return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
         name + " " + std::to_string(value) + "\n";
}

class MetricsHttp {
 public:
  using Render = std::function<std::string()>;
  struct Readiness {
    bool ready = false;
    std::string json;  // {"ready":…, "checks":{name: {"ok":…, "detail":…}}}
  };
  using Ready = std::function<Readiness()>;
  // listen: "HOST:PORT" (port 0 is not supported by civetweb; pick one).
  static Result<std::unique_ptr<MetricsHttp>> Start(const std::string& listen, Render render,
                                                    Ready ready = nullptr);
  ~MetricsHttp();

 private:
  MetricsHttp(Render render, Ready ready) : render_(std::move(render)), ready_(std::move(ready)) {}
  static int Handle(::mg_connection* conn, void* self);
  static int Healthz(::mg_connection* conn, void* self);
  static int Readyz(::mg_connection* conn, void* self);
  Render render_;
  Ready ready_;
  mg_context* ctx_ = nullptr;
};

}  // namespace kakunin::server
