"""The member's own page (我的): their attendance, hours, talks, dues and the coming meetings."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from selfservice.access import require_account
from selfservice.selectors.member import own_page


@login_required
def mine(request):
    account = require_account(request.user)
    page = own_page(account.member, today=datetime.date.today())
    return render(request, "selfservice/mine.html", {"account": account, "page": page})
