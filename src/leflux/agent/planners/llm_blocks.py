"""The ui blocks a model may show, checked before they reach the visitor."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

BLOCK_TYPES = ["choices", "product_cards", "link_list", "form_summary", "steps"]


def _web_url(value: str) -> str:
    # A model talked into "javascript:..." must not get a clickable link in the chat.
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme not in ("", "http", "https"):
        raise ValueError("must be an http(s) or relative URL")
    return value.strip()


WebUrl = Annotated[str, Field(min_length=1, max_length=2_048), AfterValidator(_web_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Choice(_Strict):
    label: str = Field(min_length=1)
    value: str = Field(min_length=1)


class _Card(_Strict):
    title: str = Field(min_length=1)
    price: str | None = None
    image: WebUrl | None = None
    url: WebUrl | None = None
    elementId: int | None = None
    description: str | None = None


class _Link(_Strict):
    label: str = Field(min_length=1)
    url: WebUrl


class _Field(_Strict):
    label: str = Field(min_length=1)
    value: str


class _Progress(_Strict):
    label: str = Field(min_length=1)
    status: Literal["done", "active", "todo"]


class _Choices(_Strict):
    options: list[_Choice] = Field(min_length=1, max_length=20)


class _Cards(_Strict):
    items: list[_Card] = Field(min_length=1, max_length=20)


class _Links(_Strict):
    links: list[_Link] = Field(min_length=1, max_length=30)


class _Fields(_Strict):
    fields: list[_Field] = Field(min_length=1, max_length=50)


class _Steps(_Strict):
    steps: list[_Progress] = Field(min_length=1, max_length=30)


BLOCK_MODELS: dict[str, type[_Strict]] = {
    "choices": _Choices, "product_cards": _Cards, "link_list": _Links,
    "form_summary": _Fields, "steps": _Steps,
}


def validate_block(block_type: Any, data: Any) -> dict[str, Any]:
    model = BLOCK_MODELS.get(block_type) if isinstance(block_type, str) else None
    if model is None:
        raise ValueError(f"block_type must be one of {', '.join(BLOCK_TYPES)}")
    if isinstance(data, dict) and block_type == "product_cards":
        # Models often give prices as numbers; the wire shape is text.
        for item in data.get("items") or []:
            if isinstance(item, dict) and isinstance(item.get("price"), int | float):
                item["price"] = str(item["price"])
    try:
        return model.model_validate(data).model_dump(exclude_none=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "data"
        raise ValueError(f"data for {block_type} is not valid at {where}: {first['msg']}") from None
