"""Structured logs: structlog, JSON unless stderr is a terminal, with bound context.

Context (event id, trace id, subject, …) is bound with :func:`bound_log_context` around a unit of
work and appears on every line logged inside it, including lines from the standard library's
``logging`` (uvicorn, aiokafka, FastStream), which is routed through the same renderer.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

LogFields = Callable[[], Mapping[str, object]]
_lazy_fields: ContextVar[LogFields | None] = ContextVar("jobpeak_lazy_log_fields", default=None)


def configure_logging(*, level: str = "INFO", json: bool | None = None) -> None:
    """Configure structlog and the root logger once, at start-up (never at import time)."""
    render_json = not sys.stderr.isatty() if json is None else json
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        merge_lazy_log_context,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.add_logger_name,
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer() if render_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Per-record chatter of the Kafka libraries would drown the service's own lines.
    for noisy in ("aiokafka", "faststream", "faststream.access.kafka"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger


@contextmanager
def bound_log_context(**values: object) -> Iterator[None]:
    """Bind ``values`` (``None`` ones are left out) to every log line inside the block."""
    with structlog.contextvars.bound_contextvars(
        **{key: value for key, value in values.items() if value is not None}
    ):
        yield


@contextmanager
def lazy_log_context(fields: LogFields) -> Iterator[None]:
    """Like :func:`bound_log_context`, but ``fields()`` is called only when a line is logged.

    For a block that seldom logs and runs thousands of times a second (a consumed record):
    binding costs one context variable instead of building and binding every value (issue 19,
    B1). Values bound with :func:`bound_log_context` win over these; an inner block's fields
    replace an outer one's.
    """
    token = _lazy_fields.set(fields)
    try:
        yield
    finally:
        _lazy_fields.reset(token)


def merge_lazy_log_context(
    logger: WrappedLogger, method_name: str, event_dict: EventDict
) -> EventDict:
    """The structlog processor adding the current :func:`lazy_log_context` fields (not None)."""
    fields = _lazy_fields.get()
    if fields is not None:
        for key, value in fields().items():
            if value is not None:
                event_dict.setdefault(key, value)
    return event_dict
