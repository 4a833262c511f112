from django.contrib import admin

from seamline.cluster.models import Cluster, ClusterMember


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "tenant", "currency"]
    search_fields = ["name", "code"]


@admin.register(ClusterMember)
class ClusterMemberAdmin(admin.ModelAdmin):
    list_display = ["cluster", "organization", "role", "status"]
    list_filter = ["role", "status"]
