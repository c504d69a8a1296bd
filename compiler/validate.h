// Stage 2, validate: checks the loaded stack against schema/stack.schema.json and turns
// it into the typed Stack model with defaults applied.
#pragma once

#include "diag.h"
#include "document.h"
#include "model.h"

namespace kalypso {

/// The stack JSON Schema text (embedded from schema/stack.schema.json).
const char* StackSchemaText();

/// Validates `doc` and fills `stack`; every schema violation is reported at its position.
[[nodiscard]] bool ValidateStack(const Document& doc, Stack* stack, Diags& diags);

}  // namespace kalypso
