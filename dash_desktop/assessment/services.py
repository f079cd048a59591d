"""The local services directory: which services provide each service element (a tier or a need)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dash_desktop.assessment.profiles import ProfileError
from dash_desktop.paths import resource
from dash_desktop.questionnaires.loader import read_data_file

FORMAT = "dash-desktop.services/1"


@dataclass(frozen=True)
class Element:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    provides: tuple[str, ...]


@dataclass(frozen=True)
class ServiceDirectory:
    id: str
    name: str
    source: str
    elements: dict[str, Element]
    services: tuple[Service, ...]

    def element(self, element_id: str) -> Element:
        return self.elements.get(element_id) or Element(element_id, element_id.replace("_", " ").capitalize(), "")

    def providers(self, element_id: str) -> list[Service]:
        return [s for s in self.services if element_id in s.provides]


@cache
def load_directory(name: str) -> ServiceDirectory:
    path = resource("services", f"{name}.yaml")
    try:
        data: Any = read_data_file(path)
    except OSError as exc:
        raise ProfileError(f"{path}: services directory '{name}' cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    try:
        if data["format"] != FORMAT:
            raise ProfileError(f"{path}: 'format' must be {FORMAT!r}")
        elements = {
            key: Element(key, value["name"], value.get("description", "")) for key, value in data["elements"].items()
        }
        services = tuple(Service(s["id"], s["name"], tuple(s["provides"])) for s in data["services"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProfileError(f"{path}: not a usable services directory (missing or malformed {exc})") from None
    unknown = sorted({e for s in services for e in s.provides} - set(elements))
    if unknown:
        raise ProfileError(f"{path}: services provide undeclared elements: {', '.join(unknown)}")
    return ServiceDirectory(data["id"], data["name"], data.get("source", ""), elements, services)
