# Installation of the analyzer side (corio installs itself from runtime/) and
# the Debian package made by CPack.
include(GNUInstallDirs)

if(TARGET corolint-tidy)
  install(TARGETS corolint-tidy LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT corolint)
  # The short wrapper, pointing at the installed module.
  set(_wrapper ${CMAKE_BINARY_DIR}/install/corolint-tidy)
  file(GENERATE OUTPUT ${_wrapper} CONTENT
"#!/bin/sh
# Runs clang-tidy-19 with the corolint module loaded.
here=$(dirname \"$(readlink -f \"$0\")\")
exec ${COROLINT_CLANG_TIDY} --load=\"$here/../${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:corolint-tidy>\" \"$@\"
")
  install(PROGRAMS ${_wrapper} DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT corolint)
endif()
if(TARGET corolint)
  install(TARGETS corolint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT corolint)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT corolint)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT corolint)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/integrations/ USE_SOURCE_PERMISSIONS
        DESTINATION ${CMAKE_INSTALL_DATADIR}/corolint/integrations COMPONENT corolint)

set(CPACK_PACKAGE_NAME corolint)
set(CPACK_PACKAGE_VENDOR "corolint developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Finds blocking calls in C++20 coroutines; corio, the runtime its fixes target")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "corolint developers <maintainers@corolint.invalid>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The module loads into Debian's clang-tidy-19 and uses its libraries.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-tidy-19, libclang-cpp19, libllvm19, libcurl4")
set(CPACK_PACKAGE_INSTALL_DIRECTORY corolint)
set(CPACK_SET_DESTDIR OFF)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
