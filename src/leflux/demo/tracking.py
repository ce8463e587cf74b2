"""Where an order is, as the shop tells its customers (pure: from the order's age)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from leflux.demo.catalog import format_money

# (age under which, status, what it means); older orders are delivered.
STAGES = (
    (timedelta(hours=1), "processing", "is being packed and ships within one business day"),
    (timedelta(days=3), "shipped", "is on its way"),
)
DELIVERY_DAYS = 5


def status_of(order: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The order's status for its customer: a sentence and its facts."""
    placed = datetime.fromisoformat(order["createdAt"])
    if placed.tzinfo is None:
        placed = placed.replace(tzinfo=UTC)
    age = (now or datetime.now(UTC)) - placed
    status, says = "delivered", "was delivered"
    for limit, name, meaning in STAGES:
        if age < limit:
            status, says = name, meaning
            break
    eta = (placed + timedelta(days=DELIVERY_DAYS)).date()
    items = ", ".join(f"{it['quantity']} \u00d7 {it['title']}" for it in order["items"])
    when = "" if status == "delivered" else f" It should arrive by {eta:%B} {eta.day}."
    return {
        "orderNumber": str(order["id"]),
        "status": status,
        "message": f"Order #{order['id']} ({items}) {says}.{when}",
        "items": items,
        "total": format_money(order["totalCents"]),
        "placedOn": placed.date().isoformat(),
        "estimatedDelivery": eta.isoformat(),
    }
