// Inputs the fuzz targets skip: they run the loader without its bounded child process (a
// fork per input is too slow under ASan), so the yaml-cpp 0.7 hang the child exists for
// (a ',' where the first node of a block should start; see tests/cases/error-fuzz-yaml-cpp-hang)
// is filtered here instead of being found again and again.
#pragma once

#include <string>

namespace kalypso::fuzzing {

inline bool HitsKnownYamlCppHang(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    size_t first = text.find_first_not_of(" \t-?:", start);
    if (first < end && text[first] == ',') return true;
    start = end + 1;
  }
  return false;
}

}  // namespace kalypso::fuzzing
