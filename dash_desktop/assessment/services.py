"""The local services directory: which services provide each service element (a tier or a need),
where (the districts each covers) and for whom. The format is described in docs/services.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dash_desktop.assessment.profiles import ProfileError
from dash_desktop.paths import resource
from dash_desktop.questionnaires.loader import read_data_file

FORMAT = "dash-desktop.services/1"
#: ``covers`` for a service across every district of the directory, and for a national one.
COUNTY, NATIONAL = "county", "national"


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
    #: the district ids it covers, ``("county",)`` or ``("national",)``; empty when not recorded
    covers: tuple[str, ...] = ()
    serves: str | None = None  # whom it is for, in words, where it is limited
    languages: tuple[str, ...] = ()  # the languages it works in, where it is for their speakers only

    def covers_area(self, district: str) -> bool | None:
        """Whether it covers ``district``: county-wide and national services do; ``None`` when its
        area is not recorded."""
        if not self.covers:
            return None
        return self.covers[0] in (COUNTY, NATIONAL) or district in self.covers

    def speaks(self, language: str | None) -> bool:
        """Whether a speaker of ``language`` (as recorded; ``None``, not known) can use it."""
        return not self.languages or language is None or language.casefold() in (x.casefold() for x in self.languages)


@dataclass(frozen=True)
class ServiceDirectory:
    id: str
    name: str
    source: str
    elements: dict[str, Element]
    services: tuple[Service, ...]
    districts: dict[str, str]  # district id -> name: the areas a case can be in

    def element(self, element_id: str) -> Element:
        return self.elements.get(element_id) or Element(element_id, element_id.replace("_", " ").capitalize(), "")

    def providers(self, element_id: str, area: str | None = None, language: str | None = None) -> list[Service]:
        """The services providing an element: in ``area`` (a district id) those that cover it, county-wide
        or national ones, and those whose area is not recorded; for a person whose first language is
        ``language``, not those that work only in other languages."""
        return [s for s in self.services if element_id in s.provides and s.speaks(language)
                and (area is None or s.covers_area(area) is not False)]


def _service(raw: dict[str, Any], districts: dict[str, str], path: Any) -> Service:
    covers = raw.get("covers")
    if covers is None:
        area: tuple[str, ...] = ()
    elif covers in (COUNTY, NATIONAL):
        area = (covers,)
    elif isinstance(covers, list) and covers and all(isinstance(c, str) for c in covers):
        unknown = sorted(set(covers) - set(districts))
        if unknown:
            raise ProfileError(f"{path}: service '{raw['id']}' covers unknown districts: {', '.join(unknown)}")
        area = tuple(covers)
    else:
        raise ProfileError(f"{path}: service '{raw['id']}': 'covers' must be a list of district ids, "
                           f"'{COUNTY}' or '{NATIONAL}'")
    return Service(raw["id"], raw["name"], tuple(raw["provides"]), area, raw.get("serves"),
                   tuple(raw.get("languages", ())))


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
        districts = {key: str(value["name"]) for key, value in (data.get("districts") or {}).items()}
        services = tuple(_service(s, districts, path) for s in data["services"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise ProfileError(f"{path}: not a usable services directory (missing or malformed {exc})") from None
    unknown = sorted({e for s in services for e in s.provides} - set(elements))
    if unknown:
        raise ProfileError(f"{path}: services provide undeclared elements: {', '.join(unknown)}")
    return ServiceDirectory(data["id"], data["name"], data.get("source", ""), elements, services, districts)
