"""Printed documents (ReportLab). No Qt here; the UI previews the PDFs with pdfium (pypdfium2)."""
