# The Windows x64 agent (issue 23), cross-built with mingw-w64 against the SDK of static
# libraries (deploy/windows/sdk.sh). Included from the top-level CMakeLists.txt instead of the
# Linux part: only the common libraries the agent needs, the agent, and the unit tests that run
# under Wine (tests/windows). Configure with the `windows` preset or:
#   cmake -S . -B build-win -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
#         -DWIN_SDK_PREFIX="$(deploy/windows/sdk.sh)"

set(KAKUNIN_WINDOWS ON)
# Windows 10 APIs (AF_UNIX, CreateFile2...) and the wide-character API everywhere: paths and
# reader names are UTF-16 on Windows, UTF-8 inside Kakunin.
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 NTDDI_VERSION=0x0A000000 UNICODE _UNICODE
                        WIN32_LEAN_AND_MEAN NOMINMAX)
# No _FORTIFY_SOURCE / RELRO: mingw has neither; the stack protector needs libssp, linked below.
add_compile_options(-fstack-protector-strong -Wformat)
add_link_options(-fstack-protector-strong)

find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(Protobuf CONFIG REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(pugixml CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(nlohmann_json 3 CONFIG REQUIRED)
find_package(GTest CONFIG REQUIRED)

# The Linux build's pkg-config targets, under the same names, so the agent's CMakeLists need no
# second spelling.
add_library(PkgConfig::SQLITE3 INTERFACE IMPORTED GLOBAL)
target_link_libraries(PkgConfig::SQLITE3 INTERFACE SQLite::SQLite3)
add_library(PkgConfig::PUGIXML INTERFACE IMPORTED GLOBAL)
target_link_libraries(PkgConfig::PUGIXML INTERFACE pugixml::pugixml)
# PC/SC is WinSCard (mingw's winscard.h and import library).
add_library(PkgConfig::PCSC INTERFACE IMPORTED GLOBAL)
target_link_libraries(PkgConfig::PCSC INTERFACE winscard)

# Code generation runs on the build host: Debian's protoc 3.21 and grpc_cpp_plugin 1.51 match
# the SDK's runtime. proto/CMakeLists.txt names them by these targets.
find_program(KAKUNIN_HOST_PROTOC protoc REQUIRED)
find_program(KAKUNIN_HOST_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
if(NOT TARGET protobuf::protoc)
  add_executable(protobuf::protoc IMPORTED GLOBAL)
  set_target_properties(protobuf::protoc PROPERTIES IMPORTED_LOCATION ${KAKUNIN_HOST_PROTOC})
endif()
if(NOT TARGET gRPC::grpc_cpp_plugin)
  add_executable(gRPC::grpc_cpp_plugin IMPORTED GLOBAL)
  set_target_properties(gRPC::grpc_cpp_plugin PROPERTIES IMPORTED_LOCATION
                                                         ${KAKUNIN_HOST_GRPC_CPP_PLUGIN})
endif()

# toml++ is header-only and not in the SDK: the host's headers (Debian's libtomlplusplus-dev),
# seen through a folder that holds nothing else, so no other host header leaks into the build.
find_path(KAKUNIN_HOST_TOMLPP toml++/toml.h PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH
          NO_DEFAULT_PATH REQUIRED)
set(KAKUNIN_TOMLPP_DIR ${CMAKE_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${KAKUNIN_TOMLPP_DIR})
file(CREATE_LINK ${KAKUNIN_HOST_TOMLPP}/toml++ ${KAKUNIN_TOMLPP_DIR}/toml++ SYMBOLIC)
include_directories(SYSTEM ${KAKUNIN_TOMLPP_DIR})

enable_testing()
add_subdirectory(proto)
add_subdirectory(common)
add_subdirectory(agent)
if(KAKUNIN_BUILD_TESTS)
  add_subdirectory(tests/windows)
endif()

# The MSI (deploy/windows/kakunin-agent.wxs, built by wixl through deploy/windows/build-msi.sh):
#   cmake --build build-win --target msi   ->  build-win/packages/kakunin-agent-<version>-x64.msi
# KAKUNIN_MSI_VERSION defaults to the project's version; a higher one upgrades in place.
set(KAKUNIN_MSI_VERSION ${PROJECT_VERSION} CACHE STRING "ProductVersion of the MSI (major.minor.build)")
set(KAKUNIN_MSI ${CMAKE_BINARY_DIR}/packages/kakunin-agent-${KAKUNIN_MSI_VERSION}-x64.msi)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
add_custom_command(
  OUTPUT ${KAKUNIN_MSI}
  COMMAND ${CMAKE_COMMAND} -E env STRIP=${CMAKE_STRIP}
          ${PROJECT_SOURCE_DIR}/deploy/windows/build-msi.sh $<TARGET_FILE:kakunin-agent>
          ${KAKUNIN_MSI_VERSION} ${KAKUNIN_MSI}
  DEPENDS kakunin-agent ${PROJECT_SOURCE_DIR}/deploy/windows/kakunin-agent.wxs
          ${PROJECT_SOURCE_DIR}/deploy/windows/build-msi.sh
  COMMENT "Building the MSI kakunin-agent-${KAKUNIN_MSI_VERSION}-x64.msi (wixl)"
  VERBATIM)
add_custom_target(msi DEPENDS ${KAKUNIN_MSI})
