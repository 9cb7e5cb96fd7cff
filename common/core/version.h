#pragma once
// The release every program of this build reports (`--version`, the agent's hello and
// heartbeat, the server's start-up line). It must equal the project's version in CMakeLists.txt,
// which is also the packages' version: CMake refuses to configure when they differ.

namespace kakunin {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace kakunin
