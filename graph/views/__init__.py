"""Interactive HTML views: what a page shows (``model``, chosen by ``graphs`` and ``answers``
through ``selection``), how it is laid out (``layout``, ``styles``), and how it is written
(``page`` data, ``html`` with pyvis and the inlined vis-network).

May import: ``core``, ``sources``, ``store``, ``analysis``.
"""

__all__ = ["answers", "graphs", "html", "layout", "model", "page", "selection", "styles"]
