"""The demo shop's tables, in its own SQLite file (created on first use by ``ShopStore``;
not the product's Alembic-managed schema)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

visitors = Table(
    "shop_visitors", metadata,
    Column("id", String(64), primary_key=True),
    Column("account_id", Integer, ForeignKey("shop_accounts.id"), nullable=True),
    # Shipping details between the two checkout steps (JSON text).
    Column("checkout_shipping", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
accounts = Table(
    "shop_accounts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
cart_lines = Table(
    "shop_cart_lines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visitor_id", String(64), nullable=False, index=True),
    Column("product_slug", String(80), nullable=False),
    Column("size", String(10), nullable=False, default=""),
    Column("quantity", Integer, nullable=False),
    UniqueConstraint("visitor_id", "product_slug", "size"),
)
orders = Table(
    "shop_orders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visitor_id", String(64), nullable=False, index=True),
    Column("account_id", Integer, nullable=True),
    Column("email", String(254), nullable=False),
    Column("shipping", Text, nullable=False),  # JSON
    Column("items", Text, nullable=False),  # JSON
    Column("subtotal_cents", Integer, nullable=False),
    Column("shipping_cents", Integer, nullable=False),
    Column("total_cents", Integer, nullable=False),
    Column("card_last4", String(4), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# The coupon code a visitor applied to their cart (its own table: shops made before
# coupons existed get it on first use).
visitor_coupons = Table(
    "shop_visitor_coupons", metadata,
    Column("visitor_id", String(64), primary_key=True),
    Column("code", String(40), nullable=False),
)
contact_messages = Table(
    "shop_contact_messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visitor_id", String(64), nullable=False),
    Column("name", String(120), nullable=False),
    Column("email", String(254), nullable=False),
    Column("topic", String(40), nullable=False),
    Column("message", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
