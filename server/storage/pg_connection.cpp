#include "server/storage/pg_connection.h"

namespace kakunin::server {

PgConnection::PgConnection(const std::string& dsn)
    : pqxx::connection_base(policy_), options_(dsn), policy_(options_) {
  init();
}

PgConnection::~PgConnection() noexcept { close(); }

PgConnection::Policy::handle PgConnection::Policy::do_startconnect(handle orig) {
  current_ = connect_direct::do_startconnect(orig);
  return current_;
}

PgConnection::Policy::handle PgConnection::Policy::do_completeconnect(handle orig) {
  current_ = connect_direct::do_completeconnect(orig);
  return current_;
}

PgConnection::Policy::handle PgConnection::Policy::do_dropconnect(handle orig) noexcept {
  current_ = connect_direct::do_dropconnect(orig);
  return current_;
}

PgConnection::Policy::handle PgConnection::Policy::do_disconnect(handle orig) noexcept {
  current_ = connect_direct::do_disconnect(orig);
  return current_;
}

}  // namespace kakunin::server
