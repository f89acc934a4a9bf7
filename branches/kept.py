"""Derived figures kept between requests, keyed by each organisation's data version.

Every write that can change an organisation's figures (its records, their attendance, its roster
and movements, committees and their posts, party groups, honours, and the dues bases, reductions,
payments and remittances that `dues` connects with `follow`; through the portal, `/admin/`, imports,
the trash's delete and restore, history reverts) writes a fresh token into the organisation's
`portal.DataVersion` row in the same transaction (the signal receivers below; the queryset-level
writes that send no signals call `bump` themselves). Figures are cached under
(name, organisation, token, arguments): a change makes a new token, so a cached figure is never
read after a change and nothing expires by time. Tokens are random and never reused, so a figure
computed inside a transaction that is rolled back is never found again.

Rows loaded by `loaddata` (raw saves: a backup restored into an empty database, with its version
rows) bump nothing; the trash's restore saves the record itself afterwards, which does.
An organisation without a version row (rows written in bulk by `generate_scale`, say) is computed
every time, never cached; `manage.py keep_figures` writes a fresh row for every organisation
(after bulk loads, or to drop every cached figure).

With settings.KEPT_FIGURES off (the tests, but for those of the kept figures themselves and the
query budgets) every figure is computed, nothing read or kept.
Reading: one query for the tokens of all the organisations asked for, then one cache round trip.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_init, post_save

from portal.models import DataVersion, new_token

PREFIX = "kept"
# Kept figures never go stale (a change makes a new key); the timeout only lets a shared cache
# forget the figures of old versions.
TIMEOUT = 7 * 24 * 3600


def bump(org_ids):
    """Give these organisations a new data version (in the caller's transaction)."""
    ids = sorted({int(i) for i in org_ids if i is not None})
    if ids:
        DataVersion.objects.filter(organization_id__in=ids).update(token=new_token())


def bump_where(organization_ids_query):
    """`bump` for the organisations a subquery names (one query, no rows loaded)."""
    DataVersion.objects.filter(organization_id__in=organization_ids_query).update(token=new_token())


def start(org_ids):
    """Write a fresh version row for these organisations (new ones, or all: rebuild)."""
    rows = [DataVersion(organization_id=i, token=new_token()) for i in sorted(set(org_ids))]
    DataVersion.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["organization_id"],
        update_fields=["token"],
        batch_size=1000,
    )


def tokens(org_ids):
    """{organisation id: its current token} (one query); organisations without a row are left out."""
    return dict(
        DataVersion.objects.filter(organization_id__in=list(org_ids)).values_list(
            "organization_id", "token"
        )
    )


def kept(name, org_ids, arguments, compute, companions=None):
    """{organisation id: figure} for each of `org_ids`, read from the cache where the organisation's
    current version has it, else `compute(missing ids)` (which returns {id: figure}) and kept.

    `arguments`: everything else the figure depends on (year, today, ...), as a string.
    The tokens are read BEFORE the figures are computed: a figure is never kept under a token
    newer than the data it was computed from.
    `companions`: {other name: {}} that `compute` may fill with {id: figure} of other figures of
    the same organisations and arguments it computed along the way (a summary's detail): kept
    under the same versions, so a later `kept(other name, ...)` finds them.
    """
    org_ids = list(dict.fromkeys(org_ids))
    if not getattr(settings, "KEPT_FIGURES", True):
        return compute(org_ids)
    current = tokens(org_ids)
    keys = {
        org_id: key(name, org_id, current[org_id], arguments)
        for org_id in org_ids
        if org_id in current
    }
    found = cache.get_many(list(keys.values())) if keys else {}
    result = {org_id: found[key] for org_id, key in keys.items() if key in found}
    missing = [org_id for org_id in org_ids if org_id not in result]
    if missing:
        computed = compute(missing)
        keep = {keys[org_id]: computed[org_id] for org_id in missing if org_id in keys}
        for other, figures in (companions or {}).items():
            keep.update(
                {
                    key(other, org_id, current[org_id], arguments): figure
                    for org_id, figure in figures.items()
                    if org_id in current
                }
            )
        cache.set_many(keep, timeout=TIMEOUT)
        result.update(computed)
    return result


def kept_for(name, organizations, arguments, compute):
    """`kept` for figures that carry their organisation (a to-do, a dues row), in the order of
    `organizations`: `compute` gets the organisations (not ids) whose figures are missing, and
    every figure gets the caller's organisation object back (a kept copy holds the one it was
    computed with)."""
    by_id = {org.id: org for org in organizations}
    found = kept(name, list(by_id), arguments, lambda ids: compute([by_id[i] for i in ids]))
    figures = []
    for org in organizations:
        figure = found[org.id]
        figure.organization = org
        figures.append(figure)
    return figures


