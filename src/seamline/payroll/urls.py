"""Payroll pages: periods and the register, slips, adjustments, rates, settings, costs
(urls_pages); the PDF slip and the Excel register (urls_documents); a worker's own pay on
the phone (urls_me)."""

from django.urls import URLPattern

from seamline.payroll import urls_documents, urls_me, urls_pages

app_name = "payroll"

urlpatterns: list[URLPattern] = [
    *urls_pages.urlpatterns,
    *urls_documents.urlpatterns,
    *urls_me.urlpatterns,
]
