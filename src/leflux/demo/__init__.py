"""The demo shop that `leflux demo` serves beside the LeFlux server (one origin, one port)."""

from leflux.demo.app import DB_FILENAME, create_shop_app

__all__ = ["DB_FILENAME", "create_shop_app"]
