"""(being written)"""
from .channels import ChatChannel
from .i18n import _


def builtin_channels(request) -> list[ChatChannel]:
    return [ChatChannel("web", _("Website"))]
