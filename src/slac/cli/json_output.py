"""`slac evaluate --format json`, a ticket at a time: byte for byte `json.dumps` of the
evaluation's `to_dict()` and a newline (docs/formats.md#slac-evaluate---format-json), written
without building the dicts.

`TicketText` is what `slac evaluate` writes its tickets through, whether one process writes
them or several (`slac.cli.commands._jobs`): the text before the first ticket, each ticket's
own text, what goes between two, and the text after the last. `JsonText` is the JSON one;
`slac.cli.csv_output.CsvText` the CSV one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TextIO

from slac.evaluation.results import (
    Encoding,
    Evaluation,
    JsonKeys,
    MetricResult,
    TicketResult,
    iso_z,
)


class TicketText(Protocol):
    """An output format written ticket by ticket, in output order."""

    separator: str  # between two tickets' texts
    tail: str  # after the last ticket

    def head(self, policy: str, at: int) -> str:
        """The text before the first ticket."""

    def ticket(self, result: TicketResult) -> str:
        """One ticket's text."""


def write_tickets(text: TicketText, tickets: Iterable[TicketResult], out: TextIO) -> None:
    """Each ticket's text, `text.separator` between two, one `write` each (no head or tail)."""
    write, ticket, separator = out.write, text.ticket, text.separator
    between = ""
    for result in tickets:
        write(between + ticket(result))
        between = separator


def write_json(evaluation: Evaluation, out: TextIO) -> None:
    """Exactly `json.dumps(evaluation.to_dict())` and a newline, written ticket by ticket."""
    text = JsonText()
    out.write(text.head(evaluation.policy, evaluation.at))
    write_tickets(text, evaluation.tickets, out)
    out.write(text.tail)


class JsonText:
    """`json.dumps(x.to_dict())` of tickets and metric results, without building the dicts.

    Half the JSON stage was building a dict per metric for `json.dumps` to take apart again.
    The writers are made from the `JSON` declarations of the result classes, the ones
    `to_dict` follows (a test holds the two byte for byte); names, states and targets repeat,
    so each is encoded once. `ticket_keys`: a ticket's keys, for a result class that adds some
    (a desk's `DeskTicketResult`).
    """

    separator = ", "  # between two items of a JSON list, as `json.dumps` writes it
    tail = "]}\n"

    def __init__(self, ticket_keys: JsonKeys = TicketResult.JSON) -> None:
        self._strings: dict[str | None, str] = {None: "null"}
        self.encoders: dict[Encoding, Callable[[Any], str]] = {
            "name": self.string,
            "text": _encode_string,
            "number": _number,
            "decimal": _number,
            "instant": _instant,
        }
        self.metric = self._writer(MetricResult.JSON)
        # A ticket's `items` are its metric results, written by the writer above.
        self.encoders["items"] = self.metric
        self.ticket = self._writer(ticket_keys)

    def head(self, policy: str, at: int) -> str:
        """The evaluation's keys before its tickets, up to the list's opening bracket."""
        *keys, (items, _) = Evaluation.JSON  # the tickets come last, streamed
        values = {"policy": policy, "at": at}
        pairs = "".join(
            f"{json.dumps(key)}: {self.encoders[encoding](values[key])}, " for key, encoding in keys
        )
        return f"{{{pairs}{json.dumps(items)}: ["

    def string(self, value: str | None) -> str:
        """A repeating string (or None) as JSON, encoded once."""
        encoded = self._strings.get(value)
        if encoded is None:
            encoded = self._strings[value] = json.dumps(value)
        return encoded

    def _writer(self, keys: JsonKeys) -> Callable[[Any], str]:
        """One result as JSON: a function made from its keys, as attrs and dataclasses make
        theirs. The same thing written with a loop over the keys (a template filled by
        `map`) took 65% longer, and this stage writes a million results at 10^6 events."""
        parts = ", ".join(
            f"{json.dumps(key)}: "
            + (
                f'[{{", ".join([_{i}(item) for item in result.{key}])}}]'
                if encoding == "items"
                else f"{{_{i}(result.{key})}}"
            )
            for i, (key, encoding) in enumerate(keys)
        )
        namespace: dict[str, Any] = {f"_{i}": self.encoders[e] for i, (_, e) in enumerate(keys)}
        # Keys and encodings are the constants of the result classes, never input.
        exec(f"def write(result):\n    return f'{{{{{parts}}}}}'", namespace)
        write: Callable[[Any], str] = namespace["write"]
        return write


_encode_string = json.encoder.encode_basestring_ascii  # what `json.dumps` uses for a str


def _number(value: int | None) -> str:
    if value is None:
        return "null"
    return str(value) if value.__class__ is int else json.dumps(value)


def _instant(t: int | None) -> str:
    return "null" if t is None else f'"{iso_z(t)}"'  # ISO text needs no escaping
