"""Finding, validating and setting up integrations.

An integration is a package with a ``manifest.json``: built into the hub (``hub/...``:
entity domains, http, logger), shipped in ``components/``, or the homeowner's own in
``<config>/custom_components/`` (which override shipped ones, with a warning).
"""

from __future__ import annotations

from hub.loader.catalog import IntegrationCatalog
from hub.loader.integration import Integration
from hub.loader.manifest import Manifest
from hub.loader.setup import INTEGRATION_SETUP, IntegrationSetup, setup_domain_component

__all__ = [
    "INTEGRATION_SETUP",
    "Integration",
    "IntegrationCatalog",
    "IntegrationSetup",
    "Manifest",
    "setup_domain_component",
]
