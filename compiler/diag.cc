// Diagnostics rendering and "did you mean" suggestions (edit distance), shared by every
// stage so that all messages look alike.
#include "diag.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace kalypso {

void Diags::AddSource(const std::string& file, const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  lines.push_back(cur);
  sources_[file] = std::move(lines);
}

bool Diags::Seen(Severity severity, const Location& loc, const std::string& message) {
  std::string key = std::to_string(static_cast<int>(severity)) + '\0' + loc.file + '\0' + std::to_string(loc.line) + '\0' +
                    std::to_string(loc.col) + '\0' + message;
  return !seen_.insert(std::move(key)).second;
}

void Diags::Error(const Location& loc, std::string message) {
  if (Seen(Severity::kError, loc, message)) return;
  list_.push_back({Severity::kError, loc, std::move(message)});
  ++errors_;
}

void Diags::Warning(const Location& loc, std::string message) {
  if (Seen(Severity::kWarning, loc, message)) return;
  list_.push_back({Severity::kWarning, loc, std::move(message)});
}

void Diags::Append(const Diags& other) {
  for (const auto& d : other.list_) (d.severity == Severity::kError ? Error(d.loc, d.message) : Warning(d.loc, d.message));
}

std::string Diags::Render(bool color) const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : list_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->loc.file, a->loc.line, a->loc.col) <
           std::tie(b->loc.file, b->loc.line, b->loc.col);
  });
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* magenta = color ? "\033[1;35m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::ostringstream out;
  const Diagnostic* prev = nullptr;
  for (const Diagnostic* d : sorted) {
    if (prev && prev->loc.file == d->loc.file && prev->loc.line == d->loc.line &&
        prev->loc.col == d->loc.col && prev->message == d->message)
      continue;  // the same problem found twice (e.g. by two passes over one value)
    prev = d;
    // Columns are counted in bytes by the parsers; people count characters (UTF-8).
    const std::string* line = nullptr;
    auto it = sources_.find(d->loc.file);
    if (d->loc.line > 0 && it != sources_.end() && d->loc.line <= static_cast<int>(it->second.size()))
      line = &it->second[d->loc.line - 1];
    int col = d->loc.col;
    std::string pad;
    if (line && col > 0) {
      col = 1;
      for (int i = 0; i + 1 < d->loc.col && i < static_cast<int>(line->size()); ++i) {
        unsigned char c = static_cast<unsigned char>((*line)[i]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte of the same character
        pad += c == '\t' ? '\t' : ' ';
        ++col;
      }
    }
    out << bold << d->loc.file;
    if (d->loc.line > 0) out << ':' << d->loc.line << ':' << col;
    out << ": " << reset;
    if (d->severity == Severity::kError)
      out << red << "error: " << reset;
    else
      out << magenta << "warning: " << reset;
    out << bold << d->message << reset << '\n';
    if (line) {
      std::string shown = *line;
      for (char& c : shown)  // never echo NUL or other control bytes to a terminal
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = '?';
      out << shown << '\n' << pad << green << '^' << reset << '\n';
    }
  }
  return out.str();
}

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diag = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  int best_distance = 0;
  for (const auto& c : candidates) {
    int d = EditDistance(name, c);
    if (best.empty() || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A typo changes a few characters; anything further is a different name.
  int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  if (!best.empty() && best_distance <= limit) return best;
  // A longer or shorter spelling of the same word ("warning" for "warn"): one candidate that
  // is a prefix of the name, or the name a prefix of it.
  std::string prefix_match;
  for (const auto& c : candidates) {
    bool related = std::min(c.size(), name.size()) >= 3 &&
                   (name.compare(0, c.size(), c) == 0 || c.compare(0, name.size(), name) == 0);
    if (!related) continue;
    if (!prefix_match.empty()) return "";  // ambiguous
    prefix_match = c;
  }
  return prefix_match;
}

std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best = ClosestName(name, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace kalypso
