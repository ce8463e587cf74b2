"""Prometheus metrics of one server process (own registry: several apps may live in
one test process without clashing)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sockets = Gauge(
            "leflux_sockets", "Connected Socket.IO sockets", registry=self.registry
        )
        self.sessions = Gauge(
            "leflux_sessions", "Sessions joined by a socket of this process",
            registry=self.registry,
        )
        self.events = Counter(
            "leflux_events", "Client events received, by name", ["event"],
            registry=self.registry,
        )
        self.errors = Counter(
            "leflux_errors", "Errors sent to clients, by code", ["code"],
            registry=self.registry,
        )
        self.engine_latency = Histogram(
            "leflux_planner_latency_seconds",
            "Time the task engine (planner included) took per client event",
            ["event"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
            registry=self.registry,
        )
        self.messages = Counter(
            "leflux_visitor_messages", "Visitor messages accepted", registry=self.registry
        )
        self.tokens = Counter(
            "leflux_llm_tokens", "Tokens the LLM planner used, by planner and kind",
            ["planner", "kind"], registry=self.registry,
        )

        self.plans = Counter(
            "leflux_plans", "Action plans made, by the planner that made them (under "
            "--planner hybrid: rules or the LLM)", ["planner"], registry=self.registry,
        )

    def record_plan(self, planner: str) -> None:
        self.plans.labels(planner=planner).inc()

    def record_usage(self, planner: str, usage: Any) -> None:
        """The LLM planners' usage hook: ``usage`` has input_tokens and output_tokens."""
        self.tokens.labels(planner=planner, kind="input").inc(usage.input_tokens)
        self.tokens.labels(planner=planner, kind="output").inc(usage.output_tokens)

    def render(self) -> bytes:
        # Imported when first scraped: the exposition module brings an HTTP server,
        # WSGI and urllib with it (transport/lean_import.py).
        from prometheus_client import generate_latest

        return generate_latest(self.registry)
