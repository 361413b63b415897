"""(being written)"""


def load_demo(dbsession) -> list[str]:
    return []


def purge(dbsession) -> None:
    pass
