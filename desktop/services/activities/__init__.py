"""Duty activities (履职活动台账) at the stations (家站点): records, rules, standing, scans."""
