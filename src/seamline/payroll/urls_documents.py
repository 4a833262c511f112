"""The PDF slips and the Excel register (names used by links across payroll)."""

from django.urls import URLPattern, path

from seamline.payroll import views_documents

urlpatterns: list[URLPattern] = [
    path("slips/<int:pk>/payslip.pdf", views_documents.slip_pdf, name="slip_pdf"),
    path(
        "periods/<int:pk>/payslips.pdf",
        views_documents.period_slips_pdf,
        name="period_slips_pdf",
    ),
    path("periods/<int:pk>/register.xlsx", views_documents.register_xlsx, name="register_xlsx"),
]
