"""URLs of the member roster (members, movements, committees, honours)."""

urlpatterns = []
