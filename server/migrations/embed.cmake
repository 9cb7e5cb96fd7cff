# Turns server/migrations/NNNN_*.sql into a C++ table compiled into the server, so a binary
# always carries exactly the schema it was built for.
file(GLOB sql_files "${SRC_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT sql_files)
set(body "")
foreach(f ${sql_files})
  get_filename_component(name ${f} NAME_WE)
  string(SUBSTRING ${name} 0 4 version)
  math(EXPR version "${version}")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"kakunin_sql(${sql})kakunin_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from server/migrations/*.sql — do not edit.\n#include \"server/storage/migrations.h\"\n\nnamespace kakunin::server {\n\nconst std::vector<Migration>& AllMigrations() {\n  static const std::vector<Migration> kAll = {\n${body}  };\n  return kAll;\n}\n\n}  // namespace kakunin::server\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
