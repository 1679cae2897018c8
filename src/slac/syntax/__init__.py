"""The `.sla` front end: grammar and parser, syntax tree, builder, syntax-error diagnostics.

`slac.loader` is the entry point most code wants; `slac.syntax.nodes` is the tree the checks and
the compiler walk.
"""
