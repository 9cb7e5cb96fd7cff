# Toolchain: cross-compile the Windows x64 agent on Debian with mingw-w64 (POSIX-threads variant:
# std::thread and std::mutex, which gRPC and abseil need). Used by the project's build and by
# deploy/windows/build-sdk.sh for every library of the SDK.
#
# The SDK prefix (static libraries, see deploy/windows/sdk.sh) comes from -DWIN_SDK_PREFIX=... or
# the WIN_SDK_PREFIX environment variable. Executables link -static (no libstdc++/winpthread DLLs
# to ship) unless -DWIN_SDK_STATIC_EXE=OFF.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MINGW_TRIPLE x86_64-w64-mingw32)

if(NOT WIN_SDK_PREFIX)
  if(DEFINED ENV{WIN_SDK_PREFIX} AND NOT "$ENV{WIN_SDK_PREFIX}" STREQUAL "")
    set(WIN_SDK_PREFIX "$ENV{WIN_SDK_PREFIX}")
  else()
    message(FATAL_ERROR "WIN_SDK_PREFIX is not set: run deploy/windows/sdk.sh and pass its output "
                        "as -DWIN_SDK_PREFIX=... (or in the environment)")
  endif()
endif()
# try_compile() sub-projects re-read this file: hand the prefix on.
set(ENV{WIN_SDK_PREFIX} "${WIN_SDK_PREFIX}")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES WIN_SDK_PREFIX WIN_SDK_STATIC_EXE)

set(CMAKE_C_COMPILER ${MINGW_TRIPLE}-gcc-posix)
set(CMAKE_CXX_COMPILER ${MINGW_TRIPLE}-g++-posix)
set(CMAKE_RC_COMPILER ${MINGW_TRIPLE}-windres)
# CMake cannot derive the binutils prefix from a "*-gcc-posix" name; without these the host's
# ar/ranlib would be used.
find_program(CMAKE_AR NAMES ${MINGW_TRIPLE}-ar REQUIRED)
find_program(CMAKE_RANLIB NAMES ${MINGW_TRIPLE}-ranlib REQUIRED)
find_program(CMAKE_NM NAMES ${MINGW_TRIPLE}-nm)
find_program(CMAKE_OBJCOPY NAMES ${MINGW_TRIPLE}-objcopy)
find_program(CMAKE_OBJDUMP NAMES ${MINGW_TRIPLE}-objdump)
find_program(CMAKE_STRIP NAMES ${MINGW_TRIPLE}-strip)
find_program(CMAKE_DLLTOOL NAMES ${MINGW_TRIPLE}-dlltool)

# Libraries, headers and packages only from the SDK; programs (protoc, grpc_cpp_plugin, perl)
# from the host.
set(CMAKE_FIND_ROOT_PATH "${WIN_SDK_PREFIX}")
list(APPEND CMAKE_PREFIX_PATH "${WIN_SDK_PREFIX}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The SDK holds static libraries only.
set(OPENSSL_USE_STATIC_LIBS TRUE)
set(ZLIB_USE_STATIC_LIBS ON)

if(NOT DEFINED WIN_SDK_STATIC_EXE)
  set(WIN_SDK_STATIC_EXE ON)
endif()
if(WIN_SDK_STATIC_EXE)
  set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
endif()
