// Kind `helm`: any chart. The stack gives the coordinates (chart: name, repo, version) and
// the Services it exports, with "{fullname}" and "{release}" standing for the chart's names.
local helm = import 'helm.libsonnet';
local subst(s, fullname, release) = std.strReplace(std.strReplace(s, '{fullname}', fullname), '{release}', release);
{
  description: 'Any Helm chart: coordinates and exported Services given in the stack',
  charts: [{ name: '', repo: '', version: '', values: {} }],
  instance(c):: {
    local chartName = if std.isString(std.get(c.chart, 'name', null)) then c.chart.name else c.release,
    // The common fullname helper with the chart's own name (see helm.libsonnet).
    local fullname = helm.fullname(chartName, c.release, c.values),
    charts: [{ release: c.release }],
    exports: {
      [e]: {
        service: subst(if std.isString(std.get(c.exports[e], 'service', null)) then c.exports[e].service else '{fullname}', fullname, c.release),
        port: std.get(c.exports[e], 'port', 0),
        scheme: std.get(c.exports[e], 'scheme', 'http'),
        path: std.get(c.exports[e], 'path', ''),
      }
      for e in std.objectFields(c.exports)
      if std.isObject(c.exports[e])
    },
  },
}
