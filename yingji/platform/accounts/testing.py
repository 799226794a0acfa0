from yingji.platform.core.testing import PASSWORD, sample_factory

from .choices import OrgKind
from .models import Organisation, User

_counter = {"n": 0}


@sample_factory(Organisation)
def make_organisation(world, region, **kw):
    _counter["n"] += 1
    kw.setdefault("kind", OrgKind.OTHER)
    return Organisation.objects.create(name=kw.pop("name", f"样例单位{_counter['n']}"), region=region, **kw)


@sample_factory(User)
def make_user(world, region, **kw):
    _counter["n"] += 1
    u = User(username=kw.pop("username", f"sample{_counter['n']}"), region=region, phone="13900001111", **kw)
    u.set_password(PASSWORD)
    u.save()
    return u
