// Helm naming rules shared by the stdlib kinds: most charts copy the same `fullname`
// helper, so each kind states which name it uses and where the overrides live.
{
  // Helm's `trunc N | trimSuffix "-"`.
  trunc(s, n=63)::
    local cut = if std.length(s) > n then std.substr(s, 0, n) else s;
    if std.endsWith(cut, '-') then std.substr(cut, 0, std.length(cut) - 1) else cut,

  // The common `<chart>.fullname` helper:
  //   fullnameOverride                       -> it, truncated
  //   name = nameOverride or the chart's name
  //   release name contains name (substring) -> release
  //   otherwise                              -> release + "-" + name
  // `overrides` is the object holding fullnameOverride/nameOverride in the user's values.
  fullname(name, release, overrides={}, n=63)::
    local o = if std.isObject(overrides) then overrides else {};
    local fo = std.get(o, 'fullnameOverride', '');
    local no = std.get(o, 'nameOverride', '');
    local nm = if std.isString(no) && no != '' then no else name;
    if std.isString(fo) && fo != '' then self.trunc(fo, n)
    else if std.length(std.findSubstr(nm, release)) > 0 then self.trunc(release, n)
    else self.trunc(release + '-' + nm, n),

  // Reads an object at `path` (array of keys) in the user's values, {} when absent.
  at(values, path)::
    std.foldl(function(acc, k) if std.isObject(acc) then std.get(acc, k, {}) else {}, path, values),
}
