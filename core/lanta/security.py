"""The security policy (session identity, role principals, ACL) and the root resource.

Roles map to principals ``role:NAME``; the root ACL is built per request from the
``lanta_permissions`` hook of the enabled add-ons and the core. The admin holds every
permission. CSRF is required on every unsafe request (``config.set_default_csrf_options``).
"""
from __future__ import annotations

import hashlib

from pyramid.authorization import ALL_PERMISSIONS, Allow, Authenticated, Everyone
from pyramid.authorization import ACLHelper
from pyramid.csrf import new_csrf_token

from .services import users as users_service

SESSION_USER_KEY = "lanta.user_id"
# A fingerprint of the password hash the session was opened with: changing the password
# (or resetting it) ends every other session of the account, stolen ones included.
SESSION_STAMP_KEY = "lanta.password_stamp"


def password_stamp(user) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]

SPECIAL_ROLES = {"everyone": Everyone, "authenticated": Authenticated}


def role_principal(role: str) -> str:
    return SPECIAL_ROLES.get(role, f"role:{role}")


def build_acl(request) -> list[tuple]:
    acl: list[tuple] = [(Allow, "role:admin", ALL_PERMISSIONS)]
    for grants in request.hooks.lanta_permissions():
        for grant in grants or ():
            for role in grant.roles:
                acl.append((Allow, role_principal(role), grant.permission))
    return acl


class Root:
    """The root resource: its ACL is the site's permission table for this request."""

    __name__ = ""
    __parent__ = None

    def __init__(self, request) -> None:
        self.request = request

    @property
    def __acl__(self) -> list[tuple]:
        return build_acl(self.request)


def principals_for(user) -> list[str]:
    if user is None:
        return [Everyone]
    return [Everyone, Authenticated, f"user:{user.id}", role_principal(user.role)]


def load_user(request):
    """The logged-in, active user or None (``request.user``, computed once per request)."""
    user = users_service.get_active(request.dbsession, request.session.get(SESSION_USER_KEY))
    if user is not None and request.session.get(SESSION_STAMP_KEY) != password_stamp(user):
        return None  # the password changed since this session logged in
    return user


class SecurityPolicy:
    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.identity
        return user.id if user is not None else None

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, principals_for(request.identity), permission)

    def remember(self, request, userid, **kw):
        # A fresh session and CSRF token at login, against session fixation.
        request.session.invalidate()
        user = users_service.get_active(request.dbsession, userid)
        if user is not None:
            request.session[SESSION_USER_KEY] = userid
            request.session[SESSION_STAMP_KEY] = password_stamp(user)
        new_csrf_token(request)
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        return []
