"""(being written)"""


def paths(request) -> dict:
    return {}
