// The 'latest-tag' guardrail (policy.forbid): no image a component runs may be tagged
// 'latest', the rule admission policies such as Kyverno's disallow-latest-tag enforce.
#pragma once

#include "diag.h"
#include "model.h"

namespace kalypso {

/// Reports every `:latest` image in the final chart values, the stdlib's manifests and the
/// inline `resources:` of each component, at the stack line that sets it where there is one.
void CheckImageTags(const Stack& stack, const Compiled& compiled, Diags& diags);

/// The tag of an image reference ("busybox:latest" -> "latest"; "" for "a:5000/b", a digest,
/// or a pattern such as Kyverno's "!*:latest").
std::string ImageTag(const std::string& image);

}  // namespace kalypso
