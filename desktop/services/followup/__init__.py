"""Follow-up of a meeting's resolutions and 审议意见 (交办 → 研究处理情况报告 → 审核意见 →
满意度测评), and the opinions and 动议 representatives raise at a meeting (docs/followup.md)."""

from desktop.services.followup import core, motions, rating, report

__all__ = ["core", "motions", "rating", "report"]
