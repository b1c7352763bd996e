# Written by the Pact harness. It calls one contract function with no test
# framework loaded and records what came of it as JSON. It never sees the
# expected result: the harness compares outside this process, so nothing the
# implementation patches here can make a wrong result pass.
import sys

ARGV = list(sys.argv)

import asyncio
import dataclasses
import enum
import importlib
import inspect
import json
import math
import numbers
import os

# Taken before the implementation is imported: its import-time code may
# replace module attributes, not these references.
DUMPS = json.dumps
OPEN = open
MAX_DEPTH = 100


class Unrenderable(Exception):
    pass


def render(value, depth=0):
    if depth > MAX_DEPTH:
        raise Unrenderable("the result nests deeper than %d levels" % MAX_DEPTH)
    deeper = depth + 1
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return render(value.value, deeper)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise Unrenderable("the result holds %r, which JSON cannot carry" % number)
        return number
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: render(getattr(value, f.name), deeper) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [render(item, deeper) for item in value]
    if isinstance(value, (set, frozenset)):
        items = [render(item, deeper) for item in value]
        return sorted(items, key=lambda item: DUMPS(item, sort_keys=True))
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, enum.Enum):
                key = key.value
            if not isinstance(key, str):
                raise Unrenderable("the result has a %s key, which JSON cannot carry" % type(key).__name__)
            out[key] = render(item, deeper)
        return out
    dump = getattr(type(value), "model_dump", None)
    if callable(dump):
        return render(dump(value), deeper)
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict):
        return {k: render(v, deeper) for k, v in fields.items() if not k.startswith("_")}
    raise Unrenderable("the result is a %s, which has no JSON rendering" % type(value).__name__)


def error_names(kind):
    names = []
    for cls in getattr(kind, "__mro__", (kind,)):
        names.append(getattr(cls, "__name__", str(cls)))
        module = getattr(cls, "__module__", "")
        if module:
            names.append("%s.%s" % (module, getattr(cls, "__qualname__", cls.__name__)))
    return names


def main():
    call_path, result_path = ARGV[1], ARGV[2]

    def write(document):
        with OPEN(result_path, "w", encoding="utf-8") as out:
            out.write(DUMPS(document, ensure_ascii=False, allow_nan=False))

    with OPEN(call_path, encoding="utf-8") as source:
        call = json.load(source)
    sys.path.extend(p for p in os.environ.get("PACT_IMPORT_PATH", "").split(os.pathsep) if p)
    try:
        module = importlib.import_module(call["module"])
        function = getattr(module, call["function"])
    except BaseException as error:
        write({"outcome": "unavailable", "detail": "%s: %s" % (type(error).__name__, error)})
        return
    args = [slot["value"] for slot in call["args"]]
    keywords = dict(call["keywords"])
    try:
        result = function(*args, **keywords)
        if inspect.isawaitable(result):
            async def settle():
                return await result
            result = asyncio.run(settle())
    except BaseException as error:
        write({"outcome": "raised", "types": error_names(type(error)), "detail": str(error)[:500]})
        return
    try:
        value = render(result)
    except Unrenderable as why:
        write({"outcome": "unrenderable", "detail": str(why)})
        return
    write({"outcome": "returned", "value": value})


main()
