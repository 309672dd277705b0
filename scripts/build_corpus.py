"""Build the labelled training corpus the learned coder ships with (coding/data/corpus.jsonl).

Every utterance is written here by the project, from templates and slot fillers, in three
registers: texting (lower case, "u", "ur", "pls", no full stops), spoken (fillers, run-on), and
written/formal. Each row keeps the id of the template it came from, so cross-validation can
group by template and near-duplicates never sit on both sides of a fold.

    .venv/bin/python scripts/build_corpus.py            # writes the corpus, prints counts

The held-out set (coding/data/heldout.jsonl) is NOT generated: it was typed by hand, one line at a
time, in other phrasings, to estimate how the coders do on text that did not come from these
templates.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "tandem" / "coding" / "data" / "corpus.jsonl"
SEED = 20261124

SLOTS: dict[str, list[str]] = {
    "name": [
        "Sam",
        "Alex",
        "Priya",
        "Jamal",
        "Mei",
        "Diego",
        "Hannah",
        "Tomás",
        "Aisha",
        "Connor",
        "Yuki",
        "Olu",
        "Fatima",
        "Noah",
        "Lena",
        "Ravi",
        "Chloe",
        "Marcus",
        "Ines",
        "Kofi",
        "Beth",
        "Andrei",
        "Rosa",
        "Dev",
    ],
    "chore": [
        "the dishes",
        "the laundry",
        "the bins",
        "the groceries",
        "the kids' lunches",
        "the recycling",
        "the bathroom",
        "dinner",
        "the bills",
        "the dog's walk",
        "the school run",
        "the hoovering",
        "the bed sheets",
        "the car insurance",
    ],
    "event": [
        "my mom's birthday",
        "our anniversary",
        "the dinner with my boss",
        "your sister's wedding",
        "the parents' evening",
        "date night",
        "the vet appointment",
        "the school play",
        "my work party",
        "the concert",
        "my dad's retirement do",
        "the baby shower",
        "our friends' housewarming",
        "the doctor's appointment",
    ],
    "late": [
        "came home at midnight",
        "missed dinner again",
        "forgot to call",
        "left me waiting at the station",
        "didn't text back all day",
        "spent the whole weekend gaming",
        "were on your phone all evening",
        "went out without telling me",
        "cancelled on me last minute",
        "showed up an hour late",
        "left the kitchen a mess",
    ],
    "time": [
        "in twenty minutes",
        "after dinner",
        "at 9",
        "tomorrow morning",
        "in an hour",
        "once the kids are asleep",
        "after my walk",
        "in half an hour",
        "at eight",
        "in 15 min",
        "tonight after work",
        "in ten minutes",
        "before bed",
        "first thing tomorrow",
    ],
    "place": [
        "the gym",
        "the office",
        "the shop",
        "your mum's",
        "the pub",
        "work",
        "the park",
        "my sister's",
        "the garage",
        "the library",
    ],
    "feel": [
        "lonely",
        "scared",
        "hurt",
        "invisible",
        "left out",
        "anxious",
        "sad",
        "unimportant",
        "really alone",
        "insecure",
        "overwhelmed",
        "unwanted",
    ],
    "topic": [
        "money",
        "the holidays",
        "your mother",
        "the move",
        "the budget",
        "the wedding plans",
        "the kids' school",
        "your drinking",
        "my job",
        "the credit card bill",
        "where we spend Christmas",
        "the house",
        "your ex",
        "the car",
        "having a baby",
    ],
    "food": ["pasta", "tacos", "curry", "pizza", "soup", "stir fry", "burgers", "sushi", "dal"],
    "thing": [
        "keys",
        "charger",
        "wallet",
        "umbrella",
        "passport",
        "headphones",
        "jacket",
        "glasses",
        "laptop",
        "lunchbox",
    ],
    "pet": ["babe", "love", "hun", "honey", "sweetheart", "darling", "baby", "my love"],
}

# Templates per label set. A row is (codes, register, text). Registers: t = texting,
# s = spoken, f = formal/written. Multi-label rows list several codes.
T: list[tuple[tuple[str, ...], str, str]] = []


def add(codes: str, register: str, *texts: str) -> None:
    for text in texts:
        T.append((tuple(codes.split()), register, text))


# ---------------- criticism -------------------------------------------------------------
add(
    "criticism",
    "s",
    "You never help with {chore}, not once.",
    "You always do this, you make plans and then you just forget about me.",
    "Why is it always me who has to remember {event}? You never remember anything.",
    "You're so selfish, honestly, everything is about what you want.",
    "You {late} and you didn't even think to tell me.",
    "Every single time I ask you to do {chore} you find some excuse.",
    "You only ever think about yourself.",
    "What is wrong with you? Who forgets {event}?",
    "You're completely unreliable, I can't count on you for anything.",
    "It's your fault we were late, you spent forty minutes in the shower.",
    "You never listen to a word I say.",
    "You don't care about this family, you care about your job.",
    "The problem is you, you never follow through on anything.",
    "You left me to deal with {chore} on my own again.",
    "You're lazy, that's the truth of it.",
    "You always have to have the last word.",
    "You broke your promise again, like you always do.",
    "Honestly you are the most inconsiderate person I know.",
    "You can't even manage to put your plate in the sink.",
)
add(
    "criticism",
    "t",
    "u never help with {chore}",
    "omg u always do this",
    "ur so selfish its unreal",
    "u forgot {event}. again.",
    "why do u never text back",
    "u literally never listen",
    "typical. u {late}",
    "its always me doing {chore} never u",
    "u dont even try anymore",
    "u made us late AGAIN",
)
add(
    "criticism",
    "f",
    "I have asked you repeatedly to handle {chore}, and you have ignored every request.",
    "Your behaviour at {event} was thoughtless and embarrassing.",
    "You consistently put your own plans ahead of mine.",
    "You promised to sort out {topic} and, as usual, nothing has happened.",
    "Once again you have let me down when it mattered.",
)

# ---------------- contempt ----------------------------------------------------------------
add(
    "contempt",
    "s",
    "Oh great, another brilliant idea from the genius.",
    "Wow. Just wow. Do you want a medal for doing {chore} once?",
    "Yeah right, like you'd ever manage that.",
    "Oh poor you, having to lift a finger for once.",
    "Grow up. Seriously, you act like a child.",
    "You're pathetic, you know that?",
    "Nice job, Einstein, you locked the keys in the car again.",
    "Ha, sure you were 'stuck at {place}'.",
    "Spare me the sob story.",
    "Are you really that stupid?",
    "What a shock, {name}'s late again. Who could have guessed.",
    "Boo hoo, cry me a river.",
    "You're such a joke, honestly.",
    "Oh please, like anyone believes that.",
    "Congratulations, you managed to ruin dinner. Again.",
    "How very mature of you.",
    "Get over yourself.",
)
add(
    "contempt",
    "t",
    "lol sure u were",
    "🙄🙄🙄",
    "wow what a hero 🙄",
    "ok genius",
    "yeah right 😂 as if",
    "pathetic tbh",
    "ur a joke",
    "idiot",
    "cool story bro 🙄",
    "k princess",
    "do u want a cookie for that",
)
add(
    "contempt",
    "f",
    "I am frankly amazed that you thought that was acceptable behaviour for an adult.",
    "Your so-called apology is laughable.",
    "I would explain it to you, but I doubt you would understand.",
    "Please, spare me the performance.",
)

# ---------------- pressure ------------------------------------------------------------------
add(
    "pressure",
    "s",
    "We need to talk about this right now, not later.",
    "Answer me. Why won't you answer me?",
    "Don't you dare walk away from me, we're not done.",
    "I'm not going to bed until we sort this out.",
    "Pick up the phone, I know you can see me calling.",
    "Tell me right now what's going on with you.",
    "If you leave this room, don't bother coming back.",
    "I want an answer and I want it now.",
    "Why aren't you answering? I've called five times.",
    "You can't just ignore me forever, talk to me!",
    "Come back here, I'm still talking to you.",
    "We are settling this tonight, whether you like it or not.",
    "Stop changing the subject and answer the question.",
    "Are you ignoring me? Because that's what it looks like.",
    "Either we talk about {topic} now or I'm going to my sister's.",
)
add(
    "pressure",
    "t",
    "hello??",
    "answer me",
    "????",
    "where are u??",
    "why arent u answering",
    "pick up ur phone",
    "{name} answer me right now",
    "r u ignoring me",
    "call me back NOW",
    "ur not going to bed until we talk",
    "hellooo???",
    "seriously answer me",
    "i can see ur online. reply",
)
add(
    "pressure",
    "f",
    "I expect a reply to my message by this evening at the latest.",
    "I have sent you three messages today and I need you to respond.",
    "This cannot wait until the weekend; we must discuss {topic} today.",
    "I insist that we have this conversation tonight.",
)

# ---------------- defensiveness --------------------------------------------------------------
add(
    "defensiveness",
    "s",
    "It's not my fault, the traffic was insane.",
    "I was just trying to help, why is that wrong?",
    "Well what about you? You forgot {event} last year.",
    "That's not what I said and you know it.",
    "I can't do everything, I have a job too.",
    "Don't blame me, you were the one who booked it.",
    "I did my best, okay? Nothing I do is ever good enough for you.",
    "How was I supposed to know you wanted me to do {chore}?",
    "You never told me it was tonight.",
    "I was busy at {place}, I can't just drop everything.",
    "At least I don't spend all evening on my phone.",
    "I already said I'd do it, stop going on about it.",
    "Oh so now it's my fault? Brilliant.",
    "I didn't do anything wrong, I just said I was tired.",
    "You do exactly the same thing and I never complain.",
    "Why am I always the bad guy in this?",
)
add(
    "defensiveness",
    "t",
    "not my fault",
    "i was busy ok",
    "u never told me tho",
    "i literally did it yesterday",
    "well u do it too",
    "how was i supposed to know",
    "im not the problem here",
    "i tried ok",
    "its not like i did it on purpose",
    "stop blaming me for everything",
)
add(
    "defensiveness",
    "f",
    "I would point out that I have handled {chore} every day this week.",
    "That is not an accurate account of what happened.",
    "I had no way of knowing that the plans had changed.",
    "I fail to see how this is my responsibility.",
)

# ---------------- dismissal ------------------------------------------------------------------
add(
    "dismissal",
    "s",
    "You're overreacting, it's not a big deal.",
    "Calm down, it was one comment.",
    "Honestly you're being way too sensitive about this.",
    "It's just {event}, why are you making it such a thing?",
    "Relax, nobody even noticed.",
    "You need to let it go, it was weeks ago.",
    "That's ridiculous, you can't be upset about that.",
    "You're making a mountain out of a molehill.",
    "Everyone's partner does that, it's normal.",
    "It was a joke, can't you take a joke?",
    "There's no reason to feel that way.",
    "You'll get over it.",
    "Stop being so dramatic.",
    "It's all in your head, nothing happened.",
    "Why are you crying over something so small?",
)
add(
    "dismissal",
    "t",
    "ur overreacting",
    "chill its fine",
    "its not that deep",
    "omg relax",
    "its literally nothing",
    "calm down lol",
    "stop being dramatic",
    "no big deal",
    "its not a big deal babe",
    "u r way too sensitive",
)
add(
    "dismissal",
    "f",
    "I think you are reading far too much into a simple remark.",
    "Frankly, this is not worth the energy you are giving it.",
    "Your reaction is out of proportion to what actually happened.",
    "I really don't think there is anything here to be upset about.",
)

# ---------------- withdrawal ---------------------------------------------------------------
add(
    "withdrawal",
    "s",
    "Whatever. Do what you want.",
    "I'm done talking about this.",
    "I don't want to talk about it.",
    "Fine.",
    "Just drop it.",
    "Forget I said anything.",
    "I don't care anymore, honestly.",
    "Can we not do this right now?",
    "I've got nothing to say.",
    "Leave me alone.",
    "I'm going out.",
    "Anyway, did you see the game last night?",
    "I'm not getting into this again.",
    "It doesn't matter.",
    "I give up.",
    "Sure. If you say so.",
)
add(
    "withdrawal",
    "t",
    "k",
    "whatever",
    "idc",
    "fine.",
    "wtv",
    "whatevs",
    "nvm",
    "ok.",
    "kk",
    "👍",
    "not now",
    "dont want to talk about it",
    "im done",
    "leave me alone",
    "forget it",
    "do what u want",
)
add(
    "withdrawal",
    "f",
    "I do not wish to discuss this any further.",
    "I have nothing further to add on the subject.",
    "I would rather not talk about it.",
    "Let's leave it there.",
)

# ---------------- vulnerability ---------------------------------------------------------------
add(
    "vulnerability",
    "s",
    "I feel really {feel} when you're out every night.",
    "Honestly I'm scared that we're drifting apart.",
    "I miss you. I miss how we used to be.",
    "When you go quiet I get anxious that you're going to leave.",
    "It hurt when you forgot {event}.",
    "I feel like I don't matter to you lately.",
    "I've been crying a lot and I didn't want to tell you.",
    "I'm not okay, I'm struggling with everything at the moment.",
    "I'm afraid of losing you.",
    "This is really hard for me to say, but I feel {feel}.",
    "I just want to feel close to you again.",
    "Part of me worries you don't want me around.",
    "When you went to {place} without me I felt {feel}.",
    "I feel so far away from you right now.",
)
add(
    "vulnerability",
    "t",
    "i miss u",
    "i feel so {feel} rn",
    "im scared tbh",
    "i feel like u dont care anymore",
    "that really hurt 😢",
    "i just want us to be ok 🥺",
    "i feel invisible lately",
    "im not ok",
    "miss u so much",
)
add(
    "vulnerability",
    "f",
    "I have been feeling {feel} for some time and I wanted you to know.",
    "I am worried about us, and it frightens me.",
    "It has been difficult for me to admit that I feel {feel}.",
    "When the evenings go by without us talking, I feel very alone.",
)

# ---------------- request ---------------------------------------------------------------------
add(
    "request",
    "s",
    "Could you let me know when you're going to be late?",
    "I'd really like it if we could have one evening a week just for us.",
    "Can we plan {event} together this time?",
    "Would you be willing to take over {chore} on weekdays?",
    "It would mean a lot if you put your phone away at dinner.",
    "Next time could you text me if plans change?",
    "I need you to back me up when your mum brings up {topic}.",
    "How about we take turns with {chore}?",
    "Can you give me a hug?",
    "I'd love for us to go for a walk after dinner, just the two of us.",
    "Please could you ask me before you invite people over?",
    "What if we set a budget together for {topic}?",
    "Could we sit down on Sunday and sort out {topic}?",
    "I'm asking you to call me when you land.",
)
add(
    "request",
    "t",
    "can u text me when u leave {place}",
    "pls can we do date night this week",
    "could u grab {chore} tonight pls",
    "can we talk about {topic} this weekend",
    "would u be up for a walk later",
    "can u let me know next time pls",
    "i need u to help with {chore} tonight",
    "can u hold me",
)
add(
    "request",
    "f",
    "I would appreciate it if you could confirm your plans for {event} by Friday.",
    "Would you be open to seeing a counsellor with me?",
    "It would help me a great deal if we agreed on a budget for {topic}.",
    "Could we please set aside some time this week to talk about {topic}?",
)

# ---------------- validation ---------------------------------------------------------------
add(
    "validation",
    "s",
    "That makes sense, I'd be upset too.",
    "I hear you. It sounds like you've had a really rough week.",
    "I get why that hurt, I really do.",
    "You're right, that wasn't fair on you.",
    "So what you're saying is you felt on your own with {chore}?",
    "Of course you felt {feel}, anyone would.",
    "That sounds exhausting.",
    "I can see why you'd feel that way.",
    "Thank you for telling me, I didn't realise it bothered you.",
    "It makes total sense that you're worried about {topic}.",
    "I understand, you wanted me there for {event}.",
    "I'm listening, tell me more.",
    "Fair point. I see what you mean.",
    "No wonder you're tired, you've been doing {chore} on your own.",
)
add(
    "validation",
    "t",
    "that makes sense",
    "i hear u",
    "fair enough",
    "i get it",
    "omg that sounds awful",
    "ur right",
    "valid",
    "i understand babe",
    "thats so fair",
)
add(
    "validation",
    "f",
    "I understand why the situation with {topic} has been stressful for you.",
    "Your concerns are entirely reasonable.",
    "I appreciate you explaining how you felt; it helps me understand.",
    "It is completely understandable that you were disappointed about {event}.",
)

# ---------------- responsibility -------------------------------------------------------------
add(
    "responsibility",
    "s",
    "I'm sorry, I shouldn't have said that.",
    "You're right, I messed up with {event}.",
    "That was my fault, I forgot to book it.",
    "I was out of line earlier and I'm sorry.",
    "I owe you an apology for how I spoke to you.",
    "I know I get defensive when you bring up {topic}.",
    "I should have called when I knew I'd be late.",
    "I snapped at you and that wasn't fair.",
    "My part in this is that I stopped listening.",
    "I'm really sorry I {late}.",
    "I take responsibility for what happened at {event}.",
    "I was wrong about {topic}, and I'll do better.",
)
add(
    "responsibility",
    "t",
    "sorry babe my bad",
    "im so sorry",
    "sry i forgot",
    "my fault, sorry",
    "i messed up",
    "soz i shouldnt have said that",
    "ur right i was being unfair",
    "i was wrong sorry",
)
add(
    "responsibility",
    "f",
    "I apologise for missing {event}; it was my mistake.",
    "I accept that I handled the conversation about {topic} badly.",
    "I recognise that I let you down, and I am sorry.",
    "Please accept my apology for my tone yesterday.",
)

# ---------------- timeout -----------------------------------------------------------------------
add(
    "timeout",
    "s",
    "I need a break, can we pick this up {time}?",
    "I'm getting too worked up. Let me take twenty minutes and then we'll talk.",
    "I'm going for a walk to calm down, I'll be back {time}.",
    "Can we pause this? I want to talk, just not while I'm this angry. Back {time}.",
    "I'm flooded right now. Give me half an hour and I'll come back to this.",
    "Let's take a breather and talk again {time}.",
    "I'm not leaving, I just need a few minutes. I'll come find you {time}.",
    "I need some space to think, can we talk {time}?",
)
add(
    "timeout",
    "t",
    "need a break, back {time}",
    "gonna cool off, talk {time}?",
    "can we pause and talk {time}",
    "taking 20 mins, ill call u after",
    "need a min, ill come back {time} i promise",
    "lets take a break and talk {time}",
)
add(
    "timeout",
    "f",
    "I would like to take a short break and resume this conversation {time}.",
    "I am too upset to continue calmly; can we return to this {time}?",
    "Let us pause here and continue {time}, when we are both calmer.",
)

# ---------------- repair ---------------------------------------------------------------------
add(
    "repair",
    "s",
    "Can we start over? I don't want to fight.",
    "Come here. I love you, we'll work it out.",
    "We're on the same team, remember?",
    "Truce? I'll make {food}.",
    "Hey, I'm not mad at you. Let's figure this out together.",
    "Okay, let's hit reset on this whole evening.",
    "I love you, even when we argue.",
    "You mean the world to me, you know that?",
    "Haha okay, fair, you win this one.",
    "Let's get {food} and forget about it for tonight.",
    "I hate fighting with you.",
    "I'm glad we talked about it.",
)
add(
    "repair",
    "t",
    "love u ❤️",
    "truce? 😘",
    "lets not fight {pet}",
    "come here 🤗",
    "we good?",
    "i love you ❤️",
    "ok ok u win 😂",
    "sorry for being grumpy, {food} on me tonight? ❤️",
    "ur the best",
    "xoxo",
)
add(
    "repair",
    "f",
    "I value us far more than winning this argument.",
    "Let's try that conversation again, more gently this time.",
    "Whatever happens with {topic}, I want us to face it together.",
)

# ---------------- neutral (including hard negatives) --------------------------------------------
add(
    "neutral",
    "s",
    "Can you pick up some milk on the way home?",
    "What time is {event}?",
    "I'm at {place}, be home around seven.",
    "Did you see the email from the landlord?",
    "Don't forget your {thing}, it's on the table.",
    "The plumber's coming Thursday morning.",
    "I never liked that show anyway.",
    "I always forget how cold it gets in October.",
    "Sorry, wrong chat!",
    "We're out of coffee.",
    "The kids need picking up at half three.",
    "That film was so stupid, I loved it.",
    "My boss wants me in early tomorrow.",
    "Remember we've got {event} on Saturday.",
    "Found your {thing}, it was in the car.",
    "What do you want for dinner? I could do {food}.",
    "The traffic on the bridge is awful today.",
    "I'm so tired, long day at {place}.",
    "Just landed.",
    "Mum says hi.",
)
add(
    "neutral",
    "t",
    "omw",
    "ok see u at 6",
    "{food} tonight?",
    "lol did u see this",
    "at {place}, back soon",
    "the wifi is down again",
    "can u grab bread",
    "got ur {thing}",
    "running 5 min late, bus is slow",
    "haha look at this dog",
    "yes",
    "ok sounds good",
    "what time is it on",
    "heading home now",
    "did the parcel come?",
    "my phone is on 2%",
    "never mind found it",
    "u want anything from the shop?",
)
add(
    "neutral",
    "f",
    "The meeting with the bank has been moved to Tuesday at 10am.",
    "Please find the insurance documents attached.",
    "The boiler service is booked for next Wednesday.",
    "Your parcel was left with the neighbour.",
    "I have paid the electricity bill for this month.",
)


# ---------------- second pass: more phrasings per code ---------------------------------------
add(
    "criticism",
    "s",
    "Do you ever think about anyone but yourself?",
    "I'm sick of being the only adult in this house.",
    "You've been glued to that phone since you walked in the door.",
    "You said you'd fix the shelf in March. It's August.",
    "Nothing gets done unless I nag you.",
    "You embarrassed me in front of everyone at {event}.",
    "Why can't you just do what you say you'll do?",
    "You make every conversation about you.",
    "I can never rely on you.",
)
add(
    "criticism",
    "t",
    "how hard is it to put the seat down",
    "u promised. u always promise",
    "thanks for leaving me with {chore} AGAIN",
    "why do i have to remind u of everything",
)
add(
    "contempt",
    "s",
    "Wow, you actually remembered. Should we throw a parade?",
    "Oh here he comes, Mr Perfect.",
    "You're unbelievable. Honestly, a toddler would do better.",
    "Sure, because you're always so right about everything.",
    "Look at you, finally doing {chore}. I'm touched.",
    "That's rich coming from you, lol.",
)
add(
    "contempt",
    "t",
    "lmao ok",
    "🙄 sure thing",
    "real mature",
    "wow u finally did something 👏",
    "smh ur unbelievable",
)
add(
    "pressure",
    "s",
    "I'm still waiting for an answer.",
    "You're not leaving until you explain yourself.",
    "Look at me when I'm talking to you!",
    "Say something! Anything!",
    "How many times do I have to ask before you answer me?",
    "You have until tonight to decide, or I'm done.",
)
add(
    "pressure",
    "t",
    "??",
    "answer the question",
    "ur really not going to reply??",
    "i need an answer today",
    "text me back NOW",
    "{name}??? hello???",
)
add(
    "defensiveness",
    "s",
    "I said sorry already, what more do you want from me?",
    "I only had two drinks, it's not like I was drunk.",
    "Excuse me? I've done {chore} every night this week.",
    "You're one to talk, you were late on Friday.",
    "I had a really long day, give me a break.",
    "That's not fair, I was going to do it after work.",
)
add(
    "defensiveness",
    "t",
    "i was going to do it!!",
    "excuse me?? i did {chore} yesterday",
    "i had work what was i supposed to do",
    "says the one who was late friday",
)
add(
    "dismissal",
    "s",
    "You always blow things out of proportion.",
    "It's fine, you're fine, stop worrying.",
    "Other people would be grateful.",
    "Not everything has to be a big conversation.",
    "Just move on, it's done.",
    "You're taking this way too personally.",
)
add(
    "dismissal",
    "t",
    "its fine stop worrying",
    "ur making it a thing",
    "who cares tho",
    "so what",
    "get over it",
)
add(
    "withdrawal",
    "s",
    "Mm.",
    "I'm going to bed.",
    "Talk to you later.",
    "I can't deal with this.",
    "Okay. Sure. Whatever you think.",
    "I don't know, I don't have the energy for this.",
)
add("withdrawal", "t", "mhm", "cool.", "sure.", "ok whatever", "idk", "meh", "bye", "ttyl")
add(
    "vulnerability",
    "s",
    "I don't feel wanted anymore.",
    "Sometimes I feel like I'm just your housemate.",
    "It scares me when you shut down like that.",
    "I'm worried I'm not enough for you.",
    "I felt so embarrassed and alone at {event}.",
    "I really needed you yesterday.",
    "My chest gets tight when we fight like this.",
)
add(
    "vulnerability",
    "t",
    "i feel like a burden",
    "im so lonely here",
    "i cried after u left 💔",
    "i need u",
)
add(
    "request",
    "s",
    "Could you sit with me for a minute? I want to tell you something.",
    "Would you mind calling your mum about {event} instead of me?",
    "Let's agree on one night a week with no screens.",
    "I want us to try again with the chores rota.",
    "Can you remind me what time {event} is and I'll put it in the calendar?",
    "I'd prefer it if we decided about {topic} together.",
)
add(
    "request",
    "t",
    "can u call me when u have a sec",
    "could we maybe go away for a weekend",
    "pls let me know if ur staying late",
    "can we get {food} tonight and talk",
)
add(
    "validation",
    "s",
    "You have every right to be upset.",
    "I didn't realise how much you'd been carrying.",
    "It sounds like you felt really let down.",
    "Okay, I think I understand now. You felt ignored.",
    "That must have been awful at {event}.",
    "I believe you.",
)
add(
    "validation",
    "t",
    "oh no that sounds so hard",
    "makes sense tbh",
    "ur not wrong",
    "i see why ur upset",
)
add(
    "responsibility",
    "s",
    "I overreacted, I'm sorry.",
    "I know I've been distant, that's on me.",
    "I raised my voice, and I shouldn't have.",
    "I didn't handle that well at all.",
    "I'll work on it, I promise.",
    "I let you down with {chore} and I know it.",
)
add(
    "responsibility",
    "t",
    "that was on me",
    "sorryyy i forgot {event}",
    "i shouldve called",
    "my mistake, fixing it now",
)
add(
    "timeout",
    "s",
    "Time out. I need to breathe, and I'll come back {time}.",
    "Let's stop before we both say things we don't mean. Back {time}, okay?",
    "I'm too angry to think straight. I'll be back {time} and we'll talk.",
    "Give me until {time}, I promise I'll come back to this.",
)
add(
    "timeout",
    "t",
    "time out pls, talk {time}?",
    "im too heated rn, back {time}",
    "going for a run, will talk {time}",
)
add(
    "repair",
    "s",
    "Okay, okay, I surrender. Peace?",
    "Can I get a hug?",
    "I'm on your side, you know that.",
    "Let's rewind and do that again.",
    "We're okay. We're always okay.",
    "Hey. Deep breath. We've got this.",
)
add("repair", "t", "friends? 🥺❤️", "hugs", "i still love u even if ur annoying 😂", "we're good ❤️")
add(
    "neutral",
    "s",
    "You always get the window seat, it's fine, I like the aisle.",
    "I'm not angry, just hungry, what's for dinner?",
    "Never mind the bins, the council collects on Friday now.",
    "Whatever you want for dinner is fine by me, I'm easy.",
    "Sorry I'm late, the train was cancelled, I'm on the next one.",
    "Can you send me the photos from {event}?",
    "Have you seen my {thing}?",
    "The dentist called, you need to rebook.",
    "Your mum rang, she'll call back later.",
    "I booked the table for eight.",
)
add(
    "neutral",
    "t",
    "lol that meme",
    "k see u at 7",
    "ok cool, {food} it is",
    "brb shower",
    "where r the car keys",
    "ur package came",
    "what u want for tea",
    "omg the cat just fell off the sofa 😂",
    "traffic is insane",
    "almost home",
)
add(
    "neutral",
    "f",
    "Reminder: the car's MOT is due next month.",
    "I have forwarded you the booking confirmation.",
    "The school has closed early because of the snow.",
)

# ---------------- multi-label ------------------------------------------------------------------
add(
    "vulnerability request",
    "s",
    "I feel {feel} when you're on your phone all evening. Could we have phone-free dinners?",
    "I miss you. Can we plan a proper night out, just us?",
    "I get anxious when I don't hear from you. Would you text me when you leave {place}?",
    "I'm scared we're drifting apart, and I'd love it if we could talk more at night.",
)
add(
    "vulnerability request",
    "t",
    "i feel so {feel} lately, can we do something together this weekend?",
    "miss u, can u call me tonight pls",
)
add(
    "criticism pressure",
    "s",
    "You never answer your phone! Answer me right now!",
    "Why do you always walk away? Don't you dare leave, we're not done!",
    "You never talk to me, so we're talking now whether you like it or not.",
)
add(
    "criticism pressure",
    "t",
    "u never reply. answer me??",
    "typical, ignoring me again. pick up ur phone",
)
add(
    "criticism contempt",
    "s",
    "You're so lazy, honestly, what a joke.",
    "Oh well done, you forgot {event} again, what a surprise.",
    "You never do anything around here, genius.",
)
add("criticism contempt", "t", "ur useless lol 🙄", "wow u forgot again. shocker 🙄")
add(
    "responsibility repair",
    "s",
    "I'm sorry, I was wrong. Can we start over?",
    "My fault, I got grumpy. Come here, I love you.",
    "I'm sorry I snapped. I don't want to fight with you.",
)
add("responsibility repair", "t", "sorry babe, i was being a pain. love u ❤️", "my bad, truce? 😘")
add(
    "validation responsibility",
    "s",
    "You're right, I should have told you about {event}, and I get why you're upset.",
    "That makes sense, and I'm sorry I didn't see it earlier.",
)
add("validation vulnerability", "s", "I hear you, and honestly I've been feeling {feel} too.")
add(
    "withdrawal defensiveness",
    "s",
    "Whatever, it's not my fault anyway.",
    "I did my best. I'm done talking about it.",
)
add("withdrawal defensiveness", "t", "not my fault. whatever")
add(
    "dismissal defensiveness",
    "s",
    "You're overreacting, I was only ten minutes late.",
    "Calm down, I said I'd do {chore} later.",
)
add("dismissal withdrawal", "t", "ur overreacting. im going to bed", "relax. whatever")
add(
    "timeout repair",
    "s",
    "I love you, I just need twenty minutes to calm down, then let's talk properly.",
    "I'm not going anywhere, I need a short walk and I'll be back {time}. We'll sort it.",
)
add(
    "timeout vulnerability",
    "s",
    "I'm overwhelmed and scared I'll say something I regret. Can I have an hour and we talk after?",
)
add(
    "pressure vulnerability",
    "s",
    "Please just answer me, I'm so scared when you go silent like this.",
    "Why won't you talk to me? I feel so alone right now.",
)
add("pressure vulnerability", "t", "please answer me im scared??")
add(
    "contempt dismissal",
    "s",
    "Oh boo hoo, you're overreacting as usual.",
    "Here we go again with the drama, calm down.",
)
add(
    "request repair",
    "s",
    "Let's not fight. Could we go for a walk and talk about {topic} calmly?",
    "Come here, can we just cuddle and talk tomorrow?",
)
add("validation repair", "s", "I get it, and I love you. We'll figure {topic} out together.")
add(
    "request timeout",
    "s",
    "Could we stop for now and pick this up {time}? I want to hear you properly.",
)


# ---------------- third pass: everyday chat (logistics, news, small talk, warmth) -------------
# Real chats are mostly this. Without it the model learns that any message is some behaviour,
# and calls "see you at the station" criticism. Written fresh for the corpus; the everyday
# evaluation file (data/everyday.jsonl) was written separately and shares no line with these.
add(
    "neutral",
    "t",
    "ok see u at {place}",
    "ok will be there by 8",
    "ok thx",
    "ok got it",
    "ok perfect",
    "yep on my way",
    "yeah sure, {food} works",
    "sure, what time",
    "alright, leaving in 5",
    "kk see u soon",
    "just got off the train",
    "stuck in traffic on the ring road",
    "parking now",
    "i'm downstairs",
    "door's open",
    "left the keys under the mat",
    "bought {food} for tomorrow",
    "shop was out of eggs",
    "do we need loo roll",
    "the recycling goes out tonight",
    "washing machine finished, can u hang it up if ur home first",
    "dinner's in the oven",
    "fridge is empty lol",
    "the heating's back on",
    "power cut on our street",
    "bin men came early",
    "the baby's napping",
    "school called, {name} forgot her PE kit",
    "match starts at 3",
    "did u watch the final",
    "that new series is so good",
    "lol this video",
    "haha ur mum's texts",
    "omg the dog stole a whole sausage",
    "it's boiling today",
    "it's pouring here",
    "train's cancelled, getting the next one",
    "phone's on 5%",
    "in a meeting, call u after",
    "lunch was good",
    "gym then home",
    "back by 6ish",
    "gonna be 10 mins",
    "where should we meet",
    "which platform",
    "is the party still on",
    "what's the wifi password again",
    "pls bring a jacket it's cold",
    "remind me to call the bank",
    "nvm found it",
    "haha yes",
    "yes pls",
    "no thanks, i ate already",
    "maybe next week then",
    "later sounds good, no rush",
    "whenever suits u",
)
add(
    "neutral",
    "s",
    "I'm just leaving {place} now, see you in twenty minutes.",
    "The train's running about ten minutes behind.",
    "Do you want to meet at the café or at the station?",
    "We've run out of washing-up liquid.",
    "Your sister phoned about the weekend, can you call her back?",
    "I've put the oven on for the {food}.",
    "The landlord says the boiler man is coming Tuesday.",
    "There's a parcel for you on the stairs.",
    "I've moved the car so you can get out.",
    "The school trip money needs to go in by Friday.",
    "Guess who I ran into at {place}? Your old boss!",
    "You'll never guess what happened at work today.",
    "They've finally opened the new bakery on the corner.",
    "I think it's going to snow tonight.",
    "The match went to penalties, it was mad.",
    "I started that book you lent me, it's really good.",
    "I've ordered the new hoover, it comes Monday.",
    "Shall I pick up {food} on the way home?",
    "I'm going to have a shower and then start dinner.",
    "Did the electrician send the invoice?",
    "My mum's asking what we want for Christmas.",
    "The vet says the cat is fine, just a bit fat.",
    "I'll be back late, the meeting's run over.",
    "I'm at the pharmacy, do we need anything?",
    "Honestly that quiz night was so much fun.",
    "I never remember which bin goes out on Thursday.",
    "You always know the best shortcuts, take the back road.",
    "You never said the film was three hours long, haha.",
    "Whatever's easiest for dinner, I don't mind.",
    "Fine, pasta then, I'll get the sauce.",
)
add(
    "neutral",
    "f",
    "The parents' evening is on the 14th at 6pm.",
    "I have renewed the car insurance; the documents will arrive by post.",
    "The builders will start on the kitchen on Monday at 8am.",
    "Our flight has been moved to 11:20; check-in opens at 9.",
    "The council has confirmed the parking permit.",
)
add(
    "repair",
    "t",
    "so proud of u",
    "ur amazing, u know that?",
    "u smashed it today",
    "good luck at the interview! ur gonna be great",
    "thank u for dinner, it was so good ❤️",
    "thanks for sorting the car, ur a legend",
    "miss u x",
    "can't wait to see u",
    "have a good day love x",
    "thinking of u today",
    "sleep well {pet} x",
    "night {pet} ❤️",
    "love u lots",
    "u looked so good tonight",
    "best weekend ever with u",
    "ur so funny lol i love u",
    "get home safe x",
    "hope ur feeling better {pet}",
    "so lucky to have u",
    "congrats!!! so happy for u",
)
add(
    "repair",
    "s",
    "I'm really proud of you for {event}, you worked so hard.",
    "Thank you for cooking tonight, that was lovely.",
    "Thanks for taking care of {chore}, I really appreciate it.",
    "You were brilliant with the kids today.",
    "I had such a nice time with you tonight.",
    "You always make me laugh, even on a bad day.",
    "I love coming home to you.",
    "Good luck today, I know you'll do great.",
    "I'm so happy you got the job!",
    "You're the best thing that's happened to me.",
)


def _textify(text: str, rng: random.Random) -> str:
    """Turn a spoken line into how it might be texted."""
    t = text.lower()
    subs = [
        (r"\byou\b", "u"),
        (r"\byour\b", "ur"),
        (r"\byou're\b", "ur"),
        (r"\bare\b", "r"),
        (r"\bplease\b", "pls"),
        (r"\bright now\b", "rn"),
        (r"\bokay\b", "ok"),
        (r"\bi'm\b", "im"),
        (r"\bdon't\b", "dont"),
        (r"\bcan't\b", "cant"),
        (r"\bbecause\b", "cuz"),
        (r"\bto be honest\b", "tbh"),
    ]
    for pattern, repl in subs:
        if rng.random() < 0.75:
            t = re.sub(pattern, repl, t)
    t = t.replace("’", "'")
    if rng.random() < 0.7:
        t = t.rstrip(".")
    if rng.random() < 0.3:
        t = t.replace(", ", " ")
    return t


def _fill(text: str, rng: random.Random) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: rng.choice(SLOTS[m.group(1)]), text)


FILLERS = [
    "Honestly, ",
    "Look, ",
    "I mean, ",
    "Okay so ",
    "Listen, ",
    "{name}, ",
    "Babe, ",
    "Right, ",
    "Hey, ",
    "So ",
]


def build(rng: random.Random) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for tid, (codes, register, template) in enumerate(T):
        has_slots = "{" in template
        n_variants = 7 if has_slots else 4
        for _ in range(n_variants * 3):
            if sum(1 for r in rows if r["template"] == tid) >= n_variants:
                break
            text = _fill(template, rng)
            reg = register
            roll = rng.random()
            if register == "s" and roll < 0.3:
                text, reg = _textify(text, rng), "t"
            elif register == "s" and roll < 0.55 and text[0].isupper():
                text = _fill(rng.choice(FILLERS), rng) + text[0].lower() + text[1:]
            if text in seen:
                continue
            seen.add(text)
            rows.append({"text": text, "codes": list(codes), "template": tid, "register": reg})
    rng.shuffle(rows)
    return rows


def main() -> None:
    rng = random.Random(SEED)
    rows = build(rng)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter(c for r in rows for c in r["codes"])  # type: ignore[union-attr]
    print(f"{len(rows)} utterances from {len(T)} templates -> {OUT}")
    print(dict(sorted(counts.items())))
    print(dict(Counter(r["register"] for r in rows)))


if __name__ == "__main__":
    main()
