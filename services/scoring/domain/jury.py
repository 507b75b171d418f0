"""A jury score: whether it counts, and what the jury says of a nomination."""

from dataclasses import dataclass
from datetime import datetime

from shared.edition import Category, Edition
from shared.events.scoring import JuryScoreSubmitted

from .judges import Judge, Nominee, conflict


@dataclass(frozen=True)
class Refusal:
    code: str
    en: str
    ar: str


def refusal(score: JuryScoreSubmitted, at: datetime, judge: Judge, nominee: Nominee | None,
            accepted: bool, recused: bool, edition: Edition, finalised_at: datetime | None) -> Refusal | None:
    """Why this score does not count, or None. The first reason is given."""
    if not accepted or nominee is None:
        return Refusal("NOMINATION_NOT_ACCEPTED", "Only accepted nominations are judged.",
                       "لا يُحكَّم إلا الترشيح المقبول.")
    if finalised_at is not None and at >= finalised_at:
        return Refusal("EDITION_FINALISED", "The edition is finalised; no more scores count.",
                       "اعتُمدت نتائج الدورة؛ لا تُحتسب درجات جديدة.")
    if not edition.windows.judging.is_open_at(at):
        return Refusal("OUTSIDE_JUDGING_WINDOW", "The score was given outside the judging window.",
                       "قُدِّمت الدرجة خارج فترة التحكيم.")
    if nominee.category not in judge.categories:
        return Refusal("NOT_ON_PANEL", "The judge does not sit on this category's panel.",
                       "المحكِّم ليس عضواً في لجنة هذه الفئة.")
    if code := conflict(judge, nominee):
        return Refusal(code, "The judge has a conflict of interest with this nominee.",
                       "لدى المحكِّم تعارض مصالح مع هذا المرشح.")
    if recused:
        return Refusal("JUDGE_RECUSED", "The judge recused from this nomination.",
                       "تنحّى المحكِّم عن هذا الترشيح.")
    category = edition.category(nominee.category)
    assert category is not None
    expected = {c.code for c in category.criteria}
    if set(score.scores) != expected:
        return Refusal("CRITERIA_MISMATCH",
                       f"Scores must cover exactly these criteria: {', '.join(sorted(expected))}.",
                       "يجب أن تغطي الدرجات معايير الفئة كلها ولا غيرها.")
    if any(not 0 <= value <= 10 for value in score.scores.values()):
        return Refusal("SCORE_OUT_OF_RANGE", "Each criterion is scored from 0 to 10.",
                       "تُمنح كل درجة من 0 إلى 10.")
    return None


def standing_refusal(at: datetime, judge: Judge, nominee: Nominee, accepted: bool, recused: bool,
                     edition: Edition, finalised_at: datetime | None) -> Refusal | None:
    """Why no sheet of this judge for this nominee would count at ``at`` (a complete sheet assumed): what
    the judge's portal says before the judge types a mark."""
    category = edition.category(nominee.category)
    if category is None:
        return Refusal("NOT_ON_PANEL", "The edition has no such category.", "لا توجد هذه الفئة في الدورة.")
    probe = JuryScoreSubmitted(nomination_id=nominee.nomination_id, judge_id=judge.id, version=1,
                               scores={criterion.code: 0.0 for criterion in category.criteria})
    return refusal(probe, at, judge, nominee, accepted, recused, edition, finalised_at)


@dataclass(frozen=True)
class Scale:
    mean: float
    spread: float


def judge_scales(juries: list[dict[str, dict[str, float]]]) -> tuple[dict[str, Scale], Scale]:
    """Each judge's mean and standard deviation over all the judge's marks in the edition, and the
    whole jury's: the running sums (count, sum, sum of squares) a z-score needs."""
    sums: dict[str, tuple[int, float, float]] = {}
    for jury in juries:
        for judge, scores in sorted(jury.items()):
            n, s, q = sums.get(judge, (0, 0.0, 0.0))
            for value in (scores[k] for k in sorted(scores)):
                n, s, q = n + 1, s + value, q + value * value
            sums[judge] = (n, s, q)

    def scale(n: int, s: float, q: float) -> Scale:
        mean = s / n
        return Scale(mean, max(q / n - mean * mean, 0.0) ** 0.5)

    total = tuple(map(sum, zip(*sums.values(), strict=True))) if sums else (0, 0.0, 0.0)
    return ({judge: scale(*v) for judge, v in sums.items()},
            scale(*total) if total[0] else Scale(5.0, 0.0))


def normalised(jury: dict[str, dict[str, float]], scales: dict[str, Scale],
               whole: Scale) -> dict[str, dict[str, float]]:
    """Each mark as the same number of standard deviations from the whole jury's mean as it was from its
    judge's own mean, kept within 0–10; a judge who gave one mark everywhere sits at the jury's mean."""
    out = {}
    for judge, scores in jury.items():
        own = scales[judge]
        out[judge] = {c: min(10.0, max(0.0, whole.mean + ((v - own.mean) / own.spread if own.spread else 0.0)
                                       * whole.spread)) for c, v in scores.items()}
    return out


def complete_sheets(scores_by_judge: dict[str, dict[str, float]], category: Category) -> dict[str, dict[str, float]]:
    """The sheets that cover the category's criteria as the edition now defines them (an edition
    republished with other criteria leaves older sheets out rather than breaking the sums)."""
    codes = {c.code for c in category.criteria}
    return {judge: sheet for judge, sheet in scores_by_judge.items() if codes <= set(sheet)}


def criterion_means(scores_by_judge: dict[str, dict[str, float]], category: Category) -> dict[str, float]:
    """Mean of each criterion over the judges, in a fixed judge order so a replay is bit-identical."""
    judges = sorted(scores_by_judge)
    return {c.code: sum(scores_by_judge[j][c.code] for j in judges) / len(judges) for c in category.criteria}


def jury_component(means: dict[str, float], category: Category) -> float:
    """0–100: the criterion means (0–10) weighted by the category's criterion weights (summing to 100)."""
    return sum(c.weight * means[c.code] for c in category.criteria) / 10
