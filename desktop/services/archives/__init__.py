"""Deputies' duty archives (履职档案): points rules and points (履职积分), report-backs and
their ratings (述职评议), the archive of one deputy (一人一档) and the archive settings."""
