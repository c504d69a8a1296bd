// Diagnostics: one format for every error and warning of a run (FILE:LINE:COL, source
// line, caret), collected by each stage and printed sorted by position.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace kalypso {

/// A position in an input file; line and col are 1-based, line 0 means "whole file".
struct Location {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class Severity { kError, kWarning };

/// One reported problem.
struct Diagnostic {
  Severity severity = Severity::kError;
  Location loc;
  std::string message;
};

/// Collects the diagnostics of a run; stages add, the pipeline checks HasErrors() between stages.
class Diags {
 public:
  /// Registers a file's text so diagnostics in it can show the source line.
  void AddSource(const std::string& file, const std::string& text);
  void Error(const Location& loc, std::string message);
  void Warning(const Location& loc, std::string message);
  /// Adds `other`'s diagnostics (collected on another thread) as if reported here, in order.
  void Append(const Diags& other);
  [[nodiscard]] bool HasErrors() const { return errors_ > 0; }
  [[nodiscard]] int ErrorCount() const { return errors_; }
  [[nodiscard]] const std::vector<Diagnostic>& All() const { return list_; }
  /// Renders every diagnostic sorted by (file, line, col), each with source line and caret.
  [[nodiscard]] std::string Render(bool color = false) const;

 private:
  /// True when the same diagnostic was reported before (a fleet's instances share lines).
  bool Seen(Severity severity, const Location& loc, const std::string& message);

  std::vector<Diagnostic> list_;
  std::set<std::string> seen_;
  std::map<std::string, std::vector<std::string>> sources_;
  int errors_ = 0;
};

/// Levenshtein distance, for "did you mean" suggestions.
int EditDistance(const std::string& a, const std::string& b);

/// The candidate closest to `name`, or "" when none is close enough to be a likely typo.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace kalypso
