"""一企一档: the enterprise page lists its inspection records, within the viewer's scope, in bounded queries."""

from yingji.supervision.enterprises.testing import make_enterprise
from yingji.supervision.inspections.testing import make_inspection


def test_enterprise_page_lists_its_inspections(world, client_for, django_assert_max_num_queries):
    enterprise = make_enterprise(world, world.regions.township_a)
    other = make_enterprise(world, world.regions.township_a)
    first = make_inspection(world, world.regions.township_a, enterprise=enterprise, findings="消防通道堵塞")
    make_inspection(world, world.regions.township_a, enterprise=other, findings="另一家企业的检查")
    client = client_for(world.users.leader)
    page = client.get(enterprise.get_absolute_url()).content.decode()
    assert "监督检查记录" in page
    assert first.get_absolute_url() in page
    assert "另一家企业的检查" not in page

    for _n in range(5):
        make_inspection(world, world.regions.township_a, enterprise=enterprise)
    with django_assert_max_num_queries(60):
        assert client.get(enterprise.get_absolute_url()).status_code == 200


def test_no_inspection_section_without_the_permission(world, client_for):
    enterprise = make_enterprise(world, world.regions.township_a)
    make_inspection(world, world.regions.township_a, enterprise=enterprise)
    # the township officer sees both; take inspections away from his role
    from django.contrib.auth.models import Permission

    from yingji.platform.accounts.models import User

    officer = world.users.township_a
    officer.groups.get().permissions.remove(
        Permission.objects.get(content_type__app_label="inspections", codename="view_inspection"))
    officer = User.objects.get(pk=officer.pk)
    page = client_for(officer).get(enterprise.get_absolute_url())
    assert page.status_code == 200
    assert "监督检查记录" not in page.content.decode()
