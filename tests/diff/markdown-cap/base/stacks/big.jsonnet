// A large platform for the Markdown size cap: 100 components sharing a 40-line setting, so
// that changing every line gives a diff far over GitHub's 65,536-character comment limit.
local config = |||
    line 01: the quick brown fox jumps over the lazy dog, setting 01 of this service
    line 02: the quick brown fox jumps over the lazy dog, setting 02 of this service
    line 03: the quick brown fox jumps over the lazy dog, setting 03 of this service
    line 04: the quick brown fox jumps over the lazy dog, setting 04 of this service
    line 05: the quick brown fox jumps over the lazy dog, setting 05 of this service
    line 06: the quick brown fox jumps over the lazy dog, setting 06 of this service
    line 07: the quick brown fox jumps over the lazy dog, setting 07 of this service
    line 08: the quick brown fox jumps over the lazy dog, setting 08 of this service
    line 09: the quick brown fox jumps over the lazy dog, setting 09 of this service
    line 10: the quick brown fox jumps over the lazy dog, setting 10 of this service
    line 11: the quick brown fox jumps over the lazy dog, setting 11 of this service
    line 12: the quick brown fox jumps over the lazy dog, setting 12 of this service
    line 13: the quick brown fox jumps over the lazy dog, setting 13 of this service
    line 14: the quick brown fox jumps over the lazy dog, setting 14 of this service
    line 15: the quick brown fox jumps over the lazy dog, setting 15 of this service
    line 16: the quick brown fox jumps over the lazy dog, setting 16 of this service
    line 17: the quick brown fox jumps over the lazy dog, setting 17 of this service
    line 18: the quick brown fox jumps over the lazy dog, setting 18 of this service
    line 19: the quick brown fox jumps over the lazy dog, setting 19 of this service
    line 20: the quick brown fox jumps over the lazy dog, setting 20 of this service
    line 21: the quick brown fox jumps over the lazy dog, setting 21 of this service
    line 22: the quick brown fox jumps over the lazy dog, setting 22 of this service
    line 23: the quick brown fox jumps over the lazy dog, setting 23 of this service
    line 24: the quick brown fox jumps over the lazy dog, setting 24 of this service
    line 25: the quick brown fox jumps over the lazy dog, setting 25 of this service
    line 26: the quick brown fox jumps over the lazy dog, setting 26 of this service
    line 27: the quick brown fox jumps over the lazy dog, setting 27 of this service
    line 28: the quick brown fox jumps over the lazy dog, setting 28 of this service
    line 29: the quick brown fox jumps over the lazy dog, setting 29 of this service
    line 30: the quick brown fox jumps over the lazy dog, setting 30 of this service
    line 31: the quick brown fox jumps over the lazy dog, setting 31 of this service
    line 32: the quick brown fox jumps over the lazy dog, setting 32 of this service
    line 33: the quick brown fox jumps over the lazy dog, setting 33 of this service
    line 34: the quick brown fox jumps over the lazy dog, setting 34 of this service
    line 35: the quick brown fox jumps over the lazy dog, setting 35 of this service
    line 36: the quick brown fox jumps over the lazy dog, setting 36 of this service
    line 37: the quick brown fox jumps over the lazy dog, setting 37 of this service
    line 38: the quick brown fox jumps over the lazy dog, setting 38 of this service
    line 39: the quick brown fox jumps over the lazy dog, setting 39 of this service
    line 40: the quick brown fox jumps over the lazy dog, setting 40 of this service
|||;
{
  stack: 'big',
  repo: { url: 'https://example.org/gitops.git' },
  components: {
    ['svc-%03d' % i]: {
      kind: 'helm',
      chart: { name: 'svc', repo: 'https://example.org/charts', version: '1.0.0' },
      values: { config: config },
    }
    for i in std.range(0, 99)
  },
}
