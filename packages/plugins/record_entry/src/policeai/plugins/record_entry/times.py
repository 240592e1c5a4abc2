"""When things happened: finding time phrases in a narrative and resolving them.

:func:`find_times` finds phrases such as "last night at about 11:15pm", "fri 26/01 approx
1800hrs" or "5 MINS AGO" (hedges included, a leading "on", "at" or "in" left out).
:func:`resolve_time` turns one into an ISO 8601 value against the time the narrative was
recorded, in UK local time (Europe/London), using dateparser with that time as its relative
base: a date and time ("2024-03-17T23:15:00+00:00"), a date ("2024-01-19"), an interval of
two of these joined by "/", or, for a phrase with no single time ("almost every day"), the
phrase itself with ``precision`` "unresolved".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

UK = ZoneInfo("Europe/London")

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    "|forty|forty-five|a|an|a few|a couple of|couple of|few|several"
)
_UNIT = r"(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|nights?|weeks?|months?|years?|yrs?)"
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WEEKDAY_SHORT = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_SHORT = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_WEEKDAY = "|".join(WEEKDAYS)
_WEEKDAY_ANY = _WEEKDAY + "|" + "|".join(sorted(_WEEKDAY_SHORT, key=len, reverse=True))
_MONTH = "|".join(MONTHS) + "|" + _MONTH_SHORT
_PART = r"(?:morning|afternoon|evening|night|lunchtime|lunch|teatime|dinnertime|weekend)"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
HEDGE = (
    r"(?:about|approx\.?|approximately|around|circa|c\.|roughly|just\s+after|just\s+before"
    r"|shortly\s+after|shortly\s+before|sometime|some\s+time|at\s+least|almost|nearly|ish)"
)
_HOUR_WORD = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_CLOCK = (
    r"(?:\d{1,2}[:.]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)"
    r"|\d{1,2}:\d{2}(?:\s?hrs|\s?hours)?"
    r"|\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)"
    r"|[0-2]\d[0-5]\d\s?(?:hrs|hours|h)"
    r"|(?:\d{1,2}|" + _HOUR_WORD + r")\s?o'?clock"
    r"|(?:\d{1,2}|" + _HOUR_WORD + r")\s+in\s+the\s+(?:morning|afternoon|evening|night)"
    r"|(?:half|quarter)\s+(?:past|to)\s+(?:\d{1,2}|" + _HOUR_WORD + r")"
    r"|half\s+(?:" + _HOUR_WORD + r")\b"
    r"|midnight|midday|noon)"
)
_DATE_NUMERIC = (
    r"(?:\d{1,2}-\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2}(?:\d{2})?)?"
    r"|\d{1,2}[.-]\d{1,2}[.-]\d{2}(?:\d{2})?)"
)
_DATE_WORDS = (
    r"(?:" + _ORDINAL + r"\s+(?:of\s+)?(?:" + _MONTH + r")\b(?:,?\s+\d{4})?"
    r"|(?:" + _MONTH + r")\s+" + _ORDINAL + r"\b(?:,?\s+\d{4})?)"
)
_BARE_TIME = r"(?:[0-2]?\d[0-5]\d|\d{1,2}(?:[:.]\d{2})?)"

#: Each kind of time phrase; they are joined into one span when only glue lies between.
_ATOMS = [
    r"between\s+(?:" + _CLOCK + "|" + _DATE_NUMERIC + "|" + _BARE_TIME + r")\s+(?:and|-|to)\s+"
    r"(?:" + _CLOCK + "|" + _DATE_NUMERIC + "|" + _BARE_TIME + ")",
    r"from\s+(?:" + _CLOCK + r")\s+(?:to|until|till)\s+(?:" + _CLOCK + ")",
    _CLOCK,
    _DATE_WORDS,
    _DATE_NUMERIC,
    r"(?:(?:last|this|next)\s+)?(?:" + _WEEKDAY + r")(?:\s+" + _PART + ")?",
    r"(?:last|this|next)\s+(?:" + "|".join(_WEEKDAY_SHORT) + r")(?:\s+" + _PART + ")?",
    r"(?:" + "|".join(_WEEKDAY_SHORT) + r")(?=\s+\d{1,2}[/.])",
    r"(?:this|last|next|yesterday|tomorrow)\s+" + _PART,
    r"(?:today|tonight|yesterday|tomorrow|overnight|earlier(?:\s+today|\s+on)?)",
    r"(?:the\s+)?(?:next|following|previous)\s+(?:day|morning|afternoon|evening|night|week)",
    r"the\s+day\s+before|the\s+other\s+day|the\s+night\s+before",
    r"(?:\d+|" + _NUMBER_WORDS + r")\s+" + _UNIT + r"\s+(?:ago|later|earlier|before|previously)",
    r"(?:all|every)\s+(?:day|night|morning|afternoon|evening|weekend|week)",
    r"(?:daily|nightly|weekly)",
    r"(?:sometime\s+|some\s+time\s+)?(?:in|during)\s+the\s+(?:night|early\s+hours)",
    r"(?:the\s+)?early\s+hours(?:\s+of\s+(?:the\s+morning|today|this\s+morning))?",
    r"lunch(?:time)?|teatime|dinnertime",
    r"(?:for|over|in|during)\s+the\s+(?:last|past)\s+(?:(?:\d+|"
    + _NUMBER_WORDS
    + r")\s+)?"
    + _UNIT,
    r"(?:last|this|next)\s+(?:week|month|year|weekend)",
    r"(?<=\bin\s)(?:" + "|".join(m for m in MONTHS if m != "may") + r")\b",
    r"(?<=\bin\s)may\b(?!\s+(?:be|have|not|well))",
]
_ATOM = re.compile(r"\b(?:" + "|".join(_ATOMS) + r")(?![\w/])", re.IGNORECASE)
#: What may lie between two parts of one phrase ("Saturday 13 April at about 9pm").
_GLUE = re.compile(
    r"[\s,]*(?:(?:at|on|in|of|the|and|from|by|since|until|till|-)\s*)*(?:" + HEDGE + r"\s+)?"
    r"(?:(?:at|on|in)\s+)?[\s,]*",
    re.IGNORECASE,
)
_LEADING = re.compile(r"(?:(?:since|from|until|till|before|after)\s+)?(?:" + HEDGE + r"\s+)?$")
_LEADING_WORD = re.compile(r"(\b[A-Za-z.]+(?:\s+[A-Za-z.]+)?)\s+$")


@dataclass(frozen=True)
class TimePhrase:
    start: int
    end: int
    text: str


def find_times(text: str) -> list[TimePhrase]:
    """Every time phrase in ``text``, with its hedge and its "since"/"until" if any."""
    atoms = [(m.start(), m.end()) for m in _ATOM.finditer(text)]
    spans: list[list[int]] = []
    for start, end in atoms:
        if spans:
            gap = text[spans[-1][1] : start]
            if len(gap) <= 24 and _GLUE.fullmatch(gap) and "\n" not in gap:
                spans[-1][1] = end
                continue
        spans.append([start, end])
    phrases = []
    for atom_start, end in spans:
        start = _extend_left(text, atom_start)
        phrases.append(TimePhrase(start, end, text[start:end]))
    return phrases


def _extend_left(text: str, start: int) -> int:
    """Take in a hedge ("about") or "since" written just before a phrase."""
    before = text[max(0, start - 30) : start]
    for _ in range(2):
        match = _LEADING_WORD.search(before)
        if not match:
            break
        words = match.group(1)
        if re.fullmatch(r"(?:since|until|till|" + HEDGE + ")", words, re.IGNORECASE):
            start -= len(before) - match.start(1)
            before = before[: match.start(1)]
            continue
        last = words.split()[-1]
        if re.fullmatch(r"(?:since|until|till|" + HEDGE + ")", last, re.IGNORECASE):
            offset = match.start(1) + words.rfind(last)
            start -= len(before) - offset
            before = before[:offset]
            continue
        break
    return start


# -- resolution ----------------------------------------------------------------------------------

_SETTINGS_BASE = {
    "PREFER_DATES_FROM": "past",
    "DATE_ORDER": "DMY",
    "TIMEZONE": "Europe/London",
    "RETURN_AS_TIMEZONE_AWARE": True,
}
_HEDGES_RE = re.compile(r"\b" + HEDGE + r"(?=\s|$)", re.IGNORECASE)
_HRS = re.compile(r"\b([0-2]?\d)([0-5]\d)\s?(?:hrs|hours|h)\b")
_DOT_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\s?(am|pm)\b")
_COLON_HRS = re.compile(r"\b(\d{1,2}:\d{2})\s?(?:hrs|hours)\b")
_IN_THE = re.compile(
    r"\b(\d{1,2}|" + _HOUR_WORD + r")\s+in\s+the\s+(morning|afternoon|evening|night)\b"
)
_PAST = re.compile(r"\b(half|quarter)\s+(past|to)\s+(\d{1,2}|" + _HOUR_WORD + r")\b")
_OCLOCK = re.compile(r"\b(\d{1,2}|" + _HOUR_WORD + r")\s?o'?clock\b")
_TWO_DIGIT_YEAR = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b")
_DAY_RANGE = re.compile(r"\b(\d{1,2})-(\d{1,2})/(\d{1,2}(?:/\d{2,4})?)\b")
_HOUR_WORDS = {word: n for n, word in enumerate(_HOUR_WORD.split("|"), start=1)}
_UNRESOLVABLE = re.compile(
    r"\b(?:every|all|daily|nightly|weekly|for the|over the|in the|during the|next|following|"
    r"previous|later|before|other day)\b"
)


def _hour(word: str) -> int:
    return int(word) if word.isdigit() else _HOUR_WORDS[word]


def _normalise(phrase: str, century_base: int) -> str:
    """Rewrite a phrase into words dateparser reads ("1800hrs" -> "18:00")."""
    text = " ".join(phrase.lower().replace("approx.", "approx").split())
    text = _HEDGES_RE.sub(" ", text)
    text = re.sub(r"\b(?:since|until|till|on|at)\b", " ", text)
    text = _HRS.sub(lambda m: f"{int(m[1]):02d}:{m[2]}", text)
    text = _COLON_HRS.sub(r"\1", text)
    text = _DOT_TIME.sub(r"\1:\2\3", text)
    text = _IN_THE.sub(lambda m: f"{_hour(m[1])}{'am' if m[2] == 'morning' else 'pm'}", text)
    text = _OCLOCK.sub(lambda m: f"{_hour(m[1])}:00", text)

    def past(m: re.Match[str]) -> str:
        hour = _hour(m[3])
        minutes = 30 if m[1] == "half" else 15
        if m[2] == "to":
            hour, minutes = (hour - 1) % 12 or 12, 60 - minutes
        return f"{hour}:{minutes:02d}"

    text = _PAST.sub(past, text)
    # "half ten" is half past ten.
    text = re.sub(r"\bhalf (" + _HOUR_WORD + r")\b", lambda m: f"{_hour(m[1])}:30", text)

    def full_year(m: re.Match[str]) -> str:
        year = 2000 + int(m[4])
        if year > century_base:
            year -= 100
        return f"{m[1]}/{m[3]}/{year}"

    text = _TWO_DIGIT_YEAR.sub(full_year, text)
    text = _DOTTED_DATE.sub(r"\1/\2/\3", text)
    text = re.sub(r"\b(" + "|".join(_WEEKDAY_SHORT) + r")\b", lambda m: _WEEKDAY_SHORT[m[1]], text)
    text = re.sub(r"\blast night\b", "yesterday night", text)
    text = re.sub(r"\bovernight\b", "yesterday night", text)
    text = re.sub(r"\bearlier(?: today| on)?\b", "today", text)
    text = re.sub(r"\blunch(?:time)?\b", "12:30", text)
    text = re.sub(r"\b(the )?early hours( of the morning)?\b", "3:00", text)
    text = re.sub(r"\b(?:midday|noon)\b", "12:00", text)
    text = re.sub(r"\bmidnight\b", "00:00", text)
    return " ".join(text.replace(",", " ").split())


def _parse(text: str, base: datetime) -> datetime | None:
    settings = {**_SETTINGS_BASE, "RELATIVE_BASE": base}
    return dateparser.parse(text, languages=["en"], settings=settings)


@dataclass(frozen=True)
class Resolved:
    value: str
    #: "minute", "part of day", "day", "month", "range", "approximate" or "unresolved".
    precision: str


#: The time a part of the day stands for when no clock time is given.
_PART_TIMES = {
    "morning": "09:00",
    "lunchtime": "12:30",
    "lunch": "12:30",
    "afternoon": "15:00",
    "teatime": "17:30",
    "dinnertime": "18:00",
    "evening": "19:00",
    "night": "22:00",
    "tonight": "22:00",
}
_PART_WORD = re.compile(r"\b(" + "|".join(_PART_TIMES) + r")\b")
_DAY_WORD = re.compile(
    r"\b(?:today|yesterday|tomorrow|ago|" + _WEEKDAY + r"|" + "|".join(MONTHS) + r")\b|\d/\d"
)
_CLOCK_NORMAL = re.compile(r"\b(\d{1,2}):(\d{2})\s?(am|pm)?|\b(\d{1,2})\s?(am|pm)\b")
_MONTH_ALONE = re.compile(r"(" + "|".join(MONTHS) + r")")
_RANGE_IN = re.compile(
    r"\b(?:between|from)\s+(\S+?)\s?(am|pm)?\s+(?:and|to|until|till|-)\s+(\S+?)\s?(am|pm)?"
    r"(?=\s|$)"
)


def resolve_time(phrase: str, report_time: datetime) -> Resolved:  # noqa: PLR0911
    """Resolve a time phrase against ``report_time`` (aware) in UK local time."""
    local = report_time.astimezone(UK)
    text = _normalise(phrase, local.year)
    # A weekday named on that same weekday is the day of the report ("21:40 on Friday" in a
    # report made on a Friday night), unless it says "last".
    text = re.sub(rf"(?<!last )\b{WEEKDAYS[local.weekday()]}\b", "today", text)
    unresolved = Resolved(" ".join(phrase.split()), "unresolved")
    month = _MONTH_ALONE.fullmatch(text)
    if month:
        number = MONTHS.index(month[1]) + 1
        year = local.year if number <= local.month else local.year - 1
        return Resolved(f"{year:04d}-{number:02d}", "month")
    day_range = _DAY_RANGE.search(text)
    if day_range:
        month_part = day_range[3]
        first = _resolve_single(f"{day_range[1]}/{month_part}", local)
        second = _resolve_single(f"{day_range[2]}/{month_part}", local)
        if first and second:
            return Resolved(f"{first[0].isoformat()}/{second[0].isoformat()}", "range")
        return unresolved
    ranged = _RANGE_IN.search(text)
    if ranged:
        context = (text[: ranged.start()] + " " + text[ranged.end() :]).strip()
        first, first_suffix, second, second_suffix = ranged.groups()
        first = _clock_word(first) + (first_suffix or second_suffix or "")
        second = _clock_word(second) + (second_suffix or "")
        start = _resolve_single(f"{context} {first}".strip(), local)
        end = _resolve_single(f"{context} {second}".strip(), local)
        if start and end:
            start_value, end_value = start[0], end[0]
            both_times = isinstance(start_value, datetime) and isinstance(end_value, datetime)
            if both_times and end_value < start_value:  # across midnight
                if end_value + timedelta(days=1) <= local + timedelta(hours=1):
                    end_value += timedelta(days=1)
                else:
                    start_value -= timedelta(days=1)
            return Resolved(f"{start_value.isoformat()}/{end_value.isoformat()}", "range")
        return unresolved
    if _UNRESOLVABLE.search(text):
        return unresolved
    single = _resolve_single(text, local)
    if single is None:
        return unresolved
    value, precision = single
    if re.search(r"\b(?:week|month|year|weekend)\b", text):
        precision = "approximate"
    return Resolved(value.isoformat(), precision)


def _clock_word(word: str) -> str:
    """A bare "2300" in a range is a clock time."""
    if re.fullmatch(r"[0-2]\d[0-5]\d", word):
        return f"{word[:2]}:{word[2:]}"
    return word


def _resolve_single(text: str, local: datetime) -> tuple[datetime | date, str] | None:
    part_match = _PART_WORD.search(text)
    part = part_match[1] if part_match else None
    text = re.sub(r"\bthis (?:morning|afternoon|evening)\b", "today", text)
    text = re.sub(r"\btonight\b", "today", text)
    text = re.sub(r"\byesterday night\b", "yesterday", text)
    text = _PART_WORD.sub(" ", text)
    text = " ".join(text.split())
    clock = _CLOCK_NORMAL.search(text)
    if part and not clock:
        text = f"{text} {_PART_TIMES[part]}".strip()
    elif clock and clock[1] and not clock[3] and not clock[1].startswith("0"):
        # A 12-hour time written without am or pm, in the afternoon, evening or night.
        hour = int(clock[1])
        later = part in {"afternoon", "evening"} and 1 <= hour < 12
        if later or (part in {"night", "tonight"} and 6 <= hour < 12):
            text = text[: clock.start()] + f"{hour + 12}:{clock[2]}" + text[clock.end() :]
    parsed = _parse(text, local.replace(tzinfo=None))
    if parsed is None:
        return None
    if "ago" in text:
        return parsed.replace(second=0, microsecond=0), "minute"
    if not clock and not part:
        return parsed.date(), "day"
    if parsed > local and not _DAY_WORD.search(text):
        parsed -= timedelta(days=1)
    return parsed.replace(second=0, microsecond=0), "minute" if clock else "part of day"
