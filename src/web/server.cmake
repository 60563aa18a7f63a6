# The HTTP server and amparo's HTTP values: the only target that sees Boost.Beast/Asio, zlib and brotli.
add_library(amparo_web_server STATIC
  ${CMAKE_CURRENT_LIST_DIR}/server.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http.cpp)
target_include_directories(amparo_web_server PUBLIC ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(amparo_web_server
  PUBLIC amparo_core amparo_text amparo_options Threads::Threads
  PRIVATE amparo_warnings Boost::headers ZLIB::ZLIB PkgConfig::BROTLI PkgConfig::SODIUM)
