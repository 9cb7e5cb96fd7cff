#pragma once
// The release every program of this build reports (`--version`, the agent's hello and
// heartbeat, the server's start-up line). It must equal the project's version in CMakeLists.txt,
// which is also the packages' version: CMake refuses to configure when they differ. Every
// release raises it (and adds its entry to deploy/debian/changelog.in): apt and the MSI take a
// package of the installed version for the installed one, and upgrade nothing.

namespace kakunin {

inline constexpr char kVersion[] = "0.2.0";

}  // namespace kakunin
