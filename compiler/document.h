// A loaded input: its JSON value tree plus the source position of every value and key,
// addressed by JSON Pointer, so later stages can point at the line that caused a problem.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "diag.h"

namespace kalypso {

using Json = nlohmann::json;

/// A JSON value tree with positions.
struct Document {
  std::string file;  ///< path as given by the user (used in diagnostics)
  Json root;
  std::unordered_map<std::string, Location> value_pos;  ///< pointer -> where the value starts
  std::unordered_map<std::string, Location> key_pos;    ///< pointer -> where its key is written
  /// Fleets: a layered pointer "/@<cluster>/<component>" names the deep merge of the pointers
  /// listed here (the component first, its cluster block last); see LayerOf().
  std::unordered_map<std::string, std::vector<std::string>> layers;

  /// Position of the value at `pointer`, else of its nearest ancestor, else the file.
  [[nodiscard]] Location At(const std::string& pointer) const;
  /// Position of the key naming `pointer` (falls back to At()).
  [[nodiscard]] Location KeyAt(const std::string& pointer) const;
  /// For a layered pointer: the pointer, in the last layer that holds it (or, failing that,
  /// holds its closest ancestor), of the value the merge took; any other pointer unchanged.
  [[nodiscard]] std::string LayerOf(const std::string& pointer) const;
  /// Splits a layered pointer into its prefix ("/@c/x") and the rest; false for other pointers.
  [[nodiscard]] bool SplitLayered(const std::string& pointer, std::string* prefix, std::string* rest) const;
};

/// Appends one reference token to a JSON Pointer, escaping '~' and '/'.
std::string PointerAppend(const std::string& pointer, const std::string& token);
std::string PointerAppend(const std::string& pointer, size_t index);

}  // namespace kalypso
