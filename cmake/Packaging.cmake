# Installation of the analyzer side (corio installs itself from runtime/) and
# the Debian package made by CPack.
#
# One package per LLVM major, because each module works only in its own
# clang-tidy-N and depends on it: the main build (LLVM 19) makes `corolint`
# (the command, the module for 19, corio, the docs; it Provides
# corolint-tidy-19), and each module-only build makes `corolint-tidy-N` (the
# module for N and its wrapper). Their files have distinct names, so any of
# them install side by side. One package holding every module would pull in
# three toolchains for a user who runs one.
include(GNUInstallDirs)

if(TARGET corolint-tidy)
  # The file users load and the checks it loads from its own directory.
  install(TARGETS corolint-tidy corolint-tidy-checks
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT corolint)
  # The short wrapper, pointing at the installed module: corolint-tidy-N,
  # and in the main build corolint-tidy too.
  set(_wrapper ${CMAKE_BINARY_DIR}/install/corolint-tidy)
  file(GENERATE OUTPUT ${_wrapper} CONTENT
"#!/bin/sh
# Runs clang-tidy-${COROLINT_LLVM_MAJOR} with the corolint module loaded.
here=$(dirname \"$(readlink -f \"$0\")\")
exec ${COROLINT_CLANG_TIDY} --load=\"$here/../${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:corolint-tidy>\" \"$@\"
")
  install(PROGRAMS ${_wrapper} DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT corolint
          RENAME corolint-tidy-${COROLINT_LLVM_MAJOR})
  if(NOT COROLINT_MODULE_ONLY)
    install(PROGRAMS ${_wrapper} DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT corolint)
  endif()
endif()
if(TARGET corolint)
  install(TARGETS corolint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT corolint)
endif()
if(COROLINT_MODULE_ONLY)
  set(CPACK_PACKAGE_NAME corolint-tidy-${COROLINT_LLVM_MAJOR})
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
      "corolint's clang-tidy module for clang-tidy-${COROLINT_LLVM_MAJOR}: blocking calls in C++20 coroutines")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-tidy-${COROLINT_LLVM_MAJOR}")
else()
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT corolint)
  install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT corolint)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/integrations/ USE_SOURCE_PERMISSIONS
          DESTINATION ${CMAKE_INSTALL_DATADIR}/corolint/integrations COMPONENT corolint)
  set(CPACK_PACKAGE_NAME corolint)
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
      "Finds blocking calls in C++20 coroutines; corio, the runtime its fixes target")
  # The module loads into Debian's clang-tidy-19; the command uses its libraries.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "clang-tidy-${COROLINT_LLVM_MAJOR}, libclang-cpp${COROLINT_LLVM_MAJOR}, libllvm${COROLINT_LLVM_MAJOR}, libcurl4")
  set(CPACK_DEBIAN_PACKAGE_PROVIDES "corolint-tidy-${COROLINT_LLVM_MAJOR}")
endif()
set(CPACK_PACKAGE_VENDOR "corolint developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "corolint developers <maintainers@corolint.invalid>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_PACKAGE_INSTALL_DIRECTORY corolint)
set(CPACK_SET_DESTDIR OFF)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
