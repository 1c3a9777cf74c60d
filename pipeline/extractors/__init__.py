"""The extraction rules, one package per kind of output, each a pure `Doc -> rows` core.

They live here, not at `pipeline.entities` etc., so that the API functions
`pipeline.entities(...)`, `pipeline.quantities(...)`, `pipeline.attributions(...)`
are never shadowed by a submodule import.
"""
