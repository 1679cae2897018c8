"""What every format's `read` is given besides its files: the map file and the options."""

from __future__ import annotations

import attrs

from slac.importers.mapfile import MapFile


@attrs.frozen
class Settings:
    mapping: MapFile = attrs.field(factory=MapFile)
    map_path: str | None = None
    join: str | None = None
