# The emulator's folder responder for the 資格確認端末 XML exchange and the face-reader drop.
# Included from sim/oqs/CMakeLists.txt; kakunin_xml_codec comes from agent/eligibility/xml.cmake
# (target names resolve at generate time, so the include order of the two folders does not matter).
add_library(kakunin_oqs_xml STATIC ${CMAKE_CURRENT_LIST_DIR}/xml_responder.cpp
            ${CMAKE_CURRENT_LIST_DIR}/xml_cases.cpp ${CMAKE_CURRENT_LIST_DIR}/xml_support.cpp)
target_link_libraries(kakunin_oqs_xml PUBLIC kakunin_oqs_sim kakunin_xml_codec kakunin_domain
                      PRIVATE nlohmann_json::nlohmann_json)
target_compile_options(kakunin_oqs_xml PRIVATE ${KAKUNIN_WARNINGS})

# `kakunin-oqs-sim face`: answer files of the face-auth reader, and the deleting process.
add_library(kakunin_oqs_face STATIC ${CMAKE_CURRENT_LIST_DIR}/face_reader.cpp
            ${CMAKE_CURRENT_LIST_DIR}/face_deleter.cpp)
target_link_libraries(kakunin_oqs_face PUBLIC kakunin_oqs_xml
                      PRIVATE nlohmann_json::nlohmann_json)
target_compile_options(kakunin_oqs_face PRIVATE ${KAKUNIN_WARNINGS})
