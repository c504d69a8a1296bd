// Tests of the diagnostic format and of "did you mean".
#include "diag.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("a diagnostic shows file, line, column, source line and caret") {
  Diags d;
  d.AddSource("s.yaml", "a: 1\n  bad: thing\n");
  d.Error({"s.yaml", 2, 3}, "unknown property 'bad'");
  CHECK(d.Render() == "s.yaml:2:3: error: unknown property 'bad'\n  bad: thing\n  ^\n");
}

TEST_CASE("diagnostics are sorted by position and warnings say so") {
  Diags d;
  d.AddSource("s.yaml", "x\ny\n");
  d.Error({"s.yaml", 2, 1}, "second");
  d.Warning({"s.yaml", 1, 1}, "first");
  CHECK(d.Render() == "s.yaml:1:1: warning: first\nx\n^\ns.yaml:2:1: error: second\ny\n^\n");
  CHECK(d.ErrorCount() == 1);
}

TEST_CASE("a whole-file diagnostic has no line") {
  Diags d;
  d.Error({"missing.yaml", 0, 0}, "cannot read stack: no such file");
  CHECK(d.Render() == "missing.yaml: error: cannot read stack: no such file\n");
}

TEST_CASE("did you mean") {
  CHECK(DidYouMean("qurey", {"query", "write"}) == " (did you mean 'query'?)");
  CHECK(DidYouMean("lokki", {"loki", "mimir"}) == " (did you mean 'loki'?)");
  CHECK(DidYouMean("zzzzzz", {"query", "write"}) == "");
  CHECK(EditDistance("kitten", "sitting") == 3);
}
