// Stage 1, load: reads a stack file (YAML with every value's position, or Jsonnet evaluated
// together with the stdlib) into a Document, refusing hostile input with one clear error.
#pragma once

#include <string>

#include "diag.h"
#include "document.h"
#include "fs.h"

namespace kalypso {

/// Bounds on what a stack may contain; each breach is one clear error, never a crash.
struct LoadLimits {
  size_t max_nodes = 200000;   ///< values after alias expansion (stops "billion laughs")
  int max_depth = 64;          ///< nesting of mappings and sequences
  size_t max_string = 65536;   ///< bytes in one scalar
  int parse_timeout_ms = 5000;  ///< the parse and conversion, run in a bounded child
  bool sandbox = true;          ///< false: no child (fuzzing, where forking costs 20x)
  size_t parse_memory = size_t{512} << 20;
};

/// Parses YAML text into `doc` (positions included). Reports every problem to `diags`.
[[nodiscard]] bool LoadYaml(const std::string& file, const std::string& text, Document* doc,
                            Diags& diags, const LoadLimits& limits = {});

/// Checks bytes every input must satisfy: UTF-8, no NUL, not empty.
[[nodiscard]] bool CheckInputBytes(const std::string& file, const std::string& text, Diags& diags);

}  // namespace kalypso
