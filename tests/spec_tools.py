"""Helpers to walk the OpenAPI specs in openapi/: operations, examples, and schema validation."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from jsonschema_path import SchemaPath
from openapi_schema_validator import OAS31Validator

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"reduct": ROOT / "openapi" / "reduct.yaml", "storage": ROOT / "openapi" / "storage.yaml"}
PACKAGES = {"reduct": "storage_sdk_gen_reduct", "storage": "storage_sdk_gen_storage"}
METHODS = ("get", "head", "post", "put", "patch", "delete")


@cache
def load(name: str) -> dict[str, Any]:
    with SPECS[name].open() as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow a local $ref (one level at a time until a non-ref node)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Operation:
    spec_name: str
    method: str
    path: str
    operation_id: str
    tag: str
    body: dict[str, Any]

    @property
    def module(self) -> ModuleType:
        package = PACKAGES[self.spec_name]
        return importlib.import_module(f"{package}.api.{self.tag}.{snake(self.operation_id)}")

    def responses(self) -> dict[str, dict[str, Any]]:
        spec = load(self.spec_name)
        return {code: resolve(spec, r) for code, r in self.body["responses"].items()}


def operations(name: str) -> list[Operation]:
    spec = load(name)
    ops = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                ops.append(Operation(name, method, path, op["operationId"], op["tags"][0], op))
    return ops


def media_examples(media: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for key, ex in media.get("examples", {}).items():
        yield key, ex["value"]


def response_examples(op: Operation) -> Iterator[tuple[str, str, Any, dict[str, Any]]]:
    """(status, example name, example value, schema) for every JSON response example."""
    for code, response in op.responses().items():
        for media_type, media in response.get("content", {}).items():
            if media_type == "application/json":
                for key, value in media_examples(media):
                    yield code, key, value, media["schema"]


def request_examples(op: Operation) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    body = resolve(load(op.spec_name), op.body.get("requestBody"))
    if not body:
        return
    for media_type, media in body["content"].items():
        if media_type == "application/json":
            for key, value in media_examples(media):
                yield key, value, media["schema"]


def validator(name: str, schema: dict[str, Any]) -> OAS31Validator:
    """A validator for a (possibly $ref) schema of the given spec, with refs resolvable."""
    spec = load(name)
    wrapped = {**schema, "components": spec["components"]}
    return OAS31Validator(wrapped, format_checker=OAS31Validator.FORMAT_CHECKER)


@cache
def spec_path(name: str) -> SchemaPath:
    return SchemaPath.from_file_path(str(SPECS[name]))
