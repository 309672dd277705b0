"""Realistic two-person chats, one per pattern of the cycle, written from descriptions.

Each chat was written from a short description of how the pattern shows in couples (below,
with each chat), before the role model was changed, and run as a new user would run it: the
default coder reads the text, nothing is hand-coded. The expected roles are the description's,
not what any version of Tandem printed.

A chat is a list of days; a day is a list of ``(sender, minutes after the previous message,
text)``; day ``k`` starts at 08:00 on day ``k`` (plus the first gap).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.domain import Conversation, Message, MessageKind, Partner, Platform

Day = list[tuple[str, float, str]]

START = datetime(2026, 2, 2, 8, 0)


@dataclass(frozen=True)
class RoleChat:
    """A chat and the roles its description gives (``None``: the roles must be withheld)."""

    name: str
    description: str
    days: list[Day]
    roles: dict[str, str] | None
    safety: bool = False

    def conversation(self) -> Conversation:
        names = sorted({who for day in self.days for who, _, _ in day})
        first = self.days[0][0][0]
        other = next(n for n in names if n != first)
        messages: list[Message] = []
        for k, day in enumerate(self.days):
            t = START + timedelta(days=k)
            for who, minutes, text in day:
                t += timedelta(minutes=minutes)
                messages.append(
                    Message(
                        sender=who,
                        partner=Partner.A if who == first else Partner.B,
                        timestamp=t,
                        text=text,
                        kind=MessageKind.TEXT,
                        platform=Platform.WHATSAPP,
                    )
                )
        return Conversation(tuple(messages), (first, other), Platform.WHATSAPP)


def _calm(a: str, b: str, k: int) -> Day:
    """An ordinary day of logistics and warmth (varied so no two days are the same)."""
    days: list[Day] = [
        [
            (a, 0, "morning! did you sleep ok?"),
            (b, 12, "yeah finally, the neighbours were quiet for once"),
            (a, 240, "can you pick up milk on the way home"),
            (b, 30, "sure, anything else?"),
            (a, 5, "bread if they have the seeded one"),
        ],
        [
            (b, 0, "running a bit late, train is crawling"),
            (a, 10, "no worries, dinner's not till 7"),
            (b, 300, "what are we having"),
            (a, 6, "that pasta thing you like"),
            (b, 2, "yesss"),
        ],
        [
            (a, 0, "the plumber can come thursday at 10"),
            (b, 45, "great, I can work from home that morning"),
            (a, 200, "also my mum asked about easter"),
            (b, 20, "let's talk about it tonight, I'm easy either way"),
            (a, 3, "ok"),
        ],
        [
            (b, 0, "just saw a fox in the garden"),
            (a, 8, "no way, take a picture next time"),
            (b, 330, "heading home now"),
            (a, 15, "see you soon"),
        ],
    ]
    return days[k % len(days)]


def _mix(
    n: int, conflict: Callable[[int], Day], a: str, b: str, *, on: Callable[[int], bool]
) -> list[Day]:
    """``n`` days: ``conflict(k)`` on the days ``on(k)`` picks, an ordinary day otherwise."""
    return [conflict(k) if on(k) else _calm(a, b, k) for k in range(n)]


def _even(k: int) -> bool:
    return k % 2 == 0


# -- classic: one presses, criticises and chases; the other goes quiet and leaves -------------
def _classic_day(p: str, d: str, k: int) -> Day:
    topics = ["the weekend", "your phone", "the dishes", "my sister's party", "the bills"]
    topic = topics[k % len(topics)]
    return [
        (p, 0, f"we need to talk about {topic}"),
        (d, 50, "not now"),
        (p, 2, "you always say that. you never want to talk about anything"),
        (p, 1, "hello??"),
        (p, 4, "why are you ignoring me"),
        (d, 35, "I'm busy"),
        (p, 2, "you're always busy when it matters to me"),
        (p, 3, "answer me"),
        (d, 40, "whatever. do what you want"),
        (p, 1, "that's so typical of you"),
        (d, 90, "k"),
    ]


CLASSIC = RoleChat(
    "classic",
    "One partner raises a problem, criticises and sends message after message when there is "
    "no answer; the other answers late, shortly, dismisses and shuts the talk down.",
    _mix(10, lambda k: _classic_day("Maya", "Jonas", k), "Maya", "Jonas", on=_even),
    {"Maya": "pursuer", "Jonas": "distancer"},
)


# -- subtle and polite: the same bid, kindly worded, again and again; gentle deflection -------
def _polite_day(p: str, d: str, k: int) -> Day:
    asks = [
        "could we find some time to talk this week?",
        "hey, could we maybe find some time to talk this week? nothing bad",
        "I'd really like some time with you to talk, could we do that this week?",
        "could we please find a moment to talk? it's been on my mind",
        "any chance we could talk tonight? I miss us",
    ]
    return [
        (p, 0, asks[k % len(asks)]),
        (d, 180, "this week is crazy, maybe another time"),
        (p, 5, "ok. when would be good for you?"),
        (d, 240, "not sure, let's see"),
        (p, 60, "I just feel like we never get to talk anymore"),
        (d, 300, "let's not do this now"),
    ]


POLITE = RoleChat(
    "polite pursuer",
    "One partner asks, politely and without blame, for time to talk, day after day; the "
    "other never says no outright but postpones, answers hours later and changes nothing.",
    _mix(8, lambda k: _polite_day("Lena", "Tom", k), "Lena", "Tom", on=_even),
    {"Lena": "pursuer", "Tom": "distancer"},
)


# -- mutual pursuit: both criticise and demand, nobody leaves --------------------------------
def _mutual_pursuit_day(a: str, b: str, k: int) -> Day:
    return [
        (a, 0, "you left the kitchen a mess again"),
        (b, 3, "oh please, you never clean anything either"),
        (a, 1, "are you kidding me? you always do this"),
        (b, 1, "no YOU always do this, you never listen to me"),
        (a, 2, "answer me honestly for once, why is it always me"),
        (b, 1, "why are you so selfish?? seriously"),
        (a, 1, "you're unbelievable"),
        (b, 2, "we need to talk about this right now"),
        (a, 1, "fine, call me now then. now!!"),
        (b, 1, "you never take responsibility for anything"),
    ]


MUTUAL_PURSUIT = RoleChat(
    "mutual pursuit",
    "Both partners criticise and demand, each answers blame with blame, fast; neither goes "
    "quiet or leaves the talk.",
    _mix(8, lambda k: _mutual_pursuit_day("Priya", "Sam", k), "Priya", "Sam", on=_even),
    {"Priya": "pursuer", "Sam": "pursuer"},
)


# -- mutual withdrawal: both avoid the subject and each other ---------------------------------
def _mutual_withdrawal_day(a: str, b: str, k: int) -> Day:
    return [
        (a, 0, "about yesterday"),
        (b, 200, "let's just drop it"),
        (a, 180, "fine"),
        (b, 240, "whatever"),
        (a, 300, "I don't want to talk about it"),
        (b, 200, "k"),
    ]


MUTUAL_WITHDRAWAL = RoleChat(
    "mutual withdrawal",
    "Both partners avoid conflict: a difficult subject is touched and dropped by both, short "
    "answers hours apart, nobody pushes.",
    _mix(8, lambda k: _mutual_withdrawal_day("Ines", "Karl", k), "Ines", "Karl", on=_even),
    {"Ines": "distancer", "Karl": "distancer"},
)


# -- secure: disagreements are raised kindly and repaired ------------------------------------
def _secure_day(a: str, b: str, k: int) -> Day:
    return [
        (a, 0, "I felt a bit left out at the party last night"),
        (b, 20, "oh no, I'm sorry, I didn't notice. that makes sense"),
        (a, 5, "thanks. can we stick together a bit more next time?"),
        (b, 3, "of course. I'll check in with you more"),
        (a, 2, "love you"),
        (b, 1, "love you too"),
    ]


SECURE = RoleChat(
    "secure",
    "A couple who mostly talk logistics and affection; when something hurts it is said "
    "plainly, heard, and repaired within minutes.",
    _mix(10, lambda k: _secure_day("Ada", "Ben", k), "Ada", "Ben", on=lambda k: k % 3 == 0),
    {"Ada": "neither", "Ben": "neither"},
)


# -- reversal: the pursuer burns out and goes quiet; the distancer starts to chase ------------
REVERSAL = RoleChat(
    "reversal",
    "For the first weeks one partner chases and the other withdraws; then the chaser gives up "
    "and goes quiet, and the one who used to withdraw starts to press and chase.",
    _mix(
        16,
        lambda k: _classic_day("Nora", "Eli", k) if k < 8 else _classic_day("Eli", "Nora", k),
        "Nora",
        "Eli",
        on=_even,
    ),
    {"Nora": "both", "Eli": "both"},
)


# -- weak distancer: a mild pursuer, and a partner who just fades ------------------------------
def _weak_day(p: str, d: str, k: int) -> Day:
    return [
        (p, 0, "can we talk about the holiday plans tonight?"),
        (d, 240, "maybe"),
        (p, 30, "you always leave the planning to me"),
        (p, 60, "hello?"),
        (d, 300, "later"),
    ]


WEAK = RoleChat(
    "weak distancer",
    "One partner nudges and, unanswered, nudges again with a little blame; the other never "
    "argues, just replies hours later with a word and lets the subject fade.",
    _mix(10, lambda k: _weak_day("Zoe", "Max", k), "Zoe", "Max", on=_even),
    {"Zoe": "pursuer", "Max": "distancer"},
)


# -- coercive control: not a cycle; threats and fear ------------------------------------------
def _control_day(a: str, b: str, k: int) -> Day:
    return [
        (a, 0, "where are you. send me a photo of where you are right now"),
        (b, 4, "at work, like I said"),
        (a, 1, "you don't go out tonight. I check your phone when you're home"),
        (b, 10, "please don't be angry, I'll come straight home"),
        (a, 2, "you'll regret it if you lie to me. you know what happens"),
        (b, 3, "I'm scared when you get like this"),
    ]


CONTROL = RoleChat(
    "coercive control",
    "One partner monitors, forbids and threatens; the other placates and says they are "
    "afraid. Not a pursue-withdraw cycle: roles must not be printed, and help pointed to.",
    _mix(6, lambda k: _control_day("Rex", "Amy", k), "Rex", "Amy", on=_even),
    None,
    safety=True,
)

CHATS = (CLASSIC, POLITE, MUTUAL_PURSUIT, MUTUAL_WITHDRAWAL, SECURE, REVERSAL, WEAK, CONTROL)


# -- harder variants: the shapes the first role model got wrong -------------------------------
def _counter_blame_day(a: str, b: str, k: int) -> Day:
    return [
        (a, 0, "you forgot to call the landlord AGAIN"),
        (b, 2, "it's not my fault, you said you'd do it"),
        (a, 1, "I did not. you always twist things"),
        (b, 1, "I didn't do anything wrong. you're the one who never follows through"),
        (a, 1, "unbelievable. answer me, why is it always on me?"),
        (b, 1, "that's not true and you know it. you never listen"),
        (a, 2, "we are talking about this tonight whether you like it or not"),
        (b, 1, "fine, tonight then, and you're going to hear me out for once"),
    ]


COUNTER_BLAME = RoleChat(
    "mutual pursuit, defending",
    "Both partners attack and defend in the same breath, fast, and both insist on having it "
    "out; nobody goes quiet, nobody leaves.",
    _mix(8, lambda k: _counter_blame_day("Rosa", "Dev", k), "Rosa", "Dev", on=_even),
    {"Rosa": "pursuer", "Dev": "pursuer"},
)


def _gentle_day(p: str, d: str, k: int) -> Day:
    asks = [
        "could we find some time to talk this week?",
        "would tonight work for a proper chat? just us",
        "could we find some time to talk this week? I'd like that",
        "is there an evening this week we could sit down and talk?",
    ]
    return [
        (p, 0, asks[k % len(asks)]),
        (d, 300, "sure, let's see how the week goes"),
        (p, 10, "ok 🙂 thursday maybe?"),
        (d, 420, "maybe, I'll let you know"),
    ]


GENTLE = RoleChat(
    "polite pursuer, no blame",
    "One partner asks kindly, without a word of blame, for time to talk, four days running; "
    "the other agrees in principle, hours later, and it never happens.",
    _mix(8, lambda k: _gentle_day("Mia", "Leo", k), "Mia", "Leo", on=lambda k: k < 4),
    {"Mia": "pursuer", "Leo": "distancer"},
)


def _fading_day(p: str, d: str, k: int) -> Day:
    return [
        (p, 0, "are you coming to dinner at my parents' on sunday?"),
        (p, 90, "?"),
        (d, 400, "hm"),
        (p, 20, "is that a yes? I need to tell them"),
        (p, 120, "hello"),
        (d, 380, "sure"),
    ]


FADING = RoleChat(
    "weak distancer, fading",
    "One partner asks and asks again; the other never refuses or argues, just answers hours "
    "later with a syllable.",
    _mix(10, lambda k: _fading_day("Isa", "Kai", k), "Isa", "Kai", on=_even),
    {"Isa": "pursuer", "Kai": "distancer"},
)


# -- reversal by handover: the chaser burns out but stays kind; the other starts to chase ------
def _burned_out_day(p: str, former: str, k: int) -> Day:
    topics = ["the weekend", "us", "the holidays", "my birthday", "moving in"]
    topic = topics[k % len(topics)]
    return [
        (p, 0, f"we need to talk about {topic}"),
        (former, 6, "ok, I'm listening"),
        (p, 2, "you never make plans for us anymore"),
        (former, 5, "that's fair, I've pulled back. I'm sorry"),
        (p, 1, "why are you so distant lately??"),
        (former, 8, "I'm not going anywhere. let's plan saturday together"),
        (p, 1, "answer me properly for once"),
        (former, 7, "I did, love. saturday, just us"),
    ]


HANDOVER = RoleChat(
    "reversal by handover",
    "For the first weeks one partner chases and the other withdraws; then the chaser burns "
    "out: she stops pressing and answers at once, briefly and kindly, while the one who used "
    "to withdraw starts to press and complain. She held the pursuer's side only, he both.",
    _mix(
        16,
        lambda k: _classic_day("Nora", "Eli", k) if k < 8 else _burned_out_day("Eli", "Nora", k),
        "Nora",
        "Eli",
        on=_even,
    ),
    {"Nora": "pursuer", "Eli": "both"},
)

CHATS = (*CHATS, COUNTER_BLAME, GENTLE, FADING, HANDOVER)
