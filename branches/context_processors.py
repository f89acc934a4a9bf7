from branches.scope import scope_for


def scope(request):
    """Expose the user's scope so navigation shows only what the role may use."""
    user = getattr(request, "user", None)
    return {"party_scope": scope_for(user)}
