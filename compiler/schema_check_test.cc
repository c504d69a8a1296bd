// Tests of schema validation through the stack schema: exact diagnostics.
#include "schema_check.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using kalypso::Until;
using kalypso::testing::CompileText;

TEST_CASE("schema errors: unknown property with suggestion, enum, type, required, names") {
  auto r = CompileText("stack: t\nrepo: {url: https://example.org/r.git}\nargocd: {ordering: progresive}\ncomponents:\n"
                       "  a:\n    kind: minio\n    namspace: x\n    wave: first\n  Bad: {kind: minio}\n",
                       Until::kValidate);
  CHECK_FALSE(r.ok);
  CHECK(r.diags ==
        "stack.yaml:3:20: error: invalid value 'progresive' for 'argocd.ordering': expected one of 'progressive', 'app-of-apps', 'none' (did you mean 'progressive'?)\n"
        "argocd: {ordering: progresive}\n                   ^\n"
        "stack.yaml:7:5: error: unknown property 'namspace' in 'components.a' (did you mean 'namespace'?)\n    namspace: x\n    ^\n"
        "stack.yaml:8:11: error: 'components.a.wave' must be an integer, not a string\n    wave: first\n          ^\n"
        "stack.yaml:9:3: error: invalid name 'Bad' in 'components': must be a Kubernetes name (DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit)\n"
        "  Bad: {kind: minio}\n  ^\n");
}

TEST_CASE("a missing required property points at its parent") {
  auto r = CompileText("stack: t\ncomponents:\n  a: {kind: minio}\n", Until::kValidate);
  CHECK(r.diags == "stack.yaml:1:1: error: the stack is missing required property 'repo'\nstack: t\n^\n");
}
