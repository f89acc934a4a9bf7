"""One posted form saves once: a double click, or the same request sent twice, creates one record.

A form page renders a one-time token ({% submission_token %} from portal_forms); the view is
wrapped in @submit_once. The first post of a token records it (unique) in the same transaction
as whatever the view saves; a later post of the same token, or one arriving at the same moment
(it waits for the first: row lock on PostgreSQL, one writer at a time on SQLite), saves nothing
and is redirected to where the first one went, with a message.

    @login_required
    @submit_once
    def member_create(request, pk): ...   # a successful post answers with a redirect

The view must answer a saved post with a redirect and anything else (a form with errors) with a
page: a post that saved nothing leaves its token unused, so the corrected form can be posted.
A post without a (well-formed) token is handled as before, unprotected.
"""

import functools
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.models import Submission

TOKEN_FIELD = "submission_token"
REDIRECTS = (301, 302, 303)


def posted_token(request):
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _repeat(request, submission):
    messages.info(request, _("这份表单刚才已经提交并保存过，没有重复保存。"))
    return redirect(submission.redirect_to or "home")


def submit_once(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = posted_token(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        done = Submission.objects.filter(token=token).first()
        if done is not None:
            return _repeat(request, done)
        try:
            with transaction.atomic():
                # First, so a second post of the token waits here until this one is decided.
                submission = Submission.objects.create(token=token, user=request.user)
                response = view(request, *args, **kwargs)
                if response.status_code not in REDIRECTS:
                    transaction.set_rollback(True)  # nothing saved: the token stays unused
                    return response
                submission.redirect_to = response["Location"][:500]
                submission.save(update_fields=["redirect_to"])
                return response
        except IntegrityError:
            done = Submission.objects.filter(token=token).first()
            if done is None:
                raise  # the view's own error, not a repeated token
            return _repeat(request, done)

    return wrapper
