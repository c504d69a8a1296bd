// Names across a fleet: which instance (or external) a name written on an instance means —
// the same cluster first, else the one cluster that runs it — and the address it is reached
// by (in-cluster, or the target's `expose` address). A one-cluster stack is the trivial case.
#pragma once

#include <string>
#include <vector>

#include "diag.h"
#include "model.h"

namespace kalypso {

/// Resolves names and addresses between instances for the resolve stage; reports into Diags.
class Reacher {
 public:
  Reacher(const Stack& stack, Compiled* out, Diags& diags) : stack_(stack), out_(out), diags_(diags), doc_(*stack.doc) {}

  /// Records in `exposed` the addresses other clusters use for `c`'s endpoints (`expose`).
  void Expose(const Instance& c);
  /// The instance id (or external name) `written` ("name" or "cluster/name") means on `from`;
  /// "" when there is none or several (reported at `loc`, with the `${cluster/...}` forms built
  /// from `ref_rest`, the rest of the reference).
  std::string Target(const Instance& from, const std::string& written, const Location& loc, const std::string& what,
                     const std::string& ref_rest = "");
  /// The endpoint `from` uses for `target.endpoint`; nullptr (reported at `loc`) when `target`
  /// runs on another cluster without an `expose` for it.
  const Endpoint* Address(const Instance& from, const std::string& target, const std::string& endpoint, const Location& loc);
  /// Checks a component or external name; reports at `loc` and returns false when unknown.
  bool KnownTarget(const std::string& name, const Location& loc, const std::string& what);
  /// The endpoint names of an instance or external.
  std::vector<std::string> EndpointNames(const std::string& target) const;

 private:
  std::vector<std::string> Targets() const;
  std::string RunsOn(const std::string& name) const;

  const Stack& stack_;
  Compiled* out_;
  Diags& diags_;
  const Document& doc_;
};

}  // namespace kalypso
