"""Interactive HTML views: what a page shows (``model``, chosen by ``graphs`` and ``answers``
through ``selection``), how it is laid out (``layout``, ``styles``), and how it is written
(``page`` data, ``html`` with pyvis and the inlined vis-network); and the pages over time:
``timeline_page`` (vis-timeline, inlined) and ``diff_page``, written through ``pages``.

May import: ``core``, ``sources``, ``store``, ``analysis``.
"""

__all__ = ["answers", "diff_page", "graphs", "html", "layout", "model", "page", "pages", "selection", "styles",
           "timeline_page"]
