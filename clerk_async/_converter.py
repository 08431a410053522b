"""Structuring Clerk's JSON into the models, and back, in two namings.

The *wire* naming reads and writes the snake_case names Clerk's HTTP API
uses; the *camel* naming reads and writes the camelCase names that Clerk's
JavaScript SDK prints. For each naming, every model's structure function is
generated once, the first time the model is needed, and cached for good; the
calls' decoders are built when the resource modules are imported.

The public :func:`structure` and :func:`unstructure` go through one cattrs
converter per naming, which dispatches lists, tuples and nested models and
uses the same generated structure functions. The converters are built once,
on the first call of either function: a client that never calls them does
not import cattrs at all, which keeps start-up short.

Decoding is lenient by design, because real answers drift from the spec:

- a missing attribute takes the model's default;
- ``null`` where a model has a non-None default also takes that default;
- unknown keys are ignored;
- scalar values are kept as they arrive, so an unknown enumeration value
  stays a plain string and timestamps stay integers.
"""

from __future__ import annotations

import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

import attrs

if TYPE_CHECKING:
    import cattrs

__all__ = ["decoder", "structure", "unstructure"]

T = TypeVar("T")

_Hook = Callable[..., Any]
"""A generated structure function: ``(data, type=None) -> model``."""
_Factory: type[Any] = attrs.Factory  # type: ignore[assignment] # a class at run time


