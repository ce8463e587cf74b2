"""The shop's own state in its own SQLite file (not the product's Alembic-managed schema).

Visitors are identified by a random cookie; a visitor may be signed in to an account.
Carts belong to the visitor, orders and contact messages are kept for good. The
schema (``shop_tables.py``) is created on first use, so the shop works the same whether it
runs on its own or mounted inside LeFlux (where a mounted app's lifespan never runs).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from leflux.demo import coupons
from leflux.demo.catalog import Product, get_product
from leflux.demo.shop_tables import (
    accounts,
    cart_lines,
    contact_messages,
    metadata,
    orders,
    visitor_coupons,
    visitors,
)

MAX_QUANTITY = 10
# Orders start at a realistic-looking number rather than 1.
FIRST_ORDER_ID = 10001
FREE_SHIPPING_CENTS = 7500
SHIPPING_CENTS = 500


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    email: str
    password_hash: str


@dataclass(frozen=True)
class CartLine:
    id: int
    product: Product
    size: str
    quantity: int

    @property
    def total_cents(self) -> int:
        return self.product.price_cents * self.quantity


@dataclass(frozen=True)
class Cart:
    lines: list[CartLine]
    coupon: coupons.Coupon | None = None

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def shipping_cents(self) -> int:
        if not self.lines or self.subtotal_cents >= FREE_SHIPPING_CENTS:
            return 0
        return SHIPPING_CENTS

    @property
    def discount_cents(self) -> int:
        return coupons.discount_cents(self.coupon, self.subtotal_cents)

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents + self.shipping_cents


class EmailTaken(Exception):
    pass


class ShopStore:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._engine: AsyncEngine | None = None
        self._ready = asyncio.Lock()

    async def engine(self) -> AsyncEngine:
        if self._engine is not None:
            return self._engine
        async with self._ready:
            if self._engine is None:
                self.db_path.parent.mkdir(parents=True, exist_ok=True)
                engine = create_async_engine(f"sqlite+aiosqlite:///{self.db_path}")
                async with engine.begin() as conn:
                    await conn.run_sync(metadata.create_all)
                self._engine = engine
        return self._engine

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    # -- visitors and accounts -------------------------------------------------------

    async def touch_visitor(self, visitor_id: str) -> None:
        eng = await self.engine()
        async with eng.begin() as conn:
            # Two first requests of a new browser may race: insert-or-ignore.
            await conn.execute(sqlite_insert(visitors).values(id=visitor_id, created_at=_now())
                               .on_conflict_do_nothing(index_elements=["id"]))

    async def current_account(self, visitor_id: str) -> Account | None:
        eng = await self.engine()
        async with eng.connect() as conn:
            row = (await conn.execute(
                select(accounts).join(visitors, visitors.c.account_id == accounts.c.id)
                .where(visitors.c.id == visitor_id)
            )).first()
        return Account(row.id, row.name, row.email, row.password_hash) if row else None

    async def account_by_email(self, email: str) -> Account | None:
        eng = await self.engine()
        async with eng.connect() as conn:
            row = (await conn.execute(select(accounts).where(accounts.c.email == email))).first()
        return Account(row.id, row.name, row.email, row.password_hash) if row else None

    async def create_account(self, name: str, email: str, password_hash: str) -> Account:
        eng = await self.engine()
        try:
            async with eng.begin() as conn:
                result = await conn.execute(insert(accounts).values(
                    name=name, email=email, password_hash=password_hash, created_at=_now()))
                account_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError:
            raise EmailTaken(email) from None
        return Account(account_id, name, email, password_hash)

    async def sign_in(self, visitor_id: str, account_id: int | None) -> None:
        await self.touch_visitor(visitor_id)
        eng = await self.engine()
        async with eng.begin() as conn:
            await conn.execute(
                update(visitors).where(visitors.c.id == visitor_id).values(account_id=account_id))

    # -- cart ------------------------------------------------------------------------

    async def cart(self, visitor_id: str) -> Cart:
        eng = await self.engine()
        async with eng.connect() as conn:
            rows = (await conn.execute(
                select(cart_lines).where(cart_lines.c.visitor_id == visitor_id)
                .order_by(cart_lines.c.id))).all()
            code = await conn.scalar(select(visitor_coupons.c.code)
                                     .where(visitor_coupons.c.visitor_id == visitor_id))
        lines = []
        for row in rows:
            product = get_product(row.product_slug)
            if product is not None:  # a product removed from the catalogue just vanishes
                lines.append(CartLine(row.id, product, row.size, row.quantity))
        return Cart(lines, coupons.COUPONS.get(code) if code else None)

    async def apply_coupon(self, visitor_id: str, code: str) -> Cart:
        """Apply a coupon code to the visitor's cart (replacing any other one)."""
        coupon = coupons.find(code)
        cart = await self.cart(visitor_id)
        if not cart.lines:
            raise coupons.CouponRefused("Your cart is empty: add something first.")
        if cart.subtotal_cents < coupon.min_subtotal_cents:
            raise coupons.CouponRefused(f"{coupon.code} is for {coupon.terms}.")
        eng = await self.engine()
        async with eng.begin() as conn:
            await conn.execute(sqlite_insert(visitor_coupons).values(
                visitor_id=visitor_id, code=coupon.code).on_conflict_do_update(
                index_elements=["visitor_id"], set_={"code": coupon.code}))
        return await self.cart(visitor_id)

    async def add_to_cart(self, visitor_id: str, product: Product, size: str, qty: int) -> None:
        await self.touch_visitor(visitor_id)
        eng = await self.engine()
        add = sqlite_insert(cart_lines).values(
            visitor_id=visitor_id, product_slug=product.slug, size=size,
            quantity=min(qty, MAX_QUANTITY))
        # One statement, so two quick "Add to cart" clicks add up instead of colliding.
        add = add.on_conflict_do_update(
            index_elements=["visitor_id", "product_slug", "size"],
            set_={"quantity": func.min(cart_lines.c.quantity + add.excluded.quantity,
                                       MAX_QUANTITY)})
        async with eng.begin() as conn:
            await conn.execute(add)

    async def set_quantity(self, visitor_id: str, line_id: int, qty: int) -> bool:
        eng = await self.engine()
        async with eng.begin() as conn:
            where = (cart_lines.c.id == line_id) & (cart_lines.c.visitor_id == visitor_id)
            if qty <= 0:
                result = await conn.execute(delete(cart_lines).where(where))
            else:
                result = await conn.execute(
                    update(cart_lines).where(where).values(quantity=min(qty, MAX_QUANTITY)))
        return bool(result.rowcount)

    # -- checkout and orders ---------------------------------------------------------

    async def save_shipping(self, visitor_id: str, shipping: dict[str, str]) -> None:
        await self.touch_visitor(visitor_id)
        eng = await self.engine()
        async with eng.begin() as conn:
            await conn.execute(update(visitors).where(visitors.c.id == visitor_id)
                               .values(checkout_shipping=json.dumps(shipping)))

    async def shipping(self, visitor_id: str) -> dict[str, str] | None:
        eng = await self.engine()
        async with eng.connect() as conn:
            raw = await conn.scalar(
                select(visitors.c.checkout_shipping).where(visitors.c.id == visitor_id))
        return json.loads(raw) if raw else None

    async def place_order(self, visitor_id: str, card_last4: str) -> int | None:
        """Turn the cart into an order and empty it, atomically. None: nothing to order.

        The cart is taken with DELETE ... RETURNING inside the order's transaction, so a
        double-clicked "Place order" (two requests at once) places one order, not two.
        """
        eng = await self.engine()
        async with eng.begin() as conn:
            taken = (await conn.execute(
                delete(cart_lines).where(cart_lines.c.visitor_id == visitor_id)
                .returning(cart_lines.c.id, cart_lines.c.product_slug, cart_lines.c.size,
                           cart_lines.c.quantity))).all()
            lines = [CartLine(r.id, p, r.size, r.quantity) for r in sorted(taken)
                     if (p := get_product(r.product_slug)) is not None]
            code = (await conn.execute(delete(visitor_coupons).where(
                visitor_coupons.c.visitor_id == visitor_id).returning(
                visitor_coupons.c.code))).scalar()
            visitor = (await conn.execute(
                select(visitors.c.checkout_shipping, visitors.c.account_id)
                .where(visitors.c.id == visitor_id))).first()
            if not lines or visitor is None or not visitor.checkout_shipping:
                await conn.rollback()  # nothing to order: the cart stays as it was
                return None
            cart = Cart(lines, coupons.COUPONS.get(code) if code else None)
            shipping = json.loads(visitor.checkout_shipping)
            items = [
                {"slug": ln.product.slug, "title": ln.product.title, "size": ln.size,
                 "quantity": ln.quantity, "unitPriceCents": ln.product.price_cents}
                for ln in cart.lines
            ]
            has_any = await conn.scalar(select(func.count()).select_from(orders))
            values: dict[str, Any] = {
                "visitor_id": visitor_id, "account_id": visitor.account_id,
                "email": shipping["email"], "shipping": json.dumps(shipping),
                "items": json.dumps(items), "subtotal_cents": cart.subtotal_cents,
                "shipping_cents": cart.shipping_cents, "total_cents": cart.total_cents,
                "card_last4": card_last4, "created_at": _now(),
            }
            if not has_any:
                values["id"] = FIRST_ORDER_ID
            result = await conn.execute(insert(orders).values(**values))
            order_id = int(result.inserted_primary_key[0])  # type: ignore[index]
            await conn.execute(update(visitors).where(visitors.c.id == visitor_id)
                               .values(checkout_shipping=None))
        return order_id

    async def latest_order_id(self, visitor_id: str, within_s: float) -> int | None:
        """This visitor's order placed in the last ``within_s`` seconds, if any."""
        eng = await self.engine()
        async with eng.connect() as conn:
            row = (await conn.execute(
                select(orders.c.id, orders.c.created_at).where(orders.c.visitor_id == visitor_id)
                .order_by(orders.c.id.desc()).limit(1))).first()
        if row is None:
            return None
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        return int(row.id) if (_now() - created).total_seconds() <= within_s else None

    async def order(self, order_id: int) -> dict[str, Any] | None:
        eng = await self.engine()
        async with eng.connect() as conn:
            row = (await conn.execute(select(orders).where(orders.c.id == order_id))).first()
        return _order_dict(row) if row else None

    async def orders_for(self, visitor_id: str, account_id: int | None) -> list[dict[str, Any]]:
        eng = await self.engine()
        cond = orders.c.visitor_id == visitor_id
        if account_id is not None:
            cond = cond | (orders.c.account_id == account_id)
        async with eng.connect() as conn:
            rows = (await conn.execute(select(orders).where(cond).order_by(orders.c.id))).all()
        return [_order_dict(r) for r in rows]

    # -- contact ---------------------------------------------------------------------

    async def add_contact_message(self, visitor_id: str, fields: dict[str, str]) -> int:
        eng = await self.engine()
        async with eng.begin() as conn:
            result = await conn.execute(insert(contact_messages).values(
                visitor_id=visitor_id, name=fields["name"], email=fields["email"],
                topic=fields["topic"], message=fields["message"], created_at=_now()))
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    # -- read-only overview (the /shop-api/state endpoint) ------------------------------

    async def overview(self) -> dict[str, Any]:
        eng = await self.engine()
        async with eng.connect() as conn:
            accs = (await conn.execute(select(accounts).order_by(accounts.c.id))).all()
            ords = (await conn.execute(select(orders).order_by(orders.c.id))).all()
            msgs = (await conn.execute(
                select(contact_messages).order_by(contact_messages.c.id))).all()
            lines = (await conn.execute(select(cart_lines).order_by(cart_lines.c.id))).all()
        carts: dict[str, list[dict[str, Any]]] = {}
        for ln in lines:
            carts.setdefault(ln.visitor_id, []).append(
                {"slug": ln.product_slug, "size": ln.size, "quantity": ln.quantity})
        return {
            "accounts": [{"id": a.id, "name": a.name, "email": a.email,
                          "createdAt": a.created_at.isoformat()} for a in accs],
            "orders": [_order_dict(o) for o in ords],
            "contactMessages": [{"id": m.id, "visitorId": m.visitor_id, "name": m.name,
                                 "email": m.email, "topic": m.topic, "message": m.message,
                                 "createdAt": m.created_at.isoformat()} for m in msgs],
            "carts": carts,
        }


def _order_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id, "visitorId": row.visitor_id, "accountId": row.account_id,
        "email": row.email, "shipping": json.loads(row.shipping), "items": json.loads(row.items),
        "subtotalCents": row.subtotal_cents, "shippingCents": row.shipping_cents,
        "totalCents": row.total_cents, "cardLast4": row.card_last4,
        "createdAt": row.created_at.isoformat(),
    }
