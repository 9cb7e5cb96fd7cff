#include "agent/cli/agent_app.h"
#include "common/os/console.h"

int main(int argc, char** argv) {
  kakunin::os::ConsoleArguments args(argc, argv);
  return kakunin::agent::AgentMain(args.argc(), args.argv());
}
