"""A site this server serves, as the session layer and the transport know it: made from
the store's row (``storage.rows.SiteRow``) at the store's edge, and never written back.
The agent sees less of it (``agent.ports.SiteInfo``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from leflux.agent.ports import SiteInfo
from leflux.storage.rows import SiteRow


@dataclass(frozen=True)
class Site:
    name: str
    origins: tuple[str, ...]
    instructions: str = ""
    greeting: str | None = None
    accent_color: str | None = None
    suggestions: tuple[str, ...] = ()
    confirm_patterns: tuple[str, ...] = ()
    # LLM tokens (input + output) the site may use per UTC day; None: no cap.
    daily_token_budget: int | None = None
    # Hosts besides the site's origins that product images may load from.
    image_hosts: tuple[str, ...] = ()
    # The widget's title and avatar; None: "Assistant" in the visitor's language, no avatar.
    title: str | None = None
    avatar_url: str | None = None

    @classmethod
    def from_row(cls, row: SiteRow) -> Site:
        return cls(
            name=row.name, origins=tuple(row.origins), instructions=row.instructions,
            greeting=row.greeting, accent_color=row.accent_color,
            suggestions=tuple(row.suggestions), confirm_patterns=tuple(row.confirm_patterns),
            daily_token_budget=row.daily_token_budget, image_hosts=tuple(row.image_hosts),
            title=row.title, avatar_url=row.avatar_url,
        )

    def with_origins(self, origins: tuple[str, ...]) -> Site:
        return replace(self, origins=origins)

    def agent_view(self) -> SiteInfo:
        """What the agent may know of the site."""
        return SiteInfo(name=self.name, instructions=self.instructions,
                        confirm_patterns=self.confirm_patterns, origins=self.origins,
                        image_hosts=self.image_hosts)
