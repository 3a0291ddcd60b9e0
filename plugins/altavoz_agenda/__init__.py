"""altavoz_agenda: the agenda cultural, the events communities organize.

An event is a folder ``content/events/<slug>/`` with an ``index.md`` (the model and its
checks: ``altavoz_core.events``; the moderation checks it like a work). This plugin adds
a Pelican generator that writes ``/agenda/`` (upcoming soonest first, then past events
by month), one page per event, an embeddable list, an Atom feed of newly announced
events and iCalendar files: one for all events, one per event and one per artist.
"""

from altavoz_gallery import generator_plugin

from .contents import Event
from .generator import AgendaGenerator
from .settings import DEFAULTS, set_default_settings

__all__ = ["DEFAULTS", "AgendaGenerator", "Event", "register", "set_default_settings"]

register = generator_plugin(AgendaGenerator, set_default_settings)
