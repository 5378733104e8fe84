# Turns the file IN into a C source OUT defining
#   const char sim_default_scenario_text[]; const size_t sim_default_scenario_len;
file(READ "${IN}" HEX HEX)
string(LENGTH "${HEX}" HEXLEN)
math(EXPR LEN "${HEXLEN} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${HEX}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" BYTES "${BYTES}")
file(WRITE "${OUT}" "/* Generated from ${IN}; do not edit. */\n#include <stddef.h>\n"
  "const char sim_default_scenario_text[] = {\n${BYTES}0x00};\n"
  "const size_t sim_default_scenario_len = ${LEN};\n")
