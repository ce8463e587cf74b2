"""An open task as stored: the engine's :class:`TaskRecord` to the task row and back.

The row keeps the task's step memory and the planner's state in two JSON columns, in a
versioned format (``TASK_FORMAT_VERSION``)::

    memory:        {"version": 2, "entries": [<PlanEntry or Note as JSON>, ...]}
    planner_state: {"version": 2, "state": {<the planner's own JSON object>}}

Version 1 (servers before the format had a number) stored the bare list of entries and
the bare planner object; such a row is migrated when read (its entries are checked like
any other). A row in any other shape, or of a version this server does not know (a newer
server wrote it), is not guessed at: :func:`to_record` raises :class:`TaskUnreadable`
naming what it found.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from leflux.agent.memory import MemoryEntry
from leflux.agent.ports import TaskRecord
from leflux.errors import TaskUnreadable
from leflux.storable import json_copy
from leflux.storage.rows import TaskRow

TASK_FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

_ENTRIES = TypeAdapter(list[MemoryEntry])


def task_values(task: TaskRecord) -> dict[str, Any]:
    """The row's columns for ``task``, memory and planner state in the current format."""
    return {"goal": task.goal, "state": task.state, "plans_sent": task.plans_sent,
            **_memory_columns(task.memory, task.planner_state)}


def new_task_columns() -> dict[str, Any]:
    """The memory and planner_state columns of a task just opened."""
    return _memory_columns([], {})


def _memory_columns(memory: list[MemoryEntry], planner_state: dict[str, Any]
                    ) -> dict[str, Any]:
    return {
        "memory": {"version": TASK_FORMAT_VERSION, "entries": [m.to_json() for m in memory]},
        # A copy: the engine goes on changing its record after the write is queued.
        "planner_state": {"version": TASK_FORMAT_VERSION,
                          "state": json_copy(planner_state)},
    }


def to_record(row: TaskRow) -> TaskRecord:
    """The engine's record of a stored task (a version-1 row migrated on the way)."""
    entries, planner_state = read_stored(row.memory, row.planner_state, row.id)
    return TaskRecord(
        task_id=row.id, goal=row.goal, state=row.state,  # type: ignore[arg-type]
        plans_sent=row.plans_sent, memory=entries, planner_state=planner_state,
    )


def read_stored(memory: Any, planner_state: Any,
                task_id: str) -> tuple[list[MemoryEntry], dict[str, Any]]:
    """The typed entries and the planner's state of a row's two columns."""
    version, raw_entries = _unwrap_memory(memory, task_id)
    state = _unwrap_planner_state(planner_state, version, task_id)
    return _entries(raw_entries, version, task_id), json_copy(state)


def stored_entries(memory: Any, task_id: str) -> list[MemoryEntry]:
    """A stored task's memory entries, typed, for reading (the owner's console): the
    planner's state is not needed there, nor asked to be readable."""
    version, raw_entries = _unwrap_memory(memory, task_id)
    return _entries(raw_entries, version, task_id)


def _unwrap_memory(memory: Any, task_id: str) -> tuple[int, Any]:
    """(format version, the entries as stored) of the memory column."""
    if isinstance(memory, list):
        return 1, memory  # version 1: the bare list
    if not isinstance(memory, dict) or "version" not in memory:
        raise TaskUnreadable(task_id, f"the memory is a {type(memory).__name__} with no "
                             "format version")
    version = memory["version"]
    if version != TASK_FORMAT_VERSION:
        raise TaskUnreadable(task_id, f"format version {version!r} is not one this server "
                             f"reads ({', '.join(map(str, READABLE_VERSIONS))})")
    if set(memory) != {"version", "entries"}:
        raise TaskUnreadable(task_id, f"version {version}: the memory has the keys "
                             f"{sorted(memory)}, not ['entries', 'version']")
    return version, memory["entries"]


def _unwrap_planner_state(planner_state: Any, version: int, task_id: str) -> dict[str, Any]:
    """The planner's object of the planner_state column, in the row's format version."""
    if version == 1:
        state = planner_state
    elif (isinstance(planner_state, dict) and planner_state.get("version") == version
            and set(planner_state) == {"version", "state"}):
        state = planner_state["state"]
    else:
        raise TaskUnreadable(task_id, f"version {version}: the planner state is not in "
                             "its envelope {version, state}")
    if not isinstance(state, dict):
        raise TaskUnreadable(task_id, f"version {version}: the planner state is a "
                             f"{type(state).__name__}, not a JSON object")
    return state


def _entries(raw: Any, version: int, task_id: str) -> list[MemoryEntry]:
    try:
        return _ENTRIES.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise TaskUnreadable(task_id, f"version {version}: memory entry {where}: "
                             f"{first['msg']}") from None
