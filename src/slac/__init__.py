"""slac: Service Level Agreements as code.

`slac.load(path)` / `slac.loads(text)` give a compiled `slac.ir.Policy` (or raise
`slac.PolicyError` with the diagnostics). They are imported on first use, so `import slac` stays
cheap for the command line.
"""

_LAZY = {"load": "slac.loader", "loads": "slac.loader", "PolicyError": "slac.loader"}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'slac' has no attribute {name!r}")
