"""Files handed out: a report as Word, a district's reports as one zip (word.py)."""
