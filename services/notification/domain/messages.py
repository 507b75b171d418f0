"""What staff are told about a screening outcome, in Arabic and English.

Names appear exactly as submitted; the Arabic text comes first (the office works in Arabic), the
English follows for partners.
"""

from dataclasses import dataclass

from shared.events.nomination import NominationAccepted, NominationRejected


@dataclass(frozen=True)
class StaffMessage:
    kind: str
    subject: str
    body: str


def screening_message(n: NominationAccepted | NominationRejected, results_url: str) -> StaffMessage:
    name_en = n.nominee.name_en or n.nominee.name_ar
    link = f"{results_url.rstrip('/')}/nominations/{n.nomination_id}"
    if isinstance(n, NominationRejected):
        reasons_ar = "\n".join(f"- {r.ar} ({r.code})" for r in n.reasons)
        reasons_en = "\n".join(f"- {r.en} ({r.code})" for r in n.reasons)
        return StaffMessage(
            kind="nomination.rejected",
            subject=f"رُفض ترشيح {n.nominee.name_ar} | Nomination rejected: {name_en}",
            body=(f"رُفض ترشيح «{n.nominee.name_ar}» ({n.country}، {n.category}) للأسباب التالية:\n"
                  f"{reasons_ar}\n\n"
                  f"The nomination of \"{name_en}\" ({n.country}, {n.category}) was rejected:\n"
                  f"{reasons_en}\n\n{link}\n"),
        )
    return StaffMessage(
        kind="nomination.accepted",
        subject=f"قُبل ترشيح {n.nominee.name_ar} | Nomination accepted: {name_en}",
        body=(f"قُبل ترشيح «{n.nominee.name_ar}» ({n.country}، {n.category}) وانتقل إلى التحكيم.\n\n"
              f"The nomination of \"{name_en}\" ({n.country}, {n.category}) was accepted and goes to "
              f"judging.\n\n{link}\n"),
    )
