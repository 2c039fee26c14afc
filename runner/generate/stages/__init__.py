"""The journeys of one authority's children, each a vectorised stage producing whole cohorts."""

from __future__ import annotations

from ..world import World
from .care import _stage_care_entrants
from .care_leavers import _stage_care_leavers
from .child_protection import _stage_child_protection
from .front_door import _stage_contacts_and_early_help, _stage_general_referrals
from .short_breaks import _stage_short_breaks
from .staff import _stage_professionals


def simulate(w: World) -> None:
    _stage_professionals(w)
    refs = _stage_general_referrals(w)
    _stage_contacts_and_early_help(w, *refs)
    _stage_child_protection(w)
    _stage_care_entrants(w)
    _stage_short_breaks(w)
    _stage_care_leavers(w)
