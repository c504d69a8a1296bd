// Tests of the Helm naming rules naming.cc applies for the stdlib kinds.
#include "naming.h"

#include <doctest/doctest.h>

using namespace kalypso;

TEST_CASE("the common fullname rule: overrides, the contains rule, truncation") {
  CHECK(HelmFullname("minio", "kalypso-minio", Json::object()) == "kalypso-minio");
  CHECK(HelmFullname("minio", "store", Json::object()) == "store-minio");
  CHECK(HelmFullname("minio", "store", {{"nameOverride", "s3"}}) == "store-s3");
  CHECK(HelmFullname("minio", "store", {{"fullnameOverride", "objects"}}) == "objects");
  // argo-cd's values.yaml sets nameOverride: argocd.
  CHECK(HelmFullname("argo-cd", "argocd", {{"nameOverride", "argocd"}}) == "argocd");
  CHECK(HelmFullname("argo-cd", "gitops", {{"nameOverride", "argocd"}}) == "gitops-argocd");
}

TEST_CASE("kube-prometheus-stack cuts the whole name to 26 characters, then trims a trailing '-'") {
  CHECK(HelmFullname("kube-prometheus-stack", "monitoring", Json::object(), 26) == "monitoring-kube-prometheus");
  CHECK(HelmFullname("kube-prometheus-stack", "kps", Json::object(), 26) == "kps-kube-prometheus-stack");
  CHECK(HelmFullname("kube-prometheus-stack", "kube-prometheus-stack", Json::object(), 26) == "kube-prometheus-stack");
  // 26 characters end on '-' here: trimmed.
  CHECK(HelmFullname("kube-prometheus-stack", "observability", Json::object(), 26) == "observability-kube-prometh");
  CHECK(HelmFullname("kube-prometheus-stack", "my-observ-x", Json::object(), 26) == "my-observ-x-kube-prometheu");
  CHECK(HelmTrunc("abcdefghij-klmno", 11) == "abcdefghij");
  CHECK(HelmFullname("x", "y", {{"fullnameOverride", "a-very-long-override-name-that-goes-on"}}, 26) ==
        "a-very-long-override-name");
}
