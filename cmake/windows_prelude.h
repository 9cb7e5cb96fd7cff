#pragma once
// Force-included first into the agent's Windows translation units (agent/CMakeLists.txt):
// windows.h once, then without the macro that clashes with a name the agent calls. gRPC pulls
// windows.h in anyway; its include guard keeps the macro from coming back.
#include <windows.h>
#include <winsock2.h>

#undef GetCurrentTime  // winbase.h: GetTickCount(); protobuf's TimeUtil::GetCurrentTime
