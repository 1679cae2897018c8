"""What every format's `read` is given besides its files (the map file and the options), and
what every format's reader holds."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from slac.importers.mapfile import MapFile
from slac.importers.notes import Notes
from slac.importers.spool import Spool
from slac.importers.vocab import vocabularies


@attrs.frozen
class Settings:
    mapping: MapFile = attrs.field(factory=MapFile)
    map_path: str | None = None
    join: str | None = None


class FormatReader:
    """What every format's reader holds: the map, the notes, the spool and its vocabularies
    (each format's defaults under the map file's tables of the same names)."""

    def __init__(
        self, settings: Settings, notes: Notes, spool: Spool, **defaults: Mapping[str, str]
    ) -> None:
        self.mapping, self.notes, self.spool = settings.mapping, notes, spool
        self.vocab = vocabularies(settings.mapping.values, **defaults)
