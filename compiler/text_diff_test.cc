// Tests of the unified diff `check` prints.
#include "text_diff.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("equal texts give no diff") { CHECK(UnifiedDiff("f", "a\nb\n", "a\nb\n").empty()); }

TEST_CASE("one changed line with context") {
  CHECK(UnifiedDiff("out/x.yaml", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nfive\n6\n7\n8\n") ==
        "--- a/out/x.yaml\n+++ b/out/x.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("an added line at the end") {
  CHECK(UnifiedDiff("f", "a\n", "a\nb\n") == "--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n a\n+b\n");
}
