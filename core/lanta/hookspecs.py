"""The add-on API: every hook an add-on (or the core itself) may implement.

Hooks are grouped by phase. Each docstring says what the hook is for, when it is called
and in which transaction, its parameters, what to return and how results combine, and
whether a disabled add-on is skipped. The hooks reference in ``docs/hooks.md`` is
generated from these docstrings (``make docs``); ``tests/meta`` fails when a hook has no
documentation or no ``test_hook_<name>`` test.

Arguments are only ever added, never removed or renamed: an implementation may accept any
subset of a hook's parameters (pluggy passes only those it names).

Implementations are marked with ``lanta.hookimpl``; the core registers its own built-in
behaviour as hook implementations marked ``trylast`` so that an add-on's answer comes first.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover - typing only
    from pathlib import Path

    import click
    from pyramid.config import Configurator
    from pyramid.request import Request
    from sqlalchemy.orm import Session

    from .addon_api import (
        AdminMenuEntry,
        ChatChannel,
        DashboardWidget,
        InboundChatMessage,
        PartnerPanel,
        PermissionGrant,
        SearchDocument,
    )

hookspec = pluggy.HookspecMarker("lanta")


# --- Start-up wiring ---------------------------------------------------------------------


@hookspec
def lanta_configure(config: Configurator) -> None:
    """Wire the add-on into the Pyramid application: routes, views, static views, includes.

    When: once, while the WSGI application is built (``lanta.main``), for every add-on that
    is installed and allowed by the ini file, whether it is enabled in the site settings or
    not. No database transaction is open.

    ``config`` is a Pyramid ``Configurator`` whose package is the add-on's own package, so
    relative asset specs (``.views``, ``templates/x.pt``) resolve inside the add-on. Every
    view registered through it is gated: while the add-on is disabled in the site settings
    it answers 404, without a restart. Views must name a ``permission``.

    Return nothing. Route names start with the add-on's name (``banner.admin.list``) and
    paths with ``/NAME/``, ``/admin/NAME/`` or ``/api/v1/NAME/``.
    """


@hookspec
def lanta_migration_locations() -> str | list[str] | None:
    """Directories holding the add-on's alembic versions (its own branch).

    When: each time the migration environment is built: ``lanta db upgrade``, ``lanta db
    current``, the test fixtures that build a database, and at start-up to check that the
    database is current. No transaction is open. Disabled add-ons are asked too: their
    tables are migrated and stay until ``lanta plugins purge``.

    Return an absolute path, or a list of them, or None. The first revision of the branch
    has ``down_revision = None``, ``branch_labels = ("NAME",)`` and ``depends_on`` the core
    revision it needs. Results of all add-ons are concatenated.
    """


@hookspec
def lanta_permissions() -> list[PermissionGrant] | None:
    """Permissions the add-on defines and the roles that hold them.

    When: on every request, while the root ACL is built (cheap: return constants). A
    disabled add-on is skipped, so its permissions are granted to nobody.

    Return a list of :class:`lanta.addon_api.PermissionGrant` (``permission``, ``roles``).
    Roles are ``admin``, ``editor``, ``staff``, ``partner``, ``tester``, ``visitor`` or
    ``authenticated`` (any logged-in user) and ``everyone``. The admin holds every
    permission anyway. Lists of all add-ons are concatenated.
    """


@hookspec
def lanta_user_roles(dbsession: Session, user: Any) -> list[str] | None:
    """Roles an add-on gives an account besides the one it holds (``user.role``).

    When: once per request that checks a permission, for the logged-in account, inside the
    request's transaction (read only: one indexed query at most). Disabled add-ons are
    skipped, so the roles they give vanish with them.

    ``dbsession`` is the request's SQLAlchemy session; ``user`` is the
    :class:`lanta.models.User`. Return role names among those of
    :func:`lanta_permissions` (a partner account accepted as a tester gets ``tester`` and
    keeps ``partner``), or None. Lists are joined; ``admin`` is never given this way (it
    is refused with a warning in the log), so that no add-on can make an administrator.
    """


# --- Requests ----------------------------------------------------------------------------


@hookspec
def lanta_admin_menu(request: Request) -> list[AdminMenuEntry] | None:
    """Entries of the admin menu (the side bar of every ``/admin/`` page).

    When: while an admin page is rendered, inside the request's transaction (read only).
    Disabled add-ons are skipped, so their entries vanish at once.

    Return a list of :class:`lanta.addon_api.AdminMenuEntry`. Entries whose permission the
    current user lacks are dropped by the core; the rest are sorted by ``order`` then title,
    and grouped under their ``section`` (give an add-on's entries one, its name): a
    section is listed where its first entry falls, so its entries stay together.
    """


@hookspec
def lanta_dashboard_widgets(request: Request) -> list[DashboardWidget] | None:
    """Widgets of the admin dashboard (``/admin/``).

    When: while the dashboard is rendered, inside the request's transaction (read only).
    Disabled add-ons are skipped.

    Return a list of :class:`lanta.addon_api.DashboardWidget`; its ``body`` is HTML that
    the add-on escaped itself (render a template or use ``markupsafe``). Widgets whose
    permission the user lacks are dropped; the rest are sorted by ``order`` then title.
    """


@hookspec
def lanta_page_slot(request: Request, slot: str) -> str | None:
    """HTML to insert in a named slot of every public and admin page.

    When: while the layout is rendered, once per slot, inside the request's transaction.
    Disabled add-ons are skipped.

    ``slot`` is one of ``"head"`` (inside ``<head>``: link and meta elements), ``"header"``
    (top of the page, below the site header), ``"footer"`` (bottom of the page).

    Return safe HTML (a ``markupsafe.Markup`` or a string the add-on escaped), or None for
    nothing. Results are concatenated in plugin order (later-registered first).
    """


@hookspec
def lanta_partner_panels(request: Request, partner: Any) -> list[PartnerPanel] | None:
    """Panels shown on a partner's public page (reviews, offers, bookings, notices…).

    When: while a partner page is rendered, inside the request's transaction (read only).
    Disabled add-ons are skipped.

    ``partner`` is the :class:`lanta.models.Partner` being shown; add-ons read its public
    attributes ``id``, ``slug``, ``category`` and its texts through
    ``partner.text("name", request.locale_name)`` (``name`` itself maps language to text).

    Return a list of :class:`lanta.addon_api.PartnerPanel` (title, HTML body, order); the
    core sorts all panels by ``order`` then title.
    """


@hookspec
def lanta_account_links(request: Request) -> list[AdminMenuEntry] | None:
    """Links an add-on offers a logged-in account in the header of every page, beside
    "My account" ("My tests" for a tester, say): for the tools of people who never enter
    the admin area.

    When: while a page is rendered for a logged-in account, inside the request's
    transaction (read only). Disabled add-ons are skipped.

    Return a list of :class:`lanta.addon_api.AdminMenuEntry` (title, url, permission,
    order); the core shows those whose permission the account holds, by ``order`` then
    title. Keep it to one link per add-on: the header has little room on a phone.
    """


@hookspec
def lanta_partner_space_links(request: Request, partner: Any) -> list[AdminMenuEntry] | None:
    """Links an add-on offers a partner's own account beside one of its listings, on its
    space ``/partner/`` ("My VIP offers", "My bookings"…).

    When: while ``/partner/`` is rendered for an account with the ``partner`` role, once per
    listing the account keeps, inside the request's transaction (read only). Disabled
    add-ons are skipped.

    ``partner`` is the :class:`lanta.models.Partner` of that listing. Return a list of
    :class:`lanta.addon_api.AdminMenuEntry` (title, url, permission, order); the core shows
    those whose permission the account holds, by ``order`` then title. The pages behind
    them must check themselves that the account keeps that listing.
    """


@hookspec
def lanta_openapi_paths(request: Request) -> dict[str, Any] | None:
    """The add-on's paths for the OpenAPI 3.1 document at ``/api/v1/openapi.json``.

    When: each time the document is requested, inside the request's transaction. Disabled
    add-ons are skipped, so their paths are absent from the document (and answer 404).

    Return a mapping of path (``/api/v1/NAME/...``) to an OpenAPI Path Item object, or None.
    Mappings are merged; a path claimed twice is an error reported in the log and the later
    one is dropped. Component schemas go inline (no shared ``components`` section yet).
    """


# --- Search ------------------------------------------------------------------------------


@hookspec
def lanta_search_documents(dbsession: Session) -> list[SearchDocument] | None:
    """Documents the add-on wants in the site search index.

    When: by ``lanta reindex`` and whenever the whole index is rebuilt, inside a read-only
    transaction. Disabled add-ons are skipped, so their documents leave the index at the
    next rebuild.

    ``dbsession`` is the SQLAlchemy session to read the add-on's rows from; do not write.

    Return a list of :class:`lanta.addon_api.SearchDocument`. Identifiers must be unique
    and start with the add-on's name (``banner:12``). Lists are concatenated. Set
    ``category``, ``tags`` and ``summary`` for the search page's facets and results, and
    ``effective``/``expires`` (aware datetimes) for a document shown only in a window.
    """


@hookspec
def lanta_search_boosts(dbsession: Session, keys: list[str] | None) -> dict[str, float] | None:
    """How much higher some of the core's documents rank in the site search (partners
    recommended by testers, say).

    When: each time the core builds the index documents of its rows: after a commit that
    changed them and at every rebuild (``lanta reindex``), in a read-only session. Only
    enabled add-ons are asked. A change of the add-on's own data shows in the ranking once
    those rows are indexed again: call
    :func:`lanta.services.search_sync.reindex_after_commit` with their keys.

    ``dbsession`` is the session to read the add-on's rows from; do not write. ``keys``
    are the document keys being built (``partner:12``, ``content:7``), or None for every
    row (a rebuild: answer for every key you know). Return a mapping of key to a
    factor above 1.0 for those that rank higher (unlisted keys keep 1.0), or None.
    Factors of several add-ons multiply; the product is bounded to 4.0. A factor
    multiplies the document's score for the words asked; it does not change which
    documents match, nor the order of a browse without words, nor that of a common word
    held by thousands of documents (ranked by their titles instead).
    """


# --- Conversations with visitors --------------------------------------------------------


@hookspec
def lanta_chat_channels(request: Request) -> list[ChatChannel] | None:
    """Channels through which visitors write to the office's chat inbox (the site's
    widget, a message left by e-mail, Messenger, an SMS gateway…).

    When: when the chat inbox shows a conversation's channel, when a staff member replies
    in a conversation of that channel (to send the reply), and for the chat's figures by
    channel; inside the request's transaction. Disabled add-ons are skipped.

    ``request`` is the current request (its ``dbsession``, its settings). Return a list
    of :class:`lanta.addon_api.ChatChannel`, or None; lists are concatenated, and the
    first channel of a name wins. ``deliver(request, conversation, message)`` sends a
    staff reply: ``conversation.external_id`` is the ``sender_id`` given to
    ``lanta_chat_inbound``, ``conversation.language`` the visitor's, ``message.body``
    the reply's text. It returns a :class:`lanta.addon_api.ChatDelivery` and must not
    raise for a network failure (return ``ChatDelivery("failed", why)``): the reply is
    kept and shown to the staff as not delivered.
    """


@hookspec
def lanta_chat_inbound(request: Request, message: InboundChatMessage) -> int | None:
    """A visitor's message that came through a channel, handed to the chat inbox.

    When: called by the add-on that brings a channel, from its own webhook view, with
    ``request.hooks.lanta_chat_inbound(request=request, message=message)``, inside that
    request's transaction. Disabled add-ons are skipped: with no chat enabled the call
    returns an empty list, and the channel should answer its sender that nothing was
    taken.

    ``request`` is the webhook's request; ``message`` a
    :class:`lanta.addon_api.InboundChatMessage`. The chat add-on adds it to the sender's
    conversation that is not closed yet (or opens one), stores a ``message_id`` seen
    before only once, and returns the conversation's id. It raises
    :class:`lanta.services.errors.InvalidField` for an empty or too long text.
    """


# --- Command line and demo ---------------------------------------------------------------


@hookspec
def lanta_cli(cli: click.Group) -> None:
    """Add the add-on's own commands to the ``lanta`` command line.

    When: each time the ``lanta`` script starts, before the arguments are parsed. Every
    installed, allowed add-on is asked, enabled or not (a command of a disabled add-on
    may still be needed to inspect or purge its data).

    ``cli`` is the top-level ``click.Group``. Add one group named after the add-on
    (``lanta banner …``). Commands get the loaded environment with ``click.pass_obj``:
    it has ``settings``, ``app_settings``, ``engine``, ``plugins`` and ``session()`` (a
    context manager that commits). Report a failure with ``click.ClickException(sentence)``:
    one sentence on stderr, exit status 1. Return nothing.
    """


@hookspec
def lanta_demo(dbsession: Session, site_settings: Any, uploads_dir: Path,
               ) -> list[str] | None:
    """Load the add-on's part of the demo office.

    When: by ``lanta demo`` (and so by ``make run`` on an empty database), after the core's
    demo content, inside the single transaction that ``lanta demo`` commits at the end. Only
    enabled add-ons are asked (the demo enables every bundled add-on first).

    ``site_settings`` is the :class:`lanta.services.site_settings.SiteSettings` in force;
    ``uploads_dir`` the site's uploads folder, for demo files (a sample video…). Add
    objects to ``dbsession``. Return None, or lines telling the operator how to try
    what was added ("type the pairing code … on /vip/terminal"): ``lanta demo`` prints
    them after the accounts.
    """


@hookspec
def lanta_purge(dbsession: Session, uploads_dir: Path) -> None:
    """Delete every row the add-on stored, before ``lanta plugins purge NAME`` drops its tables.

    When: by ``lanta plugins purge NAME`` only, for that one add-on, after it was disabled,
    in a transaction that is committed before its migration branch is downgraded to base.
    ``dbsession`` is the SQLAlchemy session of that transaction (do not commit it);
    ``uploads_dir`` the site's uploads folder, where the add-on's files may lie.
    Return nothing. Implement it when rows elsewhere (files on disk, core settings) refer to
    the add-on's data; the tables themselves are dropped by the migrations.
    """
