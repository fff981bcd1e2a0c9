"""Writing the reports: the public 整改进展情况通报/整改情况报告 and the office's 调度报告.

figures.py and compose.py are Django-free (plain data in, a document model out);
data.py reads the ledger into that plain data; render_*.py write .docx, text and
HTML; models.py keeps drafts and issued, never-changing versions.
"""
