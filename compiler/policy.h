// Stage 7, policy: guardrails on the final values — forbidden features (chart defaults
// included, as the stdlib declares them) and credential literals in user values.
#pragma once

#include "diag.h"
#include "model.h"

namespace kalypso {

/// Reports every forbidden feature that is on and every credential literal.
[[nodiscard]] bool CheckPolicy(const Stack& stack, const Compiled& compiled, Diags& diags);

/// True when `key` names a credential (password, secretKey, accessKey, token, ...).
bool IsCredentialKey(const std::string& key);

}  // namespace kalypso
