# The libFuzzer build: clang-14 with -fsanitize=fuzzer,address. Configure a separate build dir:
#   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DKAKUNIN_FUZZ=ON
# Each target is self-contained (only the parser sources it exercises).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "KAKUNIN_FUZZ needs clang (CXX=clang++-14)")
endif()
add_subdirectory(agent/card/fuzz)
add_subdirectory(agent/eligibility/fuzz)
# Modules that land later add their fuzz folder here when it exists.
foreach(dir common/audit/fuzz common/cli/fuzz common/crypto/fuzz common/site/fuzz common/subsidy/fuzz
    agent/daemon/fuzz agent/uplink/fuzz server/fuzz)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir}/CMakeLists.txt)
    add_subdirectory(${dir})
  endif()
endforeach()
