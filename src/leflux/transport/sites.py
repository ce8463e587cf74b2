"""The sites this server serves: the default one (from --allowed-origins) plus those in
the store (``leflux sites add``), looked up by the browser's Origin."""

from __future__ import annotations

from leflux.config import Limits
from leflux.protocol import WidgetConfig, WidgetLimits
from leflux.session.site import Site
from leflux.storage.store import Store
from leflux.transport.origins import OriginDirectory

DEFAULT_ACCENT = "#4f46e5"


class SiteBook:
    def __init__(self, default: Site) -> None:
        self.default = default
        self._by_name: dict[str, Site] = {default.name: default}
        self._directory: OriginDirectory[Site] = OriginDirectory(
            [(default, default.origins)]
        )

    @classmethod
    def from_settings(cls, name: str, origins: tuple[str, ...]) -> SiteBook:
        return cls(Site(name=name, origins=origins))

    async def load(self, store: Store) -> None:
        """Add the stored sites; the default site keeps its flags' origins first."""
        rows = [Site.from_row(row) for row in await store.list_sites()]
        stored = [s for s in rows if s.name != self.default.name]
        own = next((s for s in rows if s.name == self.default.name), None)
        if own is not None:  # a stored row may give the default site its greeting etc.
            self.default = own.with_origins(self.default.origins or own.origins)
        sites = [self.default, *stored]
        self._by_name = {s.name: s for s in sites}
        self._directory = OriginDirectory([(s, s.origins) for s in sites])

    def for_origin(self, origin: str | None) -> Site | None:
        return self._directory.lookup(origin)

    def by_name(self, name: str) -> Site | None:
        return self._by_name.get(name)

    @staticmethod
    def widget_config(site: Site, limits: Limits) -> WidgetConfig:
        """What the widget shows. ``title``, ``avatarUrl`` and ``greeting`` are left out
        when the owner set none: the widget then uses its own words in the visitor's
        language ("Assistant", its greeting) and no avatar. ``name`` is the site's id,
        for integrators; the widget never shows it."""
        return WidgetConfig(
            name=site.name,
            title=site.title,
            avatarUrl=site.avatar_url,
            greeting=site.greeting,
            accentColor=site.accent_color or DEFAULT_ACCENT,
            suggestions=list(site.suggestions),
            limits=WidgetLimits(
                maxMessageChars=limits.max_message_chars,
                roundTrips=limits.embed_round_trips,
                maxElements=limits.max_elements,
                maxPayloadBytes=limits.max_payload_bytes,
                maxTools=limits.max_tools,
                maxToolSchemaChars=limits.max_tool_schema_chars,
                maxToolSchemaDepth=limits.max_tool_schema_depth,
                toolTimeoutMs=round(limits.tool_timeout_s * 1000),
                toolResultChars=limits.tool_result_chars,
            ),
        )
