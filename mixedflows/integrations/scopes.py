"""Token scopes: `<app>:read` and `<app>:write` per app; `read` and `write` name the whole sets."""

APPS = ("people", "screening", "referrals", "cases", "linkage", "flows", "detention", "training", "outreach")
READ = frozenset(f"{app}:read" for app in APPS)
WRITE = frozenset(f"{app}:write" for app in APPS)
ALL = READ | WRITE
SETS = {"read": READ, "write": READ | WRITE}


def expand(names: list[str] | tuple[str, ...]) -> list[str]:
    """The scopes a list of names stands for; raises ValueError naming the first unknown one."""
    scopes: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name in SETS:
            scopes |= SETS[name]
        elif name in ALL:
            scopes.add(name)
            if name.endswith(":write"):
                scopes.add(name.replace(":write", ":read"))
        else:
            raise ValueError(name)
    return sorted(scopes)
