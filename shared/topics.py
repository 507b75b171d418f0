"""The topic registry: every topic the pipeline uses, once.

Names here are unprefixed; ``CommonSettings.topic(name)`` adds the deployment's prefix. The local launcher,
the compose topic job and the AsyncAPI documents all read this registry.
"""

from dataclasses import dataclass, field

DEAD_LETTER_SUFFIX = ".dlq"
# The log is the source of truth that services and read models are rebuilt from by replay: every topic,
# dead letters included, keeps its events (a rebuild refuses to start on a topic that lost its head); only
# the voters' codes, which carry email addresses and rebuild nothing, are kept a day.
KEPT_FOREVER = {"retention.ms": "-1"}


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int
    key: str
    description: str
    config: dict[str, str] = field(default_factory=lambda: dict(KEPT_FOREVER), compare=False, hash=False)

    @property
    def dead_letter(self) -> str:
        return self.name + DEAD_LETTER_SUFFIX


NOMINATIONS_SUBMITTED = Topic(
    "nominations.submitted", 3, "the submitter's reference",
    "Nominations from other systems and from the HTTP intake.",
)
NOMINATIONS_SCREENED = Topic(
    "nominations.screened", 3, "nomination id", "Screening outcome: accepted or rejected with reasons."
)
JUDGING_SCORES = Topic("judging.scores", 3, "nomination id", "A judge's criterion scores.")
JUDGING_REJECTED = Topic("judging.rejected", 3, "nomination id", "Jury scores that were refused.")
ENGAGEMENT_METRICS = Topic(
    "engagement.metrics", 3, "nomination id", "Engagement snapshots from monitoring systems."
)
VOTES = Topic("votes", 3, "edition|category|voter",
              "Public votes; keyed by the voter's scope so the first vote per voter is decided in order.")
JUDGING_PANEL = Topic("judging.panel", 1, "judge id", "Judges registered on panels, and recusals.")
SCORES_UPDATED = Topic(
    "scores.updated", 3, "nomination id", "A nomination's standing, versioned, with its breakdown."
)
JURY_AUDIT = Topic("judging.audit", 1, "edition|category",
                   "Statistical audit flags of a category's jury (a judge far from the panel, a disputed nomination).")
CATEGORY_MILESTONES = Topic("categories.milestones", 1, "edition|category",
                            "A category's new top three, and the end of its judging.")
NOTIFICATIONS_SENT = Topic("notifications.sent", 3, "nomination id", "Audit of every delivery.")
EDITIONS = Topic("editions", 1, "edition id", "Edition lifecycle: published, finalised, winners.")
# A voter's email address travels in clear only here, to the service that sends the code: the topic keeps
# its events a day (codes live minutes), and nothing is rebuilt from it. Kafka deletes whole segments
# only, so segments close every hour: an event is gone between one day and one day and an hour later.
VOTER_CODES = Topic("voters.codes", 3, "voter id",
                    "One-time codes that confirm a voter's email address, to be emailed to it.",
                    config={"retention.ms": str(24 * 3600 * 1000), "segment.ms": str(3600 * 1000)})

ALL: tuple[Topic, ...] = (
    NOMINATIONS_SUBMITTED,
    NOMINATIONS_SCREENED,
    JUDGING_PANEL,
    JUDGING_SCORES,
    JUDGING_REJECTED,
    ENGAGEMENT_METRICS,
    VOTES,
    SCORES_UPDATED,
    JURY_AUDIT,
    CATEGORY_MILESTONES,
    NOTIFICATIONS_SENT,
    EDITIONS,
    VOTER_CODES,
)


def with_dead_letters() -> list[tuple[str, int, dict[str, str]]]:
    """Every topic name with its partition count and configuration, dead-letter topics included."""
    rows: list[tuple[str, int, dict[str, str]]] = []
    for topic in ALL:
        rows.append((topic.name, topic.partitions, topic.config))
        rows.append((topic.dead_letter, 1, dict(topic.config)))  # a dead letter is kept as long as its topic's events
    return rows
