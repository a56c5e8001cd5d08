"""Templates: Home Assistant's Jinja language, sandboxed, rendered against the hub.

``Template`` renders one template string; ``render_complex`` renders the templates inside
a configuration structure; ``Template.render_with_info`` records what a render read and
``track_template_result`` re-renders only when that changes. ``validators`` holds the
voluptuous validators configuration schemas use. See ``docs/templates.md``.
"""

from __future__ import annotations

from hub.exceptions import TemplateError
from hub.template.numbers import result_as_boolean
from hub.template.render_info import RenderInfo
from hub.template.template import (
    Template,
    attach,
    is_complex,
    is_template_string,
    render_complex,
)
from hub.template.tracking import (
    TemplateTracker,
    TrackedTemplate,
    TrackUpdate,
    track_template_result,
)

__all__ = [
    "RenderInfo",
    "Template",
    "TemplateError",
    "TemplateTracker",
    "TrackUpdate",
    "TrackedTemplate",
    "attach",
    "is_complex",
    "is_template_string",
    "render_complex",
    "result_as_boolean",
    "track_template_result",
]
