#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "common/os/shutdown.h"

namespace kakunin::os {
namespace {

class SignalShutdown final : public ShutdownSignal {
 public:
  SignalShutdown() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  std::string Wait() override {
    int sig = 0;
    sigwait(&set_, &sig);
    return "signal " + std::to_string(sig);
  }
  void Request() override { ::kill(::getpid(), SIGTERM); }

 private:
  sigset_t set_;
};

}  // namespace

std::unique_ptr<ShutdownSignal> ShutdownSignal::Install() {
  return std::make_unique<SignalShutdown>();
}

}  // namespace kakunin::os
