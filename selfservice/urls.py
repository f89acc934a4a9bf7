from django.urls import path

from selfservice.views import accounts, checkin, member

app_name = "selfservice"
urlpatterns = [
    path("me/", member.mine, name="mine"),
    path("org/<int:pk>/member-accounts/", accounts.accounts, name="accounts"),
    path(
        "org/<int:pk>/member-accounts/sheet.docx",
        accounts.credential_sheet,
        name="credential_sheet",
    ),
    path("activities/<int:pk>/check-in/", checkin.code_page, name="code"),
    path(
        "activities/<int:pk>/check-in/<int:member_pk>/present/",
        checkin.mark_present,
        name="mark_present",
    ),
    path("c/", checkin.enter, name="enter"),
    path("c/<str:code>/", checkin.confirm, name="confirm"),
]
