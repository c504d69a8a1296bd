// Stage 2b, layer: places every component on its clusters. An instance is the component's
// fields, then its `environments.<env>` block, then its `clusters.<cluster>` block, deep-merged.
#pragma once

#include "diag.h"
#include "document.h"
#include "model.h"

namespace kalypso {

/// Reads `environments:` and `clusters:` (or makes the implicit cluster of a one-cluster
/// stack) and fills `stack->components` with the enabled instances. Each fleet instance's
/// pointer is layered ("/@<cluster>/<component>", registered in `doc->layers`) so that every
/// later diagnostic points at the layer that wrote the value.
[[nodiscard]] bool PlaceInstances(Document& doc, Stack* stack, Diags& diags);

/// Deep merge for layers: objects merge key by key, anything else (lists too) replaces.
void Overlay(Json* target, const Json& patch);

}  // namespace kalypso
