from django.urls import path

from seamline.dataio import views

app_name = "dataio"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/import/", views.import_file, name="import"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("<slug:kind>/export.<slug:fmt>", views.export, name="export"),
]
