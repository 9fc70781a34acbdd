"""Interactive HTML views: what a page shows (``model``, chosen by ``graphs`` and ``answers``
through ``selection``), how it is laid out (``layout``, ``styles``), and how it is written
(``page`` data, ``html`` with pyvis and the inlined vis-network); what a build keeps of the
whole graph for its overview page (``overview``); and the pages over time:
``timeline_page`` (vis-timeline, inlined) and ``diff_page``, written through ``pages``.

May import: ``core``, ``sources``, ``store``, ``analysis``.
"""

__all__ = ["answers", "diff_page", "graphs", "html", "layout", "model", "overview", "page", "pages", "selection",
           "styles", "timeline_page"]
