"""The staff console's dead-letter pages in Arabic (the default) and English."""

from shared.page_language import Language, language

__all__ = ["WORDS", "Language", "language"]

WORDS: dict[Language, dict[str, str]] = {
    "ar": {
        "console": "لوحة مكتب الجوائز",
        "awards": "جوائز الحكومات الاجتماعية",
        "other": "English",
        "sign_in": "تسجيل الدخول",
        "key": "مفتاح الموظف أو المشغِّل",
        "sign_in_help": "مفتاح X-Staff-Key أو X-Operator-Key الذي تستخدمه مع واجهة البرمجة.",
        "wrong_key": "هذا المفتاح غير صحيح.",
        "expired": "انتهت صلاحية النموذج؛ أعد المحاولة.",
        "disabled": "اللوحة معطَّلة: لم يُضبط AWARDS_SESSION_SECRET.",
        "sign_out": "تسجيل الخروج",
        "dead_letters": "الرسائل المتعذِّرة",
        "dead_letters_help": "أحداث لم تستطع الخدمات قراءتها أو معالجتها، محفوظة ببايتاتها الأصلية. "
                             "إعادة الإرسال تعيد الحدث إلى موضوعه كحدث جديد.",
        "topic": "الموضوع",
        "none": "لا رسائل متعذِّرة.",
        "position": "الموضع",
        "time": "الوقت",
        "service": "الخدمة",
        "attempts": "المحاولات",
        "error": "الخطأ",
        "replay": "أعد الإرسال",
        "replayed": "أُعيد إرسال الحدث إلى موضوعه:",
        "operators_only": "إعادة الإرسال للمشغِّلين وحدهم.",
        "not_found": "لا توجد رسالة متعذِّرة في هذا الموضع.",
        "role_staff": "موظف",
        "role_operator": "مشغِّل",
        "unavailable": "Kafka غير متاح الآن؛ أعد المحاولة بعد قليل.",
    },
    "en": {
        "console": "Awards office console",
        "awards": "Social Government Awards",
        "other": "العربية",
        "sign_in": "Sign in",
        "key": "Staff or operator key",
        "sign_in_help": "The X-Staff-Key or X-Operator-Key you use with the API.",
        "wrong_key": "This key is not right.",
        "expired": "The form expired; try again.",
        "disabled": "The console is off: AWARDS_SESSION_SECRET is not set.",
        "sign_out": "Sign out",
        "dead_letters": "Dead letters",
        "dead_letters_help": "Events the services could not read or handle, kept with their original bytes. "
                             "Replaying sends the event back to its topic as a new one.",
        "topic": "Topic",
        "none": "No dead letters.",
        "position": "Position",
        "time": "Time",
        "service": "Service",
        "attempts": "Attempts",
        "error": "Error",
        "replay": "Replay",
        "replayed": "The event was sent back to its topic:",
        "operators_only": "Only operators replay.",
        "not_found": "There is no dead letter at this position.",
        "role_staff": "staff",
        "role_operator": "operator",
        "unavailable": "Kafka is not available now; try again shortly.",
    },
}

