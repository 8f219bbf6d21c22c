"""Steering a running show: one control API (`ShowControl`) and its event stream, under every
front end (cli/, console/); see api.py."""

from .api import MODES, ShowControl
from .events import Event, EventBus, Subscription

__all__ = ["MODES", "Event", "EventBus", "ShowControl", "Subscription"]
