"""Who talked with whom (谈心谈话): the pairs the rule names, as information only.

The compliance item stays "each party member had at least one talk" (branches.selectors.compliance).
支部工作条例 第十九条 asks for talks between committee members and members and among members,
each pair at least once a year; this module says how many of those pairs had a held talk in a
period. It never blocks anything and never changes a compliance state.

Three queries whatever the size of the branch: the period's held talks, the party members on the
reference day, the committee in office on that day.
"""

from dataclasses import dataclass
from itertools import combinations

from branches.models import Activity, Member
from branches.models.activities import Kind, committee_member_ids


@dataclass(frozen=True)
class PairCoverage:
    covered: int
    total: int

    @property
    def missing(self):
        return self.total - self.covered


@dataclass(frozen=True)
class TalkPairs:
    committee_members: PairCoverage  # a committee member with any other party member
    members: PairCoverage  # two party members, neither on the committee


def talk_pairs(organization, period, today):
    """Pair coverage of the period's held talks among the party members on the reference day
    (the period's end, or today while it runs)."""
    on = min(period.end, max(today, period.start))
    talked = {
        frozenset(pair)
        for pair in Activity.objects.held()
        .filter(
            organization=organization,
            kind=Kind.TALK,
            date__range=(period.start, period.end),
            talker__isnull=False,
            talkee__isnull=False,
        )
        .values_list("talker_id", "talkee_id")
        if pair[0] != pair[1]
    }
    people = list(
        Member.objects.filter(organization=organization)
        .party_members(on)
        .values_list("id", flat=True)
    )
    committee = set(committee_member_ids(organization, on)) & set(people)
    counts = {True: [0, 0], False: [0, 0]}
    for a, b in combinations(people, 2):
        with_committee = a in committee or b in committee
        counts[with_committee][1] += 1
        counts[with_committee][0] += frozenset((a, b)) in talked
    return TalkPairs(PairCoverage(*counts[True]), PairCoverage(*counts[False]))
