app_name = "shopfloor"

urlpatterns: list[object] = []
