"""A real editor against `slac lsp`: headless Neovim loads `editors/nvim/slac.lua`, opens a
policy, and reads the server's diagnostics and a hover back (`tests/nvim_probe.lua`).

Skipped where Neovim is not installed; `.ci/run` installs it with apt-get where it can.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_lsp_server import TYPO

ROOT = Path(__file__).resolve().parent.parent
NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed")
def test_neovim_shows_the_diagnostics_and_hover_of_slac_lsp(tmp_path: Path) -> None:
    assert NVIM is not None
    policy = tmp_path / "demo.sla"
    policy.write_text(TYPO, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "SLAC_NVIM_OUT": str(out),
        # Neovim's LSP log and state go there, not to the home folder.
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path),
    }
    command = [
        NVIM,
        "--headless",
        "--clean",
        "-n",
        "-i",
        "NONE",
        "-c",
        f"luafile {ROOT / 'editors' / 'nvim' / 'slac.lua'}",
        "-c",
        f"edit {policy}",
        "-c",
        f"luafile {ROOT / 'tests' / 'nvim_probe.lua'}",
    ]
    subprocess.run(command, env=env, cwd=tmp_path, timeout=120, check=True, capture_output=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["waited"] is True
    found = [
        (d["code"], d["lnum"], d["col"], d["end_col"], d["severity"]) for d in result["diagnostics"]
    ]
    # Neovim's severities: 1 error, 2 warning. Positions 0-based, as in tests/test_lsp_server.py.
    assert found == [("W602", 6, 8, 14, 2), ("E102", 8, 19, 25, 1)]
    assert (
        result["diagnostics"][1]["message"]
        == "unknown field `regoin`\nhelp: did you mean `region`?"
    )
    assert result["hover"] == "`resolution` for `P2`: 3 working days = 24h on `uk` (8h day)"
