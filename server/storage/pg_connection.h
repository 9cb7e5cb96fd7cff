#pragma once
// A libpqxx connection that also hands out its libpq handle, for what libpqxx 6.4 cannot do:
// COPY in binary format (its tablewriter appends a newline to every chunk it sends).

#include <pqxx/connection>  // connect_direct
#include <pqxx/connection_base>
#include <string>

namespace kakunin::server {

class PgConnection : public pqxx::connection_base {
 public:
  // The DSN as libpq's PQconnectdb takes it; connects now, like pqxx::connection.
  explicit PgConnection(const std::string& dsn);
  ~PgConnection() noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // The live libpq connection, or nullptr while there is none. Use it only between libpqxx's
  // own statements, and leave it idle again (every result read) before libpqxx runs the next.
  pqxx::internal::pq::PGconn* raw() const { return policy_.current(); }

  // The bound a ReadTx (read_tx.h) puts on each of its statements; 0: none. Set by the pool.
  int read_timeout_ms() const { return read_timeout_ms_; }
  void set_read_timeout_ms(int ms) { read_timeout_ms_ = ms; }

 private:
  // connect_direct, remembering the handle across libpqxx's reconnects and disconnects.
  class Policy : public pqxx::connect_direct {
   public:
    explicit Policy(const std::string& dsn) : connect_direct(dsn) {}
    handle do_startconnect(handle orig) override;
    handle do_completeconnect(handle orig) override;
    handle do_dropconnect(handle orig) noexcept override;
    handle do_disconnect(handle orig) noexcept override;
    handle current() const { return current_; }

   private:
    handle current_ = nullptr;
  };

  // In this order, as in libpqxx's own connection types: connection_base keeps only the
  // policy's address until init() runs in the constructor's body.
  std::string options_;
  Policy policy_;
  int read_timeout_ms_ = 0;
};

}  // namespace kakunin::server
