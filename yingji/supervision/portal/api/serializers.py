from rest_framework import serializers


class HistoryPenaltySerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    target = serializers.CharField()
    target_display = serializers.CharField(source="get_target_display")
    target_name = serializers.CharField(help_text="对个人处罚（一案双罚）时被处罚人的姓名，处罚决定书所载")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    suspension_days = serializers.IntegerField(allow_null=True)


class HistoryStepSerializer(serializers.Serializer):
    step = serializers.CharField()
    step_display = serializers.CharField(source="get_step_display")
    date = serializers.DateField()


class EnforcementHistorySerializer(serializers.Serializer):
    """A case of 本企业执法记录 (portal/history.py): the decision, money owed, deadline and surcharge; no officers."""

    id = serializers.IntegerField(source="case.pk")
    number = serializers.CharField(source="case.number", allow_null=True)
    title = serializers.CharField(source="case.title")
    state = serializers.CharField(source="case.state")
    state_display = serializers.CharField(source="case.get_state_display")
    enterprise = serializers.IntegerField(source="case.enterprise_id")
    department_name = serializers.CharField(source="case.department.name", help_text="处罚机关")
    filed_on = serializers.DateField(source="case.filed_on", allow_null=True)
    decided_on = serializers.DateField(source="case.decided_on", allow_null=True)
    delivered_on = serializers.DateField(source="case.delivered_on", allow_null=True)
    executed_on = serializers.DateField(source="case.executed_on", allow_null=True)
    penalties = HistoryPenaltySerializer(many=True)
    money = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="罚没款合计（元）")
    payment_due = serializers.DateField(allow_null=True, help_text="缴纳期限（未缴清时）")
    overdue = serializers.BooleanField(help_text="缴纳期限已过而未执行")
    surcharge_now = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                             help_text="逾期时截至今日的加处罚款（元）")
    paid_amount = serializers.DecimalField(source="case.paid_amount", max_digits=14, decimal_places=2,
                                           allow_null=True)
    surcharge = serializers.DecimalField(source="case.surcharge", max_digits=14, decimal_places=2, allow_null=True,
                                         help_text="执行时实收的加处罚款（元）")
    steps = HistoryStepSerializer(many=True)
