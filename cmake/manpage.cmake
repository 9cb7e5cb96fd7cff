# Writes a section-1 man page from a program's --help (so the page cannot drift from the
# program), gzip -9n as Debian wants. Run as: cmake -DBIN=… -DNAME=… -DSUMMARY=… -DLANG=en|ja
# -DOUT=… -P
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen KAKUNIN_LANG=${LANG}
                        ${BIN} --help
                OUTPUT_VARIABLE help ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BIN} --help failed (${rc}): ${err}")
endif()
# groff: a leading dot or quote would be a request; backslashes are escapes.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
string(TIMESTAMP year "%Y" UTC)
file(WRITE ${OUT}.tmp ".TH ${NAME} 1 \"\" \"Kakunin\" \"Kakunin manual\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
${help}
.fi
.SH FILES
/etc/kakunin/*.toml \\(em settings, with every option, its default and its meaning.
.SH SEE ALSO
/usr/share/doc/kakunin-${PACKAGE}/README.md
")
file(REMOVE ${OUT})
execute_process(COMMAND gzip -9n ${OUT}.tmp RESULT_VARIABLE rc)
file(RENAME ${OUT}.tmp.gz ${OUT})
