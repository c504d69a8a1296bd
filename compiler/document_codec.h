// A loaded Document and the diagnostics of loading it, as bytes: the parse worker sends
// them back through its pipe, so the stack is parsed once, in the bounded worker.
#pragma once

#include <string>

#include "diag.h"
#include "document.h"

namespace kalypso {

/// Serializes `doc` (value tree with its JSON types, every position) and `diags`. Positions
/// and diagnostics must all be in `doc.file` (true of everything LoadYaml records).
std::string EncodeLoaded(const Document& doc, const Diags& diags);

/// Restores what EncodeLoaded wrote: fills `doc` (whose `file` is already set) and adds the
/// diagnostics to `diags`. False when the bytes are malformed.
[[nodiscard]] bool DecodeLoaded(const std::string& bytes, Document* doc, Diags& diags);

}  // namespace kalypso
