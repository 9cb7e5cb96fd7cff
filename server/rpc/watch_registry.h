#pragma once
// The console's open Watch streams, so that a change of who may see what reaches them at once:
// a logout ends the watches of its session, a change of a user (role, sites, disabled, new
// password) ends every watch of that user; the console then reconnects, and its new watch is
// authorised afresh (or refused). Each user holds at most a few: a watch holds a thread of the
// server for its whole life, so one account opening watch after watch would take them from
// every console; a new one beyond the limit ends that user's oldest (a console reconnecting
// after a network loss must get through while its old stream has not timed out yet).

#include <grpcpp/server_context.h>

#include <cstdint>
#include <list>
#include <mutex>
#include <string>

namespace kakunin::server {

struct WatchSlot {
  std::string user_id;
  std::string token;
  grpc::ServerContext* ctx;
  bool ended = false;  // cancelled by the registry (its handler has not returned yet)
};

class WatchRegistry {
 public:
  static constexpr size_t kPerUser = 4;

  class Entry {
   public:
    Entry(WatchRegistry* registry, std::list<WatchSlot>::iterator it)
        : registry_(registry), it_(it) {}
    ~Entry();
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;

   private:
    WatchRegistry* registry_;
    std::list<WatchSlot>::iterator it_;
  };

  // Registers a watch; it stays until the Entry is destroyed (before `ctx` is).
  Entry Add(const std::string& user_id, const std::string& token, grpc::ServerContext* ctx);
  // End the watches of a session, or of a user.
  void EndSession(const std::string& token);
  void EndUser(const std::string& user_id);
  size_t size();

 private:
  static void End(WatchSlot& w);
  std::mutex mu_;
  std::list<WatchSlot> watches_;  // oldest first
};

}  // namespace kakunin::server
