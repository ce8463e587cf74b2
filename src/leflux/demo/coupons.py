"""The shop's coupon codes and what they take off a cart (pure; the store keeps which
code a visitor applied)."""

from __future__ import annotations

from dataclasses import dataclass

from leflux.demo.catalog import format_money


@dataclass(frozen=True)
class Coupon:
    code: str
    percent_off: int = 0
    cents_off: int = 0
    # The least a cart's subtotal must be for the code to apply.
    min_subtotal_cents: int = 0

    @property
    def terms(self) -> str:
        off = f"{self.percent_off}% off" if self.percent_off else \
            f"{format_money(self.cents_off)} off"
        if self.min_subtotal_cents:
            off += f" orders of {format_money(self.min_subtotal_cents)} or more"
        return off


COUPONS = {c.code: c for c in (
    Coupon("SAVE10", percent_off=10),
    Coupon("WELCOME5", cents_off=500, min_subtotal_cents=2500),
)}


class CouponRefused(ValueError):
    """Why a code cannot be applied, in words for the shopper."""


def find(code: str) -> Coupon:
    coupon = COUPONS.get(code.strip().upper())
    if coupon is None:
        raise CouponRefused(f"{code.strip()[:40]!r} is not a valid coupon code.")
    return coupon


def discount_cents(coupon: Coupon | None, subtotal_cents: int) -> int:
    """What the coupon takes off this subtotal (0 when it does not apply)."""
    if coupon is None or subtotal_cents < coupon.min_subtotal_cents:
        return 0
    off = subtotal_cents * coupon.percent_off // 100 + coupon.cents_off
    return min(off, subtotal_cents)