def camel_name(field: attrs.Attribute[Any]) -> str:
    """The JavaScript SDK's name for a field: its metadata's, else camelCase."""
    explicit: str | None = field.metadata.get("camel")
    if explicit is not None:
        return explicit
    head, *rest = field.name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _optional_parts(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, ``(tp, False)`` otherwise."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(members) == 1:
            return members[0], True
    return tp, False


class _Naming:
    """Structure functions, and on demand a cattrs converter, for one naming."""

    def __init__(self, camel: bool) -> None:
        self.camel = camel
        self._structurers: dict[type[Any], _Hook] = {}
        self._converter: cattrs.Converter | None = None
        self._lock = threading.Lock()

    def structurer(self, cls: type[Any]) -> _Hook:
        """The generated function that builds ``cls`` from a dict."""
        function = self._structurers.get(cls)
        if function is None:
            function = self._structurers[cls] = self._structure_fn(cls)
        return function

    @property
    def converter(self) -> cattrs.Converter:
        """The cattrs converter of this naming, built on first use."""
        if self._converter is None:
            with self._lock:
                if self._converter is None:
                    self._converter = self._build_converter()
        return self._converter

    def _build_converter(self) -> cattrs.Converter:
        import cattrs

        converter = cattrs.Converter(detailed_validation=False)
        converter.register_structure_hook_factory(attrs.has, self.structurer)
        converter.register_unstructure_hook_factory(attrs.has, self._unstructure_fn)
        return converter

    def _name(self, field: attrs.Attribute[Any]) -> str | None:
        if not self.camel:
            return None
        name = camel_name(field)
        return None if name == field.name else name

    def _value_code(self, tp: Any, names: dict[str, Any]) -> str:
        """Code that structures the non-None value ``v`` of type ``tp``."""
        if attrs.has(tp):
            return f"{self._hook_name(tp, names)}(v)"
        if typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            if attrs.has(item):
                hook = self._hook_name(item, names)
                return f"tuple(map({hook}, v))"
            return "tuple(v)"
        return "v"

    def _hook_name(self, cls: type[Any], names: dict[str, Any]) -> str:
        name = f"_structure_{cls.__name__}"
        names[name] = self.structurer(cls)
        return name

    def _structure_fn(self, cls: type[Any]) -> _Hook:
        """Generate, once, the function that builds ``cls`` from a dict.

        Each attribute costs one ``dict.get`` and a None test; scalar values
        are taken as they are, nested models go through their own generated
        functions, and the class is called with positional arguments (far
        cheaper than keywords for wide classes). This is the per-call hot
        path, hence code generation rather than a chain of small hooks.
        """
        names: dict[str, Any] = {"__cls": cls}
        arguments = []
        for index, field in enumerate(attrs.fields(cls)):
            key = repr(self._name(field) or field.name)
            tp, _ = _optional_parts(field.type)
            value = self._value_code(tp, names)
            default = field.default
            if default is attrs.NOTHING:
                code = (
                    f"(v := o[{key}])"
                    if value == "v"
                    else f"((v := o[{key}]), {value})[1]"
                )
            elif default is None and value == "v":
                code = f"get({key})"
            else:
                if isinstance(default, _Factory):
                    names[f"_default_{index}"] = default.factory
                    fallback = f"_default_{index}()"
                else:
                    names[f"_default_{index}"] = default
                    fallback = f"_default_{index}"
                code = f"{fallback} if (v := get({key})) is None else {value}"
            arguments.append(f"        {code},  # {field.name}")
        source = "\n".join(
            [
                f"def structure_{cls.__name__}(o, _=None):",
                "    get = o.get",
                "    return __cls(",
                *arguments,
                "    )",
            ]
        )
        namespace = dict(names)
        filename = f"<clerk_async structure {cls.__qualname__}>"
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own code
        function: _Hook = namespace[f"structure_{cls.__name__}"]
        return function

    def _unstructure_value(self, tp: Any) -> Callable[[Any], Any]:
        tp, optional = _optional_parts(tp)
        inner: Callable[[Any], Any]
        if attrs.has(tp):
            inner = self.converter.get_unstructure_hook(tp)
        elif typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            if attrs.has(item):
                item_hook = self.converter.get_unstructure_hook(item)
                inner = lambda value: [item_hook(x) for x in value]  # noqa: E731
            else:
                inner = list
        elif tp is Mapping or typing.get_origin(tp) is Mapping:
            inner = dict
        else:
            return lambda value: value
        if optional:
            return lambda value: None if value is None else inner(value)
        return inner

    def _unstructure_fn(self, cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        from cattrs.gen import make_dict_unstructure_fn, override

        overrides: dict[str, Any] = {
            field.name: override(
                rename=self._name(field),
                unstruct_hook=self._unstructure_value(field.type),
            )
            for field in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, self.converter, **overrides)


_wire = _Naming(camel=False)
_camel = _Naming(camel=True)


_camel_keys_of: dict[type[Any], frozenset[str]] = {}


def _camel_keys(cls: type[Any]) -> frozenset[str]:
    """The keys that only the camelCase shape of ``cls`` uses (cached)."""
    keys = _camel_keys_of.get(cls)
    if keys is None:
        keys = _camel_keys_of[cls] = frozenset(
            name
            for field in attrs.fields(cls)
            if (name := camel_name(field)) != field.name
        )
    return keys


def _model_of(cls: Any) -> type[Any] | None:
    if attrs.has(cls):
        return typing.cast("type[Any]", cls)
    args = typing.get_args(cls)
    if typing.get_origin(cls) in (list, tuple) and args and attrs.has(args[0]):
        return typing.cast("type[Any]", args[0])
    return None


def _looks_camel(data: Any, cls: Any) -> bool:
    model = _model_of(cls)
    if model is None:
        return False
    if isinstance(data, list):
        data = data[0] if data else None
    if not isinstance(data, dict):
        return False
    return not _camel_keys(model).isdisjoint(data)


def structure(data: Any, cls: type[T]) -> T:
    """Build ``cls`` (a model, or ``list[Model]``) from decoded JSON.

    ``data`` may use the wire's snake_case names or the camelCase names that
    Clerk's JavaScript SDK prints; both give equal objects. The shape is told
    from the keys of the (first) object.
    """
    converter = _camel if _looks_camel(data, cls) else _wire
    return converter.converter.structure(data, cls)


def unstructure(obj: Any, *, camel: bool = False) -> Any:
    """The JSON-ready form of a model (or a list of models).

    Snake_case wire names by default; ``camel=True`` gives the names of
    Clerk's JavaScript SDK. Metadata mappings are copied as they are: their
    keys are the application's own and are never renamed.
    """
    return (_camel if camel else _wire).converter.unstructure(obj)


def decoder(cls: type[T]) -> Callable[[Any], T]:
    """A fast function from a wire-shaped JSON object to ``cls``.

    The generated structure function is looked up once, here, so each call
    costs only the structuring itself.
    """
    hook = _wire.structurer(cls)

    def decode(data: Any) -> T:
        if data.__class__ is not dict:
            raise TypeError(f"expected a JSON object, got {type(data).__name__}")
        result: T = hook(data)
        return result

    return decode


def list_decoder(cls: type[T]) -> Callable[[Any], list[T]]:
    """A fast function from a JSON array of wire-shaped objects to a list."""
    hook = _wire.structurer(cls)

    def decode(data: Any) -> list[T]:
        if data.__class__ is not list:
            raise TypeError(f"expected a JSON array, got {type(data).__name__}")
        return list(map(hook, data))

    return decode
