# Install rules and Debian packages (CPack DEB), one package per component:
#   kakunin-server   HQ's server, its unit, /etc/kakunin/server.toml, the subsidy programmes
#   kakunin-agent    the terminal's daemon and CLI, its unit, /etc/kakunin/agent.toml
#   kakunin-station  the staff window (desktop entry, icon)
#   kakunin-console  HQ's console (desktop entry, icon)
# `cmake --build build --target package` writes them to build/packages/. What lintian says and
# why: deploy/debian/README.md.

include(GNUInstallDirs)
set(KAKUNIN_DEBIAN_DIR ${PROJECT_SOURCE_DIR}/deploy/debian)
set(KAKUNIN_PKG_STAGE ${CMAKE_BINARY_DIR}/pkgfiles)

# --- Generated files: configuration templates, man pages, changelog ----------------------------
# The configuration files come from the programs' own option tables (`config-template`), so a
# new option cannot be missing from the file an administrator reads; their comments in Japanese
# whatever the builder's KAKUNIN_LANG.
add_custom_command(
  OUTPUT ${KAKUNIN_PKG_STAGE}/server.toml
  COMMAND ${CMAKE_COMMAND} -E make_directory ${KAKUNIN_PKG_STAGE}
  COMMAND ${CMAKE_COMMAND} -E env KAKUNIN_LANG=ja $<TARGET_FILE:kakunin-server> config-template
          --set data-dir=/var/lib/kakunin > ${KAKUNIN_PKG_STAGE}/server.toml
  DEPENDS kakunin-server VERBATIM)
add_custom_command(
  OUTPUT ${KAKUNIN_PKG_STAGE}/agent.toml
  COMMAND ${CMAKE_COMMAND} -E make_directory ${KAKUNIN_PKG_STAGE}
  COMMAND ${CMAKE_COMMAND} -E env KAKUNIN_LANG=ja $<TARGET_FILE:kakunin-agent> config-template
          > ${KAKUNIN_PKG_STAGE}/agent.toml
  DEPENDS kakunin-agent VERBATIM)

set(KAKUNIN_MAN_PAGES)
# Each program's page twice, from its --help in each language: English in man1, Japanese in
# ja/man1 (what `man` shows under a Japanese locale).
function(kakunin_man_page target package summary summary_ja)
  foreach(lang en ja)
    if(lang STREQUAL "en")
      set(dir man)
      set(install_dir ${CMAKE_INSTALL_MANDIR}/man1)
      set(line ${summary})
    else()
      set(dir man/ja)
      set(install_dir ${CMAKE_INSTALL_MANDIR}/ja/man1)
      set(line ${summary_ja})
    endif()
    set(out ${KAKUNIN_PKG_STAGE}/${dir}/${target}.1.gz)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${KAKUNIN_PKG_STAGE}/${dir}
      COMMAND ${CMAKE_COMMAND} -DBIN=$<TARGET_FILE:${target}> -DNAME=${target}
              -DSUMMARY=${line} -DPACKAGE=${package} -DLANG=${lang} -DOUT=${out}
              -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
      DEPENDS ${target} ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake VERBATIM)
    list(APPEND KAKUNIN_MAN_PAGES ${out})
    install(FILES ${out} DESTINATION ${install_dir} COMPONENT ${package})
  endforeach()
  set(KAKUNIN_MAN_PAGES ${KAKUNIN_MAN_PAGES} PARENT_SCOPE)
endfunction()
kakunin_man_page(kakunin-server server "Kakunin central server (HQ)"
                 "Kakunin 本部のサーバー")
kakunin_man_page(kakunin-agent agent "Kakunin terminal daemon and command line"
                 "Kakunin 端末の常駐サービスとコマンド")
kakunin_man_page(kakunin-station station "Kakunin staff window at the counter"
                 "Kakunin 受付の職員画面")
kakunin_man_page(kakunin-console console "Kakunin administration console for HQ"
                 "Kakunin 本部の管理コンソール")

configure_file(${KAKUNIN_DEBIAN_DIR}/changelog.in ${KAKUNIN_PKG_STAGE}/changelog @ONLY)
add_custom_command(
  OUTPUT ${KAKUNIN_PKG_STAGE}/changelog.gz
  COMMAND gzip -9nc ${KAKUNIN_PKG_STAGE}/changelog > ${KAKUNIN_PKG_STAGE}/changelog.gz
  DEPENDS ${KAKUNIN_PKG_STAGE}/changelog VERBATIM)

add_custom_target(kakunin_package_files ALL
  DEPENDS ${KAKUNIN_PKG_STAGE}/server.toml ${KAKUNIN_PKG_STAGE}/agent.toml
          ${KAKUNIN_PKG_STAGE}/changelog.gz ${KAKUNIN_MAN_PAGES})

# --- What each package holds --------------------------------------------------------------------
install(TARGETS kakunin-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
install(TARGETS kakunin-agent RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT agent)
install(TARGETS kakunin-station RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT station)
install(TARGETS kakunin-console RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT console)

install(FILES ${PROJECT_SOURCE_DIR}/server/subsidy/programmes.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kakunin COMPONENT server)
# Settings: conffiles (dpkg never overwrites an edited one). Shipped 0644 as Debian wants;
# postinst makes them 0640 root:<daemon's group>, since a database password may go in.
install(FILES ${KAKUNIN_PKG_STAGE}/server.toml DESTINATION /etc/kakunin COMPONENT server)
install(FILES ${KAKUNIN_PKG_STAGE}/agent.toml DESTINATION /etc/kakunin COMPONENT agent)
# Debian 12 keeps packaged units under /lib (before the /usr merge completes).
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/kakunin-server.service
              ${PROJECT_SOURCE_DIR}/deploy/systemd/kakunin-backup.service
              ${PROJECT_SOURCE_DIR}/deploy/systemd/kakunin-backup.timer
        DESTINATION /lib/systemd/system COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/kakunin-agent.service
        DESTINATION /lib/systemd/system COMPONENT agent)
