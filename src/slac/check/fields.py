"""Fields and conditions: defaults a field can take (E204), and every condition's field and values
(E102 unknown field, E103 unknown enumeration value, E201-E203 types).

Value rules (decided here: docs/semantics.md#checks): a bool field takes `true`/`false`; an
enumeration takes one of its values, bare (`deployment == cloud`) or quoted; a text field takes
quoted strings only (`cause == "client_configuration"`), so a bare name always reads as an
enumeration value and a typo'd field type shows up as an error instead of a silent mismatch.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.check.context import Context, atoms, conditions, error
from slac.check.resolve import not_a_value
from slac.check.world import quoted
from slac.diagnostics import Diagnostic
from slac.syntax import nodes


def check_field_defaults(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for field in module.policy.of(nodes.Field):
        if field.default is not None:
            problem = value_problem(field, field.default)
            if problem is not None:
                message, help = problem
                yield error(
                    "E204",
                    f"invalid default for `{field.name.text}`: {message}",
                    field.default.span,
                    help,
                )


def check_conditions(module: nodes.Module, ctx: Context) -> Iterator[Diagnostic]:
    for condition in conditions(module.policy):
        for atom in atoms(condition):
            field = ctx.fields.get(atom.field.text)
            if field is None:
                continue  # E102, from the name resolution
            if isinstance(atom, nodes.IsTrue):
                if field.kind != "bool":
                    yield error(
                        "E203",
                        f"`{field.name.text}` is {_kind_words(field)}, not a bool, and cannot be a condition on its own",
                        atom.field.span,
                        help=f"compare it with a value, e.g. `{field.name.text} == {_example(field)}`",
                    )
            elif field.kind == "bool" and atom.op in ("in", "not in"):
                yield error(
                    "E202",
                    f"`{atom.op}` over the bool field `{field.name.text}`",
                    atom.span,
                    help=f"write `{field.name.text}` or `not {field.name.text}`",
                )
            else:
                for value in atom.values:  # an undeclared value is E103, from name resolution
                    problem = type_problem(field, value)
                    if problem is not None:
                        yield error("E201", problem[0], value.span, problem[1])


def value_problem(field: nodes.Field, value: nodes.Value) -> tuple[str, str] | None:
    """(message, help) when `field` can never hold `value` (its type, or not one of its values)."""
    if field.kind == "enum" and value.kind != "bool":
        return not_a_value(str(value.value), field)
    return type_problem(field, value)


def type_problem(field: nodes.Field, value: nodes.Value) -> tuple[str, str] | None:
    """(message, help) for E201 when `value` has the wrong type for `field`, else None."""
    name = field.name.text
    shown = _shown(value)
    if field.kind == "bool":
        if value.kind != "bool":
            return f"`{name}` is a bool field and cannot be {shown}", "use `true` or `false`"
        return None
    if field.kind == "text":
        if value.kind != "string":
            help = (
                f'write a quoted string: `"{value.value}"`'
                if value.kind == "name"
                else "write a quoted string"
            )
            return f"`{name}` is a text field and cannot be {shown}", help
        return None
    if value.kind == "bool":
        return (
            f"`{name}` is an enumeration and cannot be {shown}",
            f"its values are {_listing(field)}",
        )
    return None


def _shown(value: nodes.Value) -> str:
    if value.kind == "string":
        return f'the string `"{value.value}"`'
    if value.kind == "bool":
        return f"`{'true' if value.value else 'false'}`"
    return f"`{value.value}`"


def _listing(field: nodes.Field) -> str:
    return quoted(v.text for v in field.values)


def _kind_words(field: nodes.Field) -> str:
    return "an enumeration" if field.kind == "enum" else "a text field"


def _example(field: nodes.Field) -> str:
    return field.values[0].text if field.values else '"..."'
