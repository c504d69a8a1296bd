// Returns the list of components instead of the stack object.
[
  { kind: 'grafana' },
  { kind: 'mimir' },
]
