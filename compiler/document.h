// A loaded input: its JSON value tree plus the source position of every value and key,
// addressed by JSON Pointer, so later stages can point at the line that caused a problem.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "diag.h"

namespace kalypso {

using Json = nlohmann::json;

/// A JSON value tree with positions.
struct Document {
  std::string file;  ///< path as given by the user (used in diagnostics)
  Json root;
  std::unordered_map<std::string, Location> value_pos;  ///< pointer -> where the value starts
  std::unordered_map<std::string, Location> key_pos;    ///< pointer -> where its key is written

  /// Position of the value at `pointer`, else of its nearest ancestor, else the file.
  [[nodiscard]] Location At(const std::string& pointer) const;
  /// Position of the key naming `pointer` (falls back to At()).
  [[nodiscard]] Location KeyAt(const std::string& pointer) const;
};

/// Appends one reference token to a JSON Pointer, escaping '~' and '/'.
std::string PointerAppend(const std::string& pointer, const std::string& token);
std::string PointerAppend(const std::string& pointer, size_t index);

}  // namespace kalypso
