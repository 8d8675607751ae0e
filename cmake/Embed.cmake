# Embeds text files (migrations, error catalogue, rules) into a generated C++ source, so the binaries
# carry their schema and never read the source tree at run time.
# lifeline_embed(OUT_VAR NAMESPACE ns FUNCTION fn FILES a b ...) -> generated .cpp with
#   const std::vector<std::pair<std::string_view, std::string_view>>& ns::fn();  // (file name, content)
function(lifeline_embed out_var)
  cmake_parse_arguments(E "" "NAMESPACE;FUNCTION" "FILES" ${ARGN})
  set(gen "${CMAKE_CURRENT_BINARY_DIR}/embed_${E_FUNCTION}.cpp")
  add_custom_command(OUTPUT ${gen}
    COMMAND ${CMAKE_COMMAND} -DOUT=${gen} -DNS=${E_NAMESPACE} -DFN=${E_FUNCTION} "-DFILES=${E_FILES}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedGen.cmake
    DEPENDS ${E_FILES} ${CMAKE_SOURCE_DIR}/cmake/EmbedGen.cmake VERBATIM)
  set(${out_var} ${gen} PARENT_SCOPE)
endfunction()
