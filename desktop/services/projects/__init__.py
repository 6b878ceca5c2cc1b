"""Livelihood projects (民生实事项目) from collection to evaluation, and micro-projects.

- :mod:`.core` — the project record and its state machine: 征集, 论证初选, feedback,
  办理实施 (milestones, progress reports, supervision visits), micro-projects' decision and
  验收. Every transition is one call inside the caller's transaction, checked before anything
  is written, and audited.
- :mod:`.voting` — 代表票决 and 监督评议 through the existing poll and counting services:
  the shortlist becomes a selection poll, the certified result is read back; the chosen
  projects become a rating poll, its result is stored on each project; unit scores.
- :mod:`.views` — the year's pipeline, a project's detail with its history, the queues.
"""
