"""The email that carries a voter's one-time code, in the voter's language: the code, how long it is
valid, the category voted in, and what to do when the voter did not ask for it."""

from html import escape
from typing import Any

from shared.events.scoring import VoterCodeRequested

SUBJECT = {"ar": "رمز تأكيد صوتك: {code}", "en": "Your voting code: {code}"}
TEXT = {
    "ar": "رمز تأكيد صوتك في جوائز الحكومات الاجتماعية، فئة «{category}»:\n\n{code}\n\n"
          "أدخله في صفحة التصويت خلال عشر دقائق. إن لم تطلب هذا الرمز فتجاهل هذه الرسالة؛ لن يُحتسب أي صوت دونه.",
    "en": "Your code to confirm your vote in the Social Government Awards, category “{category}”:\n\n{code}\n\n"
          "Enter it on the voting page within ten minutes. If you did not ask for it, ignore this message: "
          "no vote counts without it.",
}


def code_message(request: VoterCodeRequested, category_name: str) -> dict[str, Any]:
    language = request.language
    text = TEXT[language].format(category=category_name, code=request.code)
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))
    html = (f'<!doctype html><html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">'
            f'<body style="font-family: Tahoma, Arial, sans-serif">{paragraphs}</body></html>')
    return {"subject": SUBJECT[language].format(code=request.code), "text": text, "html": html}
