"""Turn the OpenAPI schema into plain structures a server-rendered page can show.

The documentation page needs no JavaScript and loads nothing from elsewhere, so it works under
the strict Content-Security-Policy and on closed municipal networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str = ""
    location: str = ""  # for parameters: path, query, header, cookie
    ref: str = ""  # schema name to link to, if the type is a component


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    request_body: list[Field]
    responses: list[Field]  # name = status code, type = schema


@dataclass(frozen=True)
class Component:
    name: str
    description: str
    properties: list[Field] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # for enums


@dataclass(frozen=True)
class Tag:
    name: str
    operations: list[Operation]


def ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.removeprefix(REF_PREFIX) if ref.startswith(REF_PREFIX) else ""


def type_label(schema: dict[str, Any] | None) -> str:
    """A short human label: "string (date)", "lijst van Person", "Person"."""
    if not schema:
        return ""
    if ref := ref_name(schema):
        return ref
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema:
            parts = [type_label(part) for part in schema[combiner]]
            return " | ".join(part for part in parts if part)
    kind = schema.get("type", "object")
    if kind == "array":
        return f"lijst van {type_label(schema.get('items'))}"
    label = f"{kind} ({schema['format']})" if "format" in schema else str(kind)
    if "enum" in schema:
        label += ": " + ", ".join(str(v) for v in schema["enum"] if v not in ("", None))
    if schema.get("nullable"):
        label += ", mag leeg zijn"
    return label


def first_ref(schema: dict[str, Any] | None) -> str:
    if not schema:
        return ""
    if ref := ref_name(schema):
        return ref
    if schema.get("type") == "array":
        return first_ref(schema.get("items"))
    for combiner in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(combiner, []):
            if ref := first_ref(part):
                return ref
    return ""


def _parameter(param: dict[str, Any]) -> Field:
    schema = param.get("schema", {})
    return Field(
        name=param["name"],
        type=type_label(schema),
        required=bool(param.get("required")),
        description=param.get("description", ""),
        location=param.get("in", ""),
        ref=first_ref(schema),
    )


def _body(operation: dict[str, Any]) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {})
    return [
        Field(
            name=media,
            type=type_label(item.get("schema")),
            required=True,
            ref=first_ref(item.get("schema")),
        )
        for media, item in content.items()
    ]


def _responses(operation: dict[str, Any]) -> list[Field]:
    result = []
    for status, response in operation.get("responses", {}).items():
        schemas = [item.get("schema") for item in response.get("content", {}).values()]
        schema = schemas[0] if schemas else None
        result.append(
            Field(
                name=str(status),
                type=type_label(schema),
                required=False,
                description=response.get("description", ""),
                ref=first_ref(schema),
            )
        )
    return result


def _operation(path: str, method: str, operation: dict[str, Any], shared: list) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        anchor=operation.get("operationId", f"{method}-{path}"),
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        parameters=[_parameter(p) for p in [*shared, *operation.get("parameters", [])]],
        request_body=_body(operation),
        responses=_responses(operation),
    )


def tags(schema: dict[str, Any]) -> list[Tag]:
    """Operations grouped by their first tag, in path order."""
    grouped: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                operation = item[method]
                tag = (operation.get("tags") or ["api"])[0]
                grouped.setdefault(tag, []).append(_operation(path, method, operation, shared))
    return [Tag(name, operations) for name, operations in sorted(grouped.items())]


def components(schema: dict[str, Any]) -> list[Component]:
    result = []
    for name, body in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(body.get("required", []))
        properties = [
            Field(
                name=prop,
                type=type_label(spec) + (", alleen lezen" if spec.get("readOnly") else ""),
                required=prop in required,
                # Model fields carry their Dutch verbose name as the title.
                description=spec.get("description") or spec.get("title", ""),
                ref=first_ref(spec),
            )
            for prop, spec in body.get("properties", {}).items()
        ]
        values = [str(v) for v in body.get("enum", []) if v not in ("", None)]
        result.append(Component(name, body.get("description", ""), properties, values))
    return result
