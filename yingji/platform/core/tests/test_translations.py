"""The framework's strings the UI shows in Chinese even where Django's own zh_Hans catalogue lacks them."""

from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


def test_the_empty_choice_of_a_select_reads_chinese():
    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "- 请选择 -"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"
