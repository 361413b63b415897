"""The core's HTTP layer: routes here, views in the modules beside (scanned)."""
from __future__ import annotations


def includeme(config) -> None:
    config.add_route("public.root", "/")
    config.add_route("public.home", "/{lang:[a-z]{2}}/")
    config.add_route("public.partners", "/{lang:[a-z]{2}}/partners/")
    config.add_route("public.partner", "/{lang:[a-z]{2}}/partners/{slug}")
    config.add_route("public.envies", "/{lang:[a-z]{2}}/envies")
    config.add_route("public.around", "/{lang:[a-z]{2}}/around")
    config.add_route("public.poster", "/{lang:[a-z]{2}}/partners/{slug}/poster")
    config.add_route("public.poster.svg", "/{lang:[a-z]{2}}/partners/{slug}/qr.svg")
    config.add_route("public.poster.png", "/{lang:[a-z]{2}}/partners/{slug}/qr.png")
    config.add_route("health", "/healthz")
    config.add_route("public.robots", "/robots.txt")
    config.add_route("public.sitemap", "/sitemap.xml")
    config.add_route("public.sitemap.pages", "/sitemap-pages.xml")
    config.add_route("public.sitemap.partners", "/sitemap-partners-{part:\\d+}.xml")
    config.add_route("site.logo", "/site/logo")

    config.add_route("auth.login", "/login")
    config.add_route("auth.logout", "/logout")
    config.add_route("auth.forgot", "/password/forgot")
    config.add_route("auth.reset", "/password/reset/{token}")
    config.add_route("account", "/account")

    config.add_route("admin.dashboard", "/admin/")
    config.add_route("admin.users.list", "/admin/users/")
    config.add_route("admin.users.add", "/admin/users/add")
    config.add_route("admin.users.edit", "/admin/users/{id:\\d+}")
    config.add_route("admin.addons", "/admin/addons/")
    config.add_route("admin.addons.toggle", "/admin/addons/{name}/toggle")
    config.add_route("admin.settings", "/admin/settings")
    config.add_route("admin.partners.list", "/admin/partners/")
    config.add_route("admin.partners.add", "/admin/partners/add")
    config.add_route("admin.partners.edit", "/admin/partners/{id:\\d+}")

    config.add_route("api.openapi", "/api/v1/openapi.json")
    config.add_route("api.partners", "/api/v1/partners")
    config.add_route("api.partner", "/api/v1/partners/{id:\\d+}")
    config.scan(".")
