"""Task functions named by import path, so a job row or a queue message can name them."""

import importlib
from collections.abc import Callable


def task_path(task: Callable | str) -> str:
    """'package.module:function' for a module-level function (or the path itself)."""
    if isinstance(task, str):
        resolve_task(task)
        return task
    qualname = getattr(task, "__qualname__", "")
    if "." in qualname or "<" in qualname:
        raise ValueError(f"{task!r} is not a module-level function")
    return f"{task.__module__}:{qualname}"


def resolve_task(path: str) -> Callable:
    """The function named by 'package.module:function'."""
    module_name, _sep, name = path.partition(":")
    if not module_name or not name:
        raise ValueError(f"bad task path {path!r}: expected 'package.module:function'")
    function = getattr(importlib.import_module(module_name), name, None)
    if not callable(function):
        raise ValueError(f"no task function at {path!r}")
    return function
