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


def criterion_means(scores_by_judge: dict[str, dict[str, float]], category: Category) -> dict[str, float]:
    """Mean of each criterion over the judges, in a fixed judge order so a replay is bit-identical."""
    judges = sorted(scores_by_judge)
    return {c.code: sum(scores_by_judge[j][c.code] for j in judges) / len(judges) for c in category.criteria}


def jury_component(means: dict[str, float], category: Category) -> float:
    """0–100: the criterion means (0–10) weighted by the category's criterion weights (summing to 100)."""
    return sum(c.weight * means[c.code] for c in category.criteria) / 10
