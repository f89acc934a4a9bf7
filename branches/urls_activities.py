"""URLs of activity records, the compliance calendar and the ledger."""

urlpatterns = []
