"""JSON Schema validators for the spec's component schemas.

Clerk's spec is OpenAPI 3.0, whose schema dialect differs from JSON Schema:
``nullable: true`` stands for "or null", ``discriminator``, ``example`` and
``x-*`` keys are annotations, and ``$ref`` points into
``components/schemas``. :class:`SpecSchemas` translates the components once
into a Draft 2020-12 ``$defs`` table and hands out validators for them.
"""

from __future__ import annotations

from typing import Any

import jsonschema

_COMPOSITIONS = ("oneOf", "anyOf", "allOf")
_OPENAPI_ONLY = {"discriminator", "example", "xml", "externalDocs", "nullable"}
_REF_PREFIX = "#/components/schemas/"


def translate(schema: Any) -> Any:
    """Translate one OpenAPI 3.0 schema, and every schema in it, to 2020-12."""
    if isinstance(schema, list):
        return [translate(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        # OpenAPI 3.0 ignores the siblings of a $ref.
        return {"$ref": "#/$defs/" + schema["$ref"].removeprefix(_REF_PREFIX)}

    translated: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _OPENAPI_ONLY or key.startswith("x-"):
            continue
        if key == "properties":
            # Property names are data, never keywords.
            translated[key] = {name: translate(sub) for name, sub in value.items()}
        elif key == "enum":
            translated[key] = list(value)
        else:
            translated[key] = translate(value)
    if not schema.get("nullable"):
        return translated

    if any(key in translated for key in _COMPOSITIONS):
        return {"anyOf": [{"type": "null"}, translated]}
    if "type" in translated:
        translated["type"] = [translated["type"], "null"]
    if "enum" in translated:
        translated["enum"] = [*translated["enum"], None]
    return translated


class SpecSchemas:
    """The spec's component schemas, translated once, as validators.

    Args:
        spec: The parsed OpenAPI document.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self._definitions = {
            name: translate(schema)
            for name, schema in spec["components"]["schemas"].items()
        }
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}
        jsonschema.Draft202012Validator.check_schema(self._schema("User"))

    def _schema(self, name: str) -> dict[str, Any]:
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$defs": self._definitions,
            "$ref": f"#/$defs/{name}",
        }

    def validator(self, name: str) -> jsonschema.Draft202012Validator:
        """A validator for the component schema ``name``, such as ``User``."""
        if name not in self._validators:
            self._validators[name] = jsonschema.Draft202012Validator(self._schema(name))
        return self._validators[name]
