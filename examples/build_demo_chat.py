"""Write examples/maya_jonas_whatsapp.txt, the bundled demo chat, from the scenes below.

Maya and Jonas are invented. Over five weeks Maya mostly presses and Jonas mostly pulls
back; there are several heated exchanges (one ends with Jonas leaving, one with an announced
break, some with repairs, one fades), and in the last week both try the better moves.
The output is an Android WhatsApp export (day-first dates, 24-hour clock).

Run: .venv/bin/python examples/build_demo_chat.py
"""

from __future__ import annotations

import sys
from pathlib import Path

NAMES = {"M": "Maya", "J": "Jonas"}

SCENES = """
== 02/03/2026
07:58 J: morning! coffee's on the counter for you
08:03 M: you're the best ☕
08:04 M: big day, the client presentation is at 11
08:20 J: you'll be great. text me after?
12:31 M: it went SO well
12:31 M: they want the second phase too
12:45 J: amazing!! proud of you
12:46 J: dinner to celebrate? I can book the thai place
12:50 M: yes please. 7:30?
13:02 J: booked for 7:30
19:05 M: leaving the office now
19:40 J: got us a table by the window
22:48 M: thank you for tonight ❤️
22:51 J: ❤️ sleep well

== 03/03/2026
08:15 M: can you pick up the dry cleaning today
08:40 J: sure
17:20 M: are you home by 7?
17:22 J: should be, maybe 7:30
18:10 M: I'm making the pasta thing
18:11 M: <Media omitted>
19:35 M: it's getting cold
19:52 M: hello??
20:05 M: where are you
20:20 M: answer me please, this is the third time this month
20:31 J: sorry, got stuck with Tom after the meeting
20:32 M: you always do this. you never tell me anything
20:33 M: I cooked for you and you couldn't even send one text
20:35 J: I said sorry. it's not like I planned it
20:35 M: that's not the point!!
20:36 M: why is it so hard to just text me
20:40 J: you're overreacting, it's one dinner
20:41 M: don't tell me I'm overreacting
20:41 M: answer me, why didn't you text
20:52 J: whatever
20:53 J: I'm done talking about this
21:30 M: seriously?
23:55 M: goodnight then

== 04/03/2026
07:30 J: morning
07:31 J: left you the last croissant
08:02 M: thanks
08:03 M: can we talk tonight about yesterday
09:40 J: ok
18:30 J: on the train, home at 7
18:31 M: ok see you

== 05/03/2026
12:10 J: <Media omitted>
12:10 J: look at this dog at the cafe
12:14 M: omg the ears
12:15 M: I want him
16:02 M: did you call the landlord about the heating?
16:40 J: not yet, tomorrow
16:41 M: you said that last week
16:55 J: I know. tomorrow, promise
21:10 M: movie tonight?
21:12 J: sure, you pick

== 06/03/2026
09:12 J: called the landlord. someone comes monday between 9 and 12
09:20 M: thank you!!
09:21 M: I can work from home monday
13:45 M: my mum asks if we're coming on sunday
14:30 J: do we have to
14:32 M: we haven't been since january
15:10 J: fine
15:11 M: you don't have to come if you don't want to
15:40 J: I said fine
15:41 M: ok

== 07/03/2026
10:05 M: going to the market, need anything?
10:20 J: lemons and the good bread
10:21 M: 👍
13:00 M: <Media omitted>
13:01 M: tulips for the table
13:15 J: pretty

== 08/03/2026
19:02 M: that was nice, mum loved having you there
19:10 J: she's sweet. your uncle is a lot though
19:11 M: haha he is
19:12 M: thank you for coming ❤️

== 09/03/2026
08:30 M: heating guy is here
11:45 M: fixed!
11:50 J: finally 🙌
17:05 J: Tom asked if I want to do the climbing trip on the 21st
17:40 M: the weekend of my birthday?
17:41 J: it's the saturday before
17:42 M: we talked about going to the coast that weekend
18:10 J: we said maybe
18:11 M: you always put your friends first
18:11 M: every single time
18:12 M: do you even want to spend time with me
18:30 J: that's not fair. I asked you before saying yes
18:31 M: so say no
18:31 M: why is this even a question
18:33 J: you're making a huge deal out of nothing
18:34 M: it's not nothing to me!!
18:34 M: answer me, do you want to go to the coast or not
18:45 J: I can't do this right now. I need an hour to cool down, I'll call you at 8
18:46 M: ok
20:00 J: calling now
20:41 M: thank you for calling. I'm sorry I said you always put your friends first
20:43 J: I'm sorry too. I'll tell Tom another time. coast it is
20:44 M: love you
20:44 J: love you

== 10/03/2026
07:45 J: morning beautiful
07:50 M: morning ☀️
12:20 M: booked the little hotel in the dunes for the 21st
12:35 J: perfect
18:02 J: running late, home by 7:15
18:03 M: thanks for telling me 😊

== 11/03/2026
08:40 M: can you take the bins out tonight
08:41 J: yep
21:15 M: bins?
21:40 J: on it
22:10 M: <Media omitted>
22:10 M: the plant died
22:12 J: RIP fern

== 12/03/2026
13:00 J: lunch with Anna from work, she says hi
13:05 M: hi Anna!
19:30 M: want to try the new ramen place friday?
19:45 J: sure

== 13/03/2026
17:10 M: I'm at the ramen place
17:25 M: you said 5
17:40 M: jonas??
17:52 M: are you ignoring me
18:05 M: answer me
18:06 M: this is so typical
18:20 J: sorry, phone died at work, I'm on my way now
18:21 M: of course it did
18:21 M: you never take anything I plan seriously
18:25 J: that's not true. I'm literally running to the tram
18:26 M: oh wow, thanks for the effort 🙄
18:30 J: can you not be sarcastic for once
18:31 M: can you be on time for once
18:40 J: whatever
18:55 J: here
19:20 M: I'm sorry I was sarcastic. I was hungry and felt stood up
19:24 J: I get it. I should have charged my phone. that makes sense that you felt stood up
19:25 M: thank you
19:25 M: ❤️

== 14/03/2026
10:00 J: pancakes?
10:02 M: YES
14:10 M: I feel a bit lonely lately, like we're rushing past each other
14:45 J: yeah, work has been a lot
14:46 M: could we keep sunday evenings just for us? no phones
15:20 J: ok, sure

== 15/03/2026
20:05 M: this was really nice
20:10 J: it was
20:11 J: same next sunday

== 16/03/2026
09:00 M: <Media omitted>
09:00 M: look at the sunrise from the bus
09:30 J: wow
17:45 J: gym after work, home around 8
17:46 M: ok 👍

== 17/03/2026
12:00 M: did you pay the electricity bill?
13:15 J: I'll do it tonight
21:00 M: bill?
21:30 J: done

== 18/03/2026
18:50 M: your mother called me
18:51 M: she wants us at easter. all four days
19:30 J: k
19:31 M: k?
19:31 M: that's all you have to say
19:32 M: we need to decide, she's waiting
19:40 J: decide whatever you want
19:41 M: you always leave this stuff to me
19:42 M: it's YOUR mother
19:55 J: not now
19:56 M: then when??
19:56 M: hello?
20:10 M: fine. I'll tell her two days
20:40 J: ok
21:30 M: the couch is yours tonight if you're going to sulk
22:00 J: goodnight

== 19/03/2026
07:20 J: morning
07:40 M: morning
12:30 J: two days at easter is good. thank you for sorting it
12:45 M: ok

== 20/03/2026
09:15 M: packing list for the coast?
09:40 J: swimsuits lol
09:41 M: it's march 😂
09:42 J: optimism
17:30 J: car is booked, pick up at 9 tomorrow
17:31 M: can't wait

== 21/03/2026
09:05 M: <Media omitted>
09:05 M: road trip snacks acquired
22:10 J: best day in ages
22:11 M: ❤️❤️

== 23/03/2026
08:00 M: back to reality 😩
08:30 J: same. miss the dunes already
12:40 M: can you call the vet about Miso's shots
13:30 J: will do
18:00 M: vet?
18:30 J: forgot, tomorrow first thing
18:31 M: ok

== 24/03/2026
09:10 J: vet on thursday 5pm
09:12 M: thanks!!
15:20 M: are you free to talk at lunch tomorrow
16:00 J: maybe, busy day

== 25/03/2026
13:10 M: lunch?
13:20 M: hello?
13:35 M: why aren't you answering
13:50 M: jonas answer me
14:05 M: I guess I'm not important enough
14:40 J: I was in back to back meetings, you know I can't text in there
14:41 M: you always have an excuse
14:41 M: you never make time for me
14:43 J: you always assume the worst of me
14:44 M: because you keep giving me reasons!!
14:44 M: answer me honestly, do you even care
14:50 J: I'm not doing this at work
14:51 M: of course not
14:51 M: you never do this anywhere
15:30 M: hello??
16:45 M: fine, ignore me
19:30 J: home at 8

== 26/03/2026
08:10 M: I don't want us to keep having that fight
08:40 J: me neither
08:41 J: I shut down when it gets loud, I'm sorry I went quiet
08:50 M: and I'm sorry I kept texting. I get scared when I don't hear from you, like I don't matter
09:02 J: that makes sense. you do matter. I'll send a quick text before long meetings
09:03 M: that would help a lot ❤️

== 27/03/2026
17:05 J: vet done, Miso was very brave
17:06 J: <Media omitted>
17:10 M: my brave boy 😭
21:00 M: tea?
21:01 J: yes please

== 28/03/2026
11:00 M: want to see the exhibition at the museum today?
11:20 J: sure, 2pm?
11:21 M: perfect

== 30/03/2026
12:55 J: heads up, meetings until 4, phone off
12:56 M: thank you for telling me 😊 good luck
16:10 J: survived
16:11 M: proud of you
19:00 M: dinner in 20
19:01 J: 🙌

== 31/03/2026
18:20 M: the landlord wants to raise the rent
18:21 M: can we talk about whether we stay
18:50 J: ok. maybe saturday when we're not tired?
18:51 M: ok, saturday

== 01/04/2026
09:00 M: happy april fools, the cat ate your sock
09:05 J: he did actually eat a sock once
09:06 M: true
20:30 J: tired, early night for me
20:31 M: sleep well

== 02/04/2026
19:10 M: so tom's birthday is the same night as my work dinner
19:12 J: I already said yes to tom
19:13 M: without asking me? again?
19:13 M: you never think about us
19:15 J: here we go
19:16 M: don't 'here we go' me
19:16 M: you always do this
19:30 J: you're overreacting
19:31 M: and you're dismissing me. again
19:45 J: I'm stopping before I say something stupid. I need 30 minutes, back at 8:15
19:46 M: ok. thank you for saying
20:15 J: ok I'm back. I'm sorry I said yes without asking you
20:17 M: thank you. I felt invisible for a second. can we look at both dates together?
20:20 J: yes. I'll go to tom's for an hour and meet you after your dinner?
20:21 M: that sounds good ❤️

== 04/04/2026
10:30 J: re: the flat. I looked at the numbers
10:31 J: <Media omitted>
10:50 M: ok that helps. let's stay one more year
10:55 J: deal
18:00 M: thank you for doing the spreadsheet, I know you hate them
18:05 J: I hate them less when it's for us

== 05/04/2026
20:00 M: sunday evening, phones off?
20:01 J: phones off ❤️

== 06/04/2026
08:30 J: good morning
08:31 M: morning ☀️
12:15 M: Miso knocked the tulips over
12:16 M: <Media omitted>
12:30 J: chaos cat
"""


def build() -> str:
    """The export text."""
    out = ["02/03/2026, 07:50 - Messages and calls are end-to-end encrypted. No one outside of "
           "this chat, not even WhatsApp, can read or listen to them. Tap to learn more."]
    day = ""
    for raw in SCENES.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("=="):
            day = line[2:].strip()
            continue
        clock, rest = line.split(" ", 1)
        who, text = rest.split(": ", 1)
        out.append(f"{day}, {clock} - {NAMES[who]}: {text}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "maya_jonas_whatsapp.txt"
    target.write_text(build(), encoding="utf-8")
    sys.stdout.write(f"wrote {target} ({build().count(chr(10))} lines)\n")
