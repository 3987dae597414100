# Run by cpack (CPACK_PROJECT_CONFIG_FILE): puts in front of the package's Depends the C library
# version the built binary needs, the newest GLIBC_x.y its dynamic symbols name (objdump, from
# binutils, which the build needs anyway).
include(${CPACK_PMCP_BINARY_FILE})
execute_process(COMMAND objdump -T ${PMCP_PACKAGED_BINARY} OUTPUT_VARIABLE _symbols
                RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
  message(FATAL_ERROR "objdump -T ${PMCP_PACKAGED_BINARY} failed: cannot tell the C library it needs")
endif()
string(REGEX MATCHALL "GLIBC_[0-9]+\\.[0-9]+(\\.[0-9]+)?" _versions "${_symbols}")
set(_newest "")
foreach(_version IN LISTS _versions)
  string(REPLACE "GLIBC_" "" _version "${_version}")
  if(_newest STREQUAL "" OR _version VERSION_GREATER _newest)
    set(_newest ${_version})
  endif()
endforeach()
if(_newest STREQUAL "")
  message(FATAL_ERROR "${PMCP_PACKAGED_BINARY} names no GLIBC symbol version")
endif()
if(NOT CPACK_DEBIAN_PACKAGE_DEPENDS MATCHES "^libc6 ")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6 (>= ${_newest}), ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
endif()
