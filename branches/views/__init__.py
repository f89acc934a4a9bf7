"""Views by topic: organizations (org and district pages), roster, activities."""
