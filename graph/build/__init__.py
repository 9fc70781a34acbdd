r"""What ``tradekg build`` and ``tradekg validate`` do, stage by stage: compile every source
(``corpus``, on ``workers``), validate it (``shacl`` with its ``precheck``, then ``qc`` over the
whole), lay it out in graphs (by the workers that compiled it, ``spread``) and persist the
store (``load``), count and draw what was built
(``summary``), export (``export``); ``pipeline`` runs them in order and publishes atomically,
with a ``manifest`` of what it was built from, so that the next build redoes only what changed
(``incremental``, with the parts of the last build it can ``reuse`` and the cross-source
checks it runs again, ``recheck``; a helper process draws its overview and timeline pages
beside it, ``drawing``, started as early as ``tradekg build`` can, ``early``).

May import: ``core``, ``sources``, ``store``, ``analysis``, ``views`` (the build conducts the
stages before it).
"""

__all__ = ["corpus", "drawing", "early", "export", "incremental", "load", "manifest", "pipeline", "precheck", "qc",
           "recheck", "reuse", "shacl", "spread", "summary", "workers"]
