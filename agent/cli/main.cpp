#include "agent/cli/agent_app.h"

int main(int argc, char** argv) { return kakunin::agent::AgentMain(argc, argv); }
