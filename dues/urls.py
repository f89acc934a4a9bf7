from django.urls import path

from dues.views import dues as views

app_name = "dues"
urlpatterns = [
    path("org/<int:pk>/dues/", views.index, name="index"),
    path("org/<int:pk>/dues/<int:year>/", views.year_page, name="year"),
    path("org/<int:pk>/dues/<int:year>/<int:month>/", views.month_page, name="month"),
    path("org/<int:pk>/dues/<int:year>/<int:month>/all-paid/", views.all_paid, name="all_paid"),
    path(
        "org/<int:pk>/dues/<int:year>/<int:month>/members/<int:member_pk>/",
        views.payment,
        name="payment",
    ),
    path(
        "org/<int:pk>/dues/<int:year>/q<int:quarter>/remittance/",
        views.remittance,
        name="remittance",
    ),
    path("org/<int:pk>/dues/<int:year>/register.<slug:fmt>", views.register, name="register"),
    path(
        "org/<int:pk>/dues/<int:year>/<int:month>/register.<slug:fmt>",
        views.register,
        name="register_month",
    ),
    path("members/<int:member_pk>/dues/", views.bases, name="bases"),
    path("members/<int:member_pk>/dues/reductions/", views.reductions, name="reductions"),
]