def kept_each(name, wanted, compute):
    """`kept` for figures asked with different arguments per organisation: `wanted` is a list of
    (organisation id, arguments); returns {(organisation id, arguments): figure}, read where the
    organisation's current version has it, else `compute(missing pairs)` (which returns
    {pair: figure}) and kept. One query for the versions and one cache round trip, whatever the
    number of pairs."""
    wanted = list(dict.fromkeys(wanted))
    if not getattr(settings, "KEPT_FIGURES", True):
        return compute(wanted)
    current = tokens({org_id for org_id, _arguments in wanted})
    keys = {
        pair: key(name, pair[0], current[pair[0]], pair[1]) for pair in wanted if pair[0] in current
    }
    found = cache.get_many(list(keys.values())) if keys else {}
    result = {pair: found[k] for pair, k in keys.items() if k in found}
    missing = [pair for pair in wanted if pair not in result]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {keys[pair]: computed[pair] for pair in missing if pair in keys}, timeout=TIMEOUT
        )
        result.update(computed)
    return result


def key(name, org_id, token, arguments):
    return f"{PREFIX}:{name}:{org_id}:{token}:{arguments}"


def digest(current, org_ids):
    """One text for the current tokens of several organisations: new as soon as any of them
    changes, or one is added or removed. None when one of them has no version (never kept)."""
    org_ids = sorted(set(org_ids))
    if any(org_id not in current for org_id in org_ids):
        return None
    text = "|".join(f"{org_id}:{current[org_id]}" for org_id in org_ids)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def kept_over(name, org_ids, arguments, compute):
    """One figure computed from the data of several organisations (a 党委's report counts the
    branches under it), kept under a digest of all their versions: `compute()` runs only when
    one of them changed since. The tokens are read before computing, as in `kept`."""
    if not getattr(settings, "KEPT_FIGURES", True):
        return compute()
    found_digest = digest(tokens(org_ids), org_ids)
    if found_digest is None:
        return compute()
    cache_key = f"{PREFIX}:{name}:{arguments}:{found_digest}"
    found = cache.get(cache_key)
    if found is not None:
        return found
    figure = compute()
    cache.set(cache_key, figure, timeout=TIMEOUT)
    return figure


# -- what bumps a version -----------------------------------------------------------------------


def _remember_organization(sender, instance, **kwargs):
    instance._kept_organization_id = instance.__dict__.get("organization_id")


def _by_organization(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata (a backup restored with its versions); the trash's restore saves after
    # A row moved to another organisation (a member's transfer) changes both.
    bump([instance.organization_id, getattr(instance, "_kept_organization_id", None)])
    instance._kept_organization_id = instance.organization_id


def _by_activity(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata (a backup restored with its versions); the trash's restore saves after
    from branches.models import Activity

    bump_where(Activity.objects.filter(pk=instance.activity_id).values("organization_id"))


def _by_member(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata (a backup restored with its versions); the trash's restore saves after
    from branches.models import Member

    bump_where(Member.objects.filter(pk=instance.member_id).values("organization_id"))


def _by_committee(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata (a backup restored with its versions); the trash's restore saves after
    from branches.models import Committee

    bump_where(Committee.objects.filter(pk=instance.committee_id).values("organization_id"))


def follow(model, via):
    """Renew the data version of the organisation of every row of `model` saved or deleted:
    `via` "organization" (the row's own organisation, and the one it left when it moved) or
    "member" (the organisation of the row's member). For the figures other apps add to an
    organisation's (dues, honours): connected in their AppConfig.ready."""
    receiver = {"organization": _by_organization, "member": _by_member}[via]
    uid = f"kept-{model._meta.label}"
    post_save.connect(receiver, sender=model, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    if via == "organization":
        post_init.connect(_remember_organization, sender=model, dispatch_uid=f"{uid}-init")


def _organization_saved(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    if created:
        start([instance.pk])  # a reused id never meets an earlier organisation's figures
    else:
        bump([instance.pk])


def _organization_deleted(sender, instance, **kwargs):
    DataVersion.objects.filter(organization_id=instance.pk).delete()


def connect():
    from branches.models import (
        Activity,
        Attendance,
        Committee,
        CommitteePost,
        Honour,
        Member,
        Movement,
        Organization,
        PartyGroup,
    )

    for model in (Activity, Member, Committee, PartyGroup):
        post_save.connect(_by_organization, sender=model, dispatch_uid=f"kept-{model.__name__}")
        post_delete.connect(_by_organization, sender=model, dispatch_uid=f"kept-{model.__name__}")
    for model in (Activity, Member):
        post_init.connect(
            _remember_organization, sender=model, dispatch_uid=f"kept-init-{model.__name__}"
        )
    # Honours are counted in the report figures (reports.selectors.statistics).
    follow(Honour, "organization")
    for model, receiver in ((Attendance, _by_activity), (Movement, _by_member)):
        post_save.connect(receiver, sender=model, dispatch_uid=f"kept-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"kept-{model.__name__}")
    post_save.connect(_by_committee, sender=CommitteePost, dispatch_uid="kept-CommitteePost")
    post_delete.connect(_by_committee, sender=CommitteePost, dispatch_uid="kept-CommitteePost")
    post_save.connect(_organization_saved, sender=Organization, dispatch_uid="kept-Organization")
    post_delete.connect(
        _organization_deleted, sender=Organization, dispatch_uid="kept-Organization"
    )
