// Kind `helm`: any chart. The stack gives the coordinates (chart: name, repo, version) and
// the Services it exports, with "{fullname}" (the common fullname helper over the chart's
// name and the release, see compiler/naming.cc), "{release}" and "{values.PATH}".
{
  description: 'Any Helm chart: coordinates and exported Services given in the stack',
  charts: [{ name: '', repo: '', version: '', values: {} }],
}
