// The three views of a `kalypsoc diff` run: text for a terminal, Markdown for a pull-request
// comment (summary first, collapsed diffs, size-capped) and JSON for tools.
#pragma once

#include <cstddef>
#include <string>

#include "diff_command.h"

namespace kalypso {

/// GitHub's limit on the body of a pull-request comment, in characters.
inline constexpr size_t kMarkdownCap = 65536;

/// Summary per stack, then the file diffs grouped per instance.
std::string DiffText(const DiffRun& run);
/// Summary tables, then one collapsed `<details>` per instance; at most `cap` bytes, with a
/// closing note naming what was cut.
std::string DiffMarkdown(const DiffRun& run, size_t cap = kMarkdownCap);
/// Everything, as one JSON document.
std::string DiffJson(const DiffRun& run);

}  // namespace kalypso
