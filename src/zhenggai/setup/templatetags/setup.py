from django import template

from ..services import managed_bodies

register = template.Library()


@register.simple_tag(takes_context=True)
def may_set_up(context) -> bool:
    """Whether the nav offers 机构设置 (the 巡视巡察办 and the operator)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or managed_bodies(user).exists()
