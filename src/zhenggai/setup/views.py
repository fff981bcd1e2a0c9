"""Set-up pages: the tree and rounds for the 巡视巡察办, departments and people for a unit's 整改办.

Every write goes through a service that checks the actor; the views only turn a refusal
into a Chinese message. Initial passwords are shown once, on the page that created them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhenggai import ids
from zhenggai.ledger import access as acl
from zhenggai.ledger.models import Body, BodyKind, InspectionGroup, InspectionRound, LedgerError, Unit
from zhenggai.ledger.models.rounds import newest_first

from . import forms, people_import, services
from .middleware import SESSION_KEY
from .models import Profile


def _round_for_setup(user, round_id) -> InspectionRound:
    try:
        rnd = InspectionRound.objects.active().select_related("body").get(pk=int(round_id))
    except (InspectionRound.DoesNotExist, ValueError, TypeError):
        raise Http404("没有这个轮次") from None
    if not services.managed_bodies(user).filter(pk=rnd.body_id).exists():
        raise Http404("没有这个轮次")
    return rnd


def _fail(request, error: Exception) -> None:
    messages.error(request, str(error.args[0] if error.args else error))


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The bodies the user sets up, with their rounds; the tree itself for the operator."""
    bodies = services.managed_bodies(request.user).select_related("parent")
    if not request.user.is_superuser and not bodies.exists():
        raise PermissionDenied("只有巡视巡察办和系统管理员可以进行机构设置；单位的部门和人员请在本单位“人员”页面管理")
    round_form = forms.RoundForm(request.POST if request.POST.get("form") == "round" else None, bodies=bodies)
    body_form = forms.BodyForm(request.POST if request.POST.get("form") == "body" else None)
    person_form = forms.BodyPersonForm(request.POST if request.POST.get("form") == "body_person" else None)
    created = None
    if request.method == "POST":
        try:
            if request.POST.get("form") == "round" and round_form.is_valid():
                data = dict(round_form.cleaned_data)
                rnd = services.create_round(request.user, data.pop("body"), data.pop("name"), **data)
                messages.success(request, f"已新建轮次“{rnd.name}”，请添加巡视巡察组和被巡视巡察单位")
                return redirect("setup:round", rnd.id)
            if request.POST.get("form") == "body" and body_form.is_valid():
                d = body_form.cleaned_data
                body = services.create_body(request.user, d["parent"], d["kind"], d["name"], d["tier"])
                messages.success(request, f"已新建“{body.name}”")
                return redirect("setup:index")
            if request.POST.get("form") == "body_person" and person_form.is_valid():
                d = person_form.cleaned_data
                created = [services.grant_on_body(request.user, d["body"], d["name"], d["title"], d["phone"])]
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    rounds = InspectionRound.objects.active().filter(body__in=bodies).select_related("body").order_by(*newest_first())
    tree = Body.objects.active().exclude(kind=BodyKind.ORGANISATION) if request.user.is_superuser else None
    return render(request, "setup/index.html", {
        "bodies": bodies, "rounds": rounds, "round_form": round_form, "body_form": body_form, "tree": tree,
        "person_form": person_form, "created": created,
        "grants": services.tree_people() if request.user.is_superuser else None,
    }, status=400 if (round_form.errors or body_form.errors or person_form.errors) else 200)


@require_http_methods(["GET", "POST"])
@login_required
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    rnd = _round_for_setup(request.user, round_id)
    which = request.POST.get("form")
    group_form = forms.GroupForm(request.POST if which == "group" else None)
    unit_form = forms.UnitForm(request.POST if which == "unit" else None, inspection=rnd)
    person_form = forms.GrantPersonForm(request.POST if which == "person" else None,
                                        groups=InspectionGroup.objects.active().filter(inspection=rnd))
    created = None
    if request.method == "POST":
        try:
            if which == "group" and group_form.is_valid():
                group = services.add_group(request.user, rnd, group_form.cleaned_data["name"])
                messages.success(request, f"已添加“{group.name}”")
                return redirect("setup:round", rnd.id)
            if which == "unit" and unit_form.is_valid():
                d = unit_form.cleaned_data
                organisation = Body.objects.active().filter(kind=BodyKind.ORGANISATION, name=" ".join(d["name"].split()),
                                                            parent=rnd.body.parent).first()
                unit = services.add_unit(request.user, rnd, d["name"], d["group"], d["feedback_date"], organisation)
                messages.success(request, f"已添加被巡视巡察单位“{unit.name}”；请为其添加整改办人员")
                return redirect("setup:round", rnd.id)
            if which == "person" and person_form.is_valid():
                d = person_form.cleaned_data
                created = [services.add_body_person(request.user, rnd.body, d["name"], d["role"], d["group"],
                                                    d["title"], d["phone"])]
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    organisations = Body.objects.active().filter(kind=BodyKind.ORGANISATION, parent=rnd.body.parent).order_by("name")
    return render(request, "setup/round.html", {
        "round": rnd, "groups": InspectionGroup.objects.active().filter(inspection=rnd),
        "units": Unit.objects.active().filter(inspection=rnd).select_related("inspection_group", "organisation"),
        "organisations": organisations, "group_form": group_form, "unit_form": unit_form,
        "person_form": person_form, "people": services.body_people(rnd.body), "created": created,
    }, status=400 if (group_form.errors or unit_form.errors or person_form.errors) else 200)


@require_http_methods(["GET", "POST"])
@login_required
def people(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's departments and people, for its 整改办 (others may not open it)."""
    access = acl.unit_for(request.user, unit_id, write=True)
    unit = access.unit
    which = request.POST.get("form")
    dept_form = forms.DepartmentForm(request.POST if which == "department" else None)
    person_form = forms.PersonForm(request.POST if which == "person" else None, unit=unit)
    file_form = forms.PeopleFileForm(request.POST if which == "file" else None, request.FILES if which == "file" else None)
    created, errors = None, None
    if request.method == "POST":
        try:
            if which == "department" and dept_form.is_valid():
                dept = services.add_department(request.user, unit, dept_form.cleaned_data["name"])
                messages.success(request, f"已添加部门“{dept.name}”")
                return redirect("setup:people", unit.id)
            if which == "person" and person_form.is_valid():
                d = person_form.cleaned_data
                created = [services.add_person(request.user, unit, d["name"], d["role"], d["department"],
                                               d["title"], d["phone"])]
            if which == "file" and file_form.is_valid():
                created = people_import.import_people(request.user, unit, request.FILES["file"])
            if which == "reset":
                user = services.people_of(unit).filter(user_id=ids.as_id(request.POST.get("user"))).first()
                if user is None:
                    raise Http404("没有这个人员")
                password = services.reset_password(request.user, unit, user.user)
                created = [services.NewPerson(user.user, user.user.get_username(), password)]
        except people_import.PeopleImportError as e:
            errors = e.errors
        except (LedgerError, PermissionDenied) as e:
            _fail(request, e)
    failed = bool(dept_form.errors or person_form.errors or file_form.errors or errors)
    return render(request, "setup/people.html", {
        "unit": unit, "access": access, "members": services.people_of(unit),
        "departments": unit.departments.filter(archived_at__isnull=True),
        "dept_form": dept_form, "person_form": person_form, "file_form": file_form,
        "created": created, "errors": errors,
    }, status=400 if failed else 200)


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's password; required before anything else after an initial password."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        Profile.objects.filter(user=user).update(must_change_password=False)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, "密码已修改")
        return redirect("ledger:home")
    must = Profile.objects.filter(user=request.user, must_change_password=True).exists()
    return render(request, "setup/password.html", {"form": form, "must": must}, status=400 if form.errors else 200)



