# The emulator's folder responder for the 資格確認端末 XML exchange. Included from
# sim/oqs/CMakeLists.txt; kakunin_xml_codec comes from agent/eligibility/xml.cmake (target
# names resolve at generate time, so the include order of the two folders does not matter).
add_library(kakunin_oqs_xml STATIC ${CMAKE_CURRENT_LIST_DIR}/xml_responder.cpp)
target_link_libraries(kakunin_oqs_xml PUBLIC kakunin_oqs_sim kakunin_xml_codec kakunin_domain)
target_compile_options(kakunin_oqs_xml PRIVATE ${KAKUNIN_WARNINGS})
