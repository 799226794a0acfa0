"""The draws, the annual plan and the campaigns left inspections (issue 8) without losing a bureau's data: each
stored under the old state (with its content types, a role's grant of its permission, audit rows and what refers
to it) is found under its own app after `migrate`, and its permissions, the grants, the roles' records of their
defaults, the users' list settings and the audit rows follow it. One scratch database and one migration run for
the three (moves_check.py; each app's part is its tests/migration_check.py)."""

import json
import os
import subprocess
import sys

import pytest

from yingji.platform.core.testing import scratch_database


def found_after_the_moves(tmp_path_factory):
    """What the new state finds of each move, from a scratch database of the suite's engine (dropped afterwards)."""
    with scratch_database(tmp_path_factory.mktemp("moves"), "yingji_moved") as url:
        result = subprocess.run([sys.executable, "-m", "yingji.supervision.inspections.tests.moves_check"],
                                env={**os.environ, "DATABASE_URL": url, "DEBUG": "0"}, capture_output=True,
                                text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_a_draw_of_the_old_state_is_found_with_its_permission_and_audit_under_draws(found):
    found = found["draws"]
    assert found["title"] == "2026年第一季度双随机抽查" and found["events"] == 1
    old = found["old_ids"]
    # the same content type rows, relabelled: nothing refers to a new id
    assert found["content_types"] == sorted(["draws", m, old[m]] for m in ("draw", "drawitem", "drawevent"))
    app, same, groups = found["permission"]
    assert app == "draws" and same and "局领导" in groups
    assert found["audit"] == ["draws", "draw"]
    assert found["draws_in_inspections_state"] == []


def check_a_plan_of_the_old_state_is_found_with_its_references_under_inspection_plans(found):
    found = found["plans"]
    name, frequencies, items = found["plan"]
    assert name == "安澜县2026年度安全生产监督检查计划" and frequencies == {"A": 4} and len(items) == 1
    # the inspection record still points at its planned inspection, now the new app's model
    plan_item, inspection, item = found["inspection_item"]
    assert plan_item == item and found["answered_by"] == [inspection]
    assert found["rule"] is True
    old = found["old_ids"]
    # the same content type rows, relabelled (nothing refers to a new id), and no second one under either label
    assert found["content_types"] == sorted(["inspection_plans", m, old[m]] for m in old)
    # the grant follows its permission; the default an administrator took away is not given back by migrate
    assert found["view_plan"] == ["inspection_plans", True]
    assert found["leader_perms"] == ["inspection_plans.view_inspectionplan"]
    assert sorted(found["seeded"]) == ["inspection_plans.view_frequencyrule", "inspection_plans.view_inspectionplan"]
    assert found["audit"] == ["inspection_plans", "planfrequency", "inspection_plans", "inspectionplan"]
    assert found["lists"] == [["inspection_plans:inspectionplan_list"]] * 2
    assert found["plans_in_inspections_state"] == []


def check_a_campaign_of_the_old_state_is_found_with_its_places_permission_and_audit_under_campaigns(found):
    found = found["campaigns"]
    assert found["name"] == "重大事故隐患专项排查整治2026行动"
    assert found["enterprises"] == ["安澜化工有限公司"] and found["places"] == ["城关农贸市场"]
    # the inspection attributed to it still is, through the same column and table
    assert found["inspection_campaign"] == ["campaigns.Campaign", 1]
    old = found["old_ids"]
    # the same content type rows, relabelled: nothing refers to a new id
    assert found["content_types"] == sorted(["campaigns", m, old[m]] for m in ("campaign", "campaignplace"))
    app, same, groups = found["permission"]
    assert app == "campaigns" and same and "执法人员" in groups
    campaign, place = found["ids"]
    assert found["audit"] == [["campaigns", "campaign", campaign], ["campaigns", "campaignplace", place]]
    assert found["campaigns_in_inspections_state"] == []


@pytest.mark.slow
def test_the_draws_the_annual_plan_and_the_campaigns_keep_their_data_across_their_moves(tmp_path_factory):
    """One test, so that the one migration run is not repeated on a second xdist worker."""
    found = found_after_the_moves(tmp_path_factory)
    check_a_draw_of_the_old_state_is_found_with_its_permission_and_audit_under_draws(found)
    check_a_plan_of_the_old_state_is_found_with_its_references_under_inspection_plans(found)
    check_a_campaign_of_the_old_state_is_found_with_its_places_permission_and_audit_under_campaigns(found)
