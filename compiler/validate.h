// Stage 2, validate: checks the loaded stack against schema/stack.schema.json and turns
// it into the typed Stack model with defaults applied.
#pragma once

#include "diag.h"
#include "document.h"
#include "model.h"

namespace kalypso {

/// The stack JSON Schema text (embedded from schema/stack.schema.json).
const char* StackSchemaText();

/// Validates `doc` and fills `stack` (its instances through PlaceInstances, which records
/// layered pointers in `doc`); every schema violation is reported at its position.
[[nodiscard]] bool ValidateStack(Document& doc, Stack* stack, Diags& diags);

/// Reads one component's fields (as written, or merged from layers) at `ptr`; no defaults
/// beyond the component's own (namespace and release default to `name`).
void ReadComponent(const Json& j, const std::string& name, const std::string& ptr, Component* out);

}  // namespace kalypso
