"""Where the shipped resources are: ``resources/`` beside the package in a checkout, or inside the
package (``dash_desktop/resources``) in an installed wheel or a frozen build."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the resources folder is missing (looked in {here} and {here.parent})")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
