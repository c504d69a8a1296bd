// doctest's main for the unit tests that live beside each stage (compiler/*_test.cc).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
