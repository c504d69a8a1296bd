// Tests of wave planning: derived waves, explicit waves, cycles.
#include "plan.h"

#include <doctest/doctest.h>

#include "../tests/test_support.h"

using kalypso::Until;
using kalypso::testing::CompileText;
using kalypso::testing::StackText;

TEST_CASE("waves are 1 + the latest dependency; an explicit wave may only push later") {
  auto r = CompileText(StackText("  s: {kind: minio}\n  t: {kind: tempo, storage: s}\n  g: {kind: grafana, datasources: [t], wave: 7}\n"), Until::kWire);
  REQUIRE_MESSAGE(r.ok, r.diags);
  CHECK(r.c->compiled.components.at("s").wave == 1);
  CHECK(r.c->compiled.components.at("t").wave == 2);
  CHECK(r.c->compiled.components.at("g").wave == 7);
}

TEST_CASE("a wave before a dependency is an error with the fix") {
  auto r = CompileText(StackText("  s: {kind: minio, wave: 3}\n  t: {kind: tempo, storage: s, wave: 2}\n"), Until::kWire);
  CHECK(r.diags == "stack.yaml:5:38: error: wave 2 of 't' is not after its dependency 's' (wave 3); use 'wave: 4' or later, or remove 'wave'\n"
                   "  t: {kind: tempo, storage: s, wave: 2}\n                                     ^\n");
}

TEST_CASE("a cycle is printed as a path") {
  auto r = CompileText(StackText("  a: {kind: grafana, needs: [b]}\n  b: {kind: grafana, needs: [c]}\n  c: {kind: grafana, needs: [a]}\n"), Until::kWire);
  CHECK(r.diags == "stack.yaml:4:30: error: dependency cycle: a -> b -> c -> a; remove one of these references or 'needs'\n"
                   "  a: {kind: grafana, needs: [b]}\n                             ^\n");
}
