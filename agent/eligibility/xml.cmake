# The 資格確認端末 XML file exchange. Included from agent/eligibility/CMakeLists.txt.
# kakunin_xml_codec: request/answer bytes (pugixml + glibc iconv), no I/O; shared with the
# emulator's responder (sim/oqs/xml.cmake).
add_library(kakunin_xml_codec STATIC ${CMAKE_CURRENT_LIST_DIR}/xml_codec.cpp)
target_link_libraries(kakunin_xml_codec PUBLIC kakunin_proto kakunin_core kakunin_domain kakunin_text
                      PRIVATE PkgConfig::PUGIXML)
target_compile_options(kakunin_xml_codec PRIVATE ${KAKUNIN_WARNINGS})

# kakunin_xml_exchange: EligibilityService over the req/res folders.
add_library(kakunin_xml_exchange STATIC ${CMAKE_CURRENT_LIST_DIR}/xml_exchange.cpp)
target_link_libraries(kakunin_xml_exchange PUBLIC kakunin_xml_codec)
target_compile_options(kakunin_xml_exchange PRIVATE ${KAKUNIN_WARNINGS})