install(FILES ${KAKUNIN_DEBIAN_DIR}/kakunin-agent.tmpfiles DESTINATION /usr/lib/tmpfiles.d
        RENAME kakunin-agent.conf COMPONENT agent)

foreach(app station console)
  install(FILES ${KAKUNIN_DEBIAN_DIR}/kakunin-${app}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT ${app})
  install(FILES ${KAKUNIN_DEBIAN_DIR}/kakunin-${app}.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT ${app})
endforeach()

foreach(component server agent station console)
  set(doc ${CMAKE_INSTALL_DATADIR}/doc/kakunin-${component})
  install(FILES ${KAKUNIN_DEBIAN_DIR}/copyright ${KAKUNIN_PKG_STAGE}/changelog.gz
          DESTINATION ${doc} COMPONENT ${component})
endforeach()
# README.md (the units' and man pages' Documentation) is deploy/README.md, which sends its reader
# to the install steps and the packages' notes: both ship beside it, under the names it uses.
foreach(component server agent)
  set(doc ${CMAKE_INSTALL_DATADIR}/doc/kakunin-${component})
  install(FILES ${PROJECT_SOURCE_DIR}/deploy/README.md DESTINATION ${doc} COMPONENT ${component})
  install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${doc} RENAME GUIDE.md
          COMPONENT ${component})
  install(FILES ${KAKUNIN_DEBIAN_DIR}/README.md DESTINATION ${doc} RENAME PACKAGES.md
          COMPONENT ${component})
endforeach()

# --- CPack DEB ----------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kakunin)
set(CPACK_PACKAGE_VENDOR "Kakunin developers")
set(CPACK_PACKAGE_CONTACT "Kakunin developers <kakunin@example.jp>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/packages)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/cpack)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server agent station console)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://kakunin.example.jp/")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME kakunin-server)
set(CPACK_DEBIAN_AGENT_PACKAGE_NAME kakunin-agent)
set(CPACK_DEBIAN_STATION_PACKAGE_NAME kakunin-station)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME kakunin-console)
set(CPACK_DEBIAN_STATION_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION misc)

# Summary line, then the extended description (lines under 80 columns, as lintian wants).
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "Kakunin central server for online eligibility checks
HQ's side of Kakunin, online eligibility checks for chain pharmacies and
clinics: enrolls terminals with one-time tokens and per-device certificates,
receives their check results over gRPC with mutual TLS, stores them in
PostgreSQL with patient fields sealed, keeps a tamper-evident audit log,
tracks subsidy receipts and serves the administration console.")
set(CPACK_COMPONENT_AGENT_DESCRIPTION
    "Kakunin terminal daemon for online eligibility checks
Runs on each counter terminal: reads the patient's Individual Number Card
through PC/SC, confirms identity, asks the eligibility service (directly or
through the on-site terminal's folders), keeps every result in a crash-safe
outbox and streams it to HQ. Includes the kakunin-agent command line
(enroll, status, check).")
set(CPACK_COMPONENT_STATION_DESCRIPTION
    "Kakunin staff window for eligibility checks at the counter
The window the counter staff use: prompts for the card, the PIN or a visual
check, shows the patient's insurance eligibility in plain Japanese and
records document checks. It talks to the local kakunin-agent daemon; staff
accounts join the kakunin-agent group.")
set(CPACK_COMPONENT_CONSOLE_DESCRIPTION
    "Kakunin administration console for headquarters
The Qt console for administrators and branch managers: dashboard, results,
terminals and enrollment bundles, stores and their routes, audit log
verification, subsidy receipts.")

# Beyond what dpkg-shlibdeps finds (init-system-helpers, for deb-systemd-invoke, is essential):
# adduser for the system users, tmpfiles for the socket
# directory, Japanese fonts for the windows and Qt's own Japanese (qtbase_ja.qm: the buttons and
# menus Qt draws), pcscd for the card reader.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "postgresql-15")
set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "adduser, systemd | systemd-tmpfiles, pcscd")
set(CPACK_DEBIAN_STATION_PACKAGE_DEPENDS "fonts-noto-cjk, qt6-translations-l10n")
set(CPACK_DEBIAN_STATION_PACKAGE_RECOMMENDS "kakunin-agent (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_CONSOLE_PACKAGE_DEPENDS "fonts-noto-cjk, qt6-translations-l10n")

foreach(component server agent)
  string(TOUPPER ${component} upper)
  file(WRITE ${KAKUNIN_PKG_STAGE}/${component}/conffiles "/etc/kakunin/${component}.toml\n")
  set(CPACK_DEBIAN_${upper}_PACKAGE_CONTROL_EXTRA
      ${KAKUNIN_DEBIAN_DIR}/kakunin-${component}/postinst
      ${KAKUNIN_DEBIAN_DIR}/kakunin-${component}/prerm
      ${KAKUNIN_DEBIAN_DIR}/kakunin-${component}/postrm
      ${KAKUNIN_PKG_STAGE}/${component}/conffiles)
endforeach()

include(CPack)
