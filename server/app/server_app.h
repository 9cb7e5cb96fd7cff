#pragma once
// kakunin-server's commands, callable from the thin main and from tests:
//   serve          run the gRPC server (agents: mutual TLS; console: TLS + login)
//   admin create   create a console user (the first administrator is made here, never by a
//                  default password)
//   site add       create or update a site
//   token issue    issue a one-time enrollment token for a site

namespace kakunin::server {

int ServerMain(int argc, char** argv);

}  // namespace kakunin::server
