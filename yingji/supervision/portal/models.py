"""企业端: an account of an enterprise's principal or safety manager, scoped to that enterprise alone.

The scope itself is a scope dimension (scope.py): for such a user, every model that declares
`scope_enterprise_field` is filtered to his enterprise, and every model that declares none answers nothing.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import BusinessModel

from .choices import AccountRole


class EnterpriseAccount(BusinessModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.PROTECT,
                                related_name="enterprise_account", editable=False)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="accounts")
    role = models.CharField(_("人员类别"), max_length=20, choices=AccountRole)
    active = models.BooleanField(_("启用"), default=True,
                                 help_text=_("停用后该账号不能登录，也看不到任何企业数据"))

    scope_region_field = "enterprise__region"
    scope_enterprise_field = "enterprise"

    class Meta:
        verbose_name = _("企业账号")
        verbose_name_plural = _("企业账号")
        ordering = ["enterprise__name", "pk"]
        permissions = [("act_for_enterprise", _("以企业身份使用企业端（只看本企业）"))]

    def __str__(self):
        return f"{self.enterprise.name}：{self.user}"

    def get_absolute_url(self):
        return reverse("portal:enterpriseaccount_detail", args=[self.pk])
