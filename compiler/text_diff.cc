// Line diff by longest common subsequence (quadratic, fine for generated files of a few
// thousand lines; larger inputs fall back to replacing the whole file), printed as hunks.
#include "text_diff.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace kalypso {

namespace {

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '\n') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

struct Op {
  char kind;  // ' ', '-', '+'
  size_t a, b;
};

std::vector<Op> Script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Op> ops;
  if (a.size() * b.size() > 16'000'000) {
    for (size_t i = 0; i < a.size(); ++i) ops.push_back({'-', i, 0});
    for (size_t j = 0; j < b.size(); ++j) ops.push_back({'+', a.size(), j});
    return ops;
  }
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ops.push_back({' ', i++, j++});
    } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', i++, j});  // deletions first, as diff -u prints them
    } else {
      ops.push_back({'+', i, j++});
    }
  }
  return ops;
}

}  // namespace

std::string UnifiedDiff(const std::string& path, const std::string& before, const std::string& after) {
  if (before == after) return "";
  std::vector<std::string> a = Lines(before), b = Lines(after);
  std::vector<Op> ops = Script(a, b);
  std::ostringstream out;
  out << "--- a/" << path << "\n+++ b/" << path << "\n";
  const size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;  // extend while changes are within 2*context of each other
    for (size_t last_change = k; end < ops.size(); ++end) {
      if (ops[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * kContext) break;
    }
    while (end > start && ops[end - 1].kind == ' ' && end - 1 > k && end - 1 - kContext >= 0) {
      // keep at most kContext trailing context lines
      size_t trailing = 0;
      for (size_t t = end; t > start && ops[t - 1].kind == ' '; --t) ++trailing;
      if (trailing <= kContext) break;
      --end;
    }
    size_t a_start = ops[start].a, b_start = ops[start].b, a_len = 0, b_len = 0;
    for (size_t t = start; t < end; ++t) {
      if (ops[t].kind != '+') ++a_len;
      if (ops[t].kind != '-') ++b_len;
    }
    out << "@@ -" << (a_len ? a_start + 1 : a_start) << "," << a_len << " +" << (b_len ? b_start + 1 : b_start) << ","
        << b_len << " @@\n";
    for (size_t t = start; t < end; ++t) {
      const Op& op = ops[t];
      out << op.kind << (op.kind == '+' ? b[op.b] : a[op.a]) << "\n";
    }
    k = end;
  }
  return out.str();
}

}  // namespace kalypso
