// ImageTag: what counts as the tag of an image reference.
#include "image_policy.h"

#include <doctest/doctest.h>

using kalypso::ImageTag;

TEST_CASE("ImageTag reads the tag, not a registry port or a digest") {
  CHECK(ImageTag("busybox:latest") == "latest");
  CHECK(ImageTag("docker.io/library/busybox:1.37") == "1.37");
  CHECK(ImageTag("registry:5000/team/app") == "");
  CHECK(ImageTag("registry:5000/team/app:latest") == "latest");
  CHECK(ImageTag("app@sha256:0123") == "");
  CHECK(ImageTag("app") == "");
  CHECK(ImageTag("!*:latest") == "");  // Kyverno's disallow-latest-tag pattern
}
