"""The security policy (session identity, role principals, ACL) and the root resource.

Roles map to principals ``role:NAME``; the root ACL is built per request from the
``lanta_permissions`` hook of the enabled add-ons and the core. The admin holds every
permission. CSRF is required on every unsafe request (``config.set_default_csrf_options``).
"""
from __future__ import annotations

import hashlib
import logging

from pyramid.authorization import ALL_PERMISSIONS, Allow, Authenticated, Everyone
from pyramid.authorization import ACLHelper
from pyramid.csrf import new_csrf_token

from .services import users as users_service

log = logging.getLogger(__name__)

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


def principals_for(user, request=None) -> list[str]:
    """The principals of ``user``: its role and, given the ``request``, the roles the
    enabled add-ons give it (``lanta_user_roles``)."""
    if user is None:
        return [Everyone]
    principals = [Everyone, Authenticated, f"user:{user.id}", role_principal(user.role)]
    if request is not None:
        for roles in request.hooks.lanta_user_roles(dbsession=request.dbsession, user=user):
            for role in roles or ():
                if role == "admin" or role in SPECIAL_ROLES:
                    log.warning("An add-on tried to give the role %r to %s; refused.",
                                role, user.email)
                    continue
                if role_principal(role) not in principals:
                    principals.append(role_principal(role))
    return principals


def request_principals(request) -> list[str]:
    """The principals of the request's user, worked out once per request."""
    cached = request.__dict__.get("lanta_principals")
    if cached is None or cached[0] is not request.identity:
        cached = (request.identity, principals_for(request.identity, request))
        request.__dict__["lanta_principals"] = cached
    return cached[1]


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
        return ACLHelper().permits(context, request_principals(request), permission)

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
