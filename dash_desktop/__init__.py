"""DASH Desktop: offline domestic-abuse risk assessment for practitioners in England."""

__version__ = "0.1.0"
