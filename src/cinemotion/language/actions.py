"""Who does what: walk the prompt's phrases in order, give each motion verb to its actor, read its manner."""

from __future__ import annotations

from dataclasses import dataclass, field

from cinemotion.language.cast import (
    DETERMINERS, POSSESSIVES, ROLE_NOUNS, Cast, Member, describe_after, noun_phrase, person_traits, singular,
)
from cinemotion.language.chinese import lexicon as chinese_lexicon
from cinemotion.language.document import Document
from cinemotion.language.grades import climb_speed, grade_after
from cinemotion.language.guess import SCAN_LIMIT, guess_verb, looks_like_verb, unknown_verb_at
from cinemotion.language.lexicon import PARSING, Match, prop_index, table, tokenize, verb_entry
from cinemotion.language.mentions import OBJECT_PREPS, in_camera_clause, names, unnamed_people
from cinemotion.language.open_actions import (
    OpenMatch, catalogue, exact_at, hand_work_note, light_verb_phrases, open_action_at, performer,
)
from cinemotion.language.places import find_places
from cinemotion.language.props import first_phrase, jump_type, props_after
from cinemotion.language.timing import NUMBER_WORDS

CLAUSE_JOIN = {"and", ",", "of", "while", "as", "then", "when", "whilst", "but", "before", "after", "(", "—", ":",
               "meanwhile", "until", "where", "so", "once"}
SEQUENCE_WORDS = {"then", "next", "finally", "afterwards", "afterward", "later", "before", "after", "until", "again"}
VERB_OPENERS = {"then", "and", "before", "after", "while", "finally", "also"}
SUBJECT_PRONOUNS = {"he", "she", "they"}
BE_FORMS = {"is", "are", "was", "were", "keeps", "keep", "starts", "start", "begins", "begin"}
OBJECT_PRONOUNS = {"him", "her", "them", "each other", "one another"}
BODY_PARTS = {"hand", "hands", "finger", "fingers", "legs", "leg", "knees", "lips", "voice", "arms", "arm", "feet",
              "body", "shoulders", "breath", "steps", "chin", "jaw", "eyes", "eyelids", "heart"}
NOUN_MARKERS = {"the", "mid", "his", "her", "their", "its", "this", "that", "whole", "entire", "same"}
TIME_PREPOSITIONS = {"after", "before", "since", "following", "during", "from"}
# A locomotion verb's prop: only what the path meets (not the ground it runs across or through)
SEATS = {"bench", "chair"}
PATH_RELATIONS = {"over", "onto", "around", "past", "toward", "into", "off", "under"}
PLACE_PREPS = {"in", "on", "down", "up", "across", "through", "along", "for", "of"}  # end a guessed verb's object
OBJECT_WORDS = PARSING.guess_note_object_words.value  # a guessed verb's note quotes its object ("a skateboard")


@dataclass
class Draft:
    """An action as read, before it is timed."""

    actors: list[int]
    verb: str
    kind: str
    at: int  # token index of the verb
    end: int
    speed: str = "normal"
    emotion: str | None = None
    target: tuple[str, int] | None = None  # ("actor", member) or ("prop", prop index)
    text: str | None = None
    direction: str | None = None
    guessed_from: str | None = None
    category: str | None = None
    cause: "Draft | None" = None
    span_s: float | None = None  # "for 2 seconds"
    posture: str | None = None  # "sit" / "stand" for an idle held seated or rising from a seat
    start_s: float | None = None  # "at 3 seconds"
    phrase: str | None = None  # kind "action": the user's words for it


@dataclass
class Reading:
    cast: Cast
    drafts: list[Draft]
    props: list[tuple[str, str | None]] = field(default_factory=list)  # (kind, relation)
    notes: list[str] = field(default_factory=list)
    moods: list[str] = field(default_factory=list)  # emotions no verb took ("a woman laughing in the rain")
    extras: int = 0  # background people around the cast ("many pedestrians walk about")
    extras_activity: str | None = None  # what they do, when a verb says (people.yaml background_activities)


class Reader:
    def __init__(self, doc: Document, matches: list[Match], known: dict[str, str],
                 earlier: list[tuple[str, str]] = ()):
        self.doc, self.matches, self.known = doc, matches, known
        self.place_starts = {p.start for p in find_places(doc)}  # where a person's description ends, as at a verb
        self.earlier = list(earlier)  # (Character id, sex) filmed in earlier shots, most recent last
        self.cast = Cast()
        self.drafts: list[Draft] = []
        self.pending: list[Draft] = []  # verbs before their subject ("Sprinting through rain, a man …")
        self.subject: list[int] | None = None
        self.recent: list[int] = []
        self.last_object: tuple[list[int], int] | None = None  # members, token index
        self.reacting: Draft | None = None
        self.props: list[tuple[str, str | None]] = []
        self.notes: list[str] = []
        self.moods: list[str] = []
        self.np_tokens: set[int] = set()
        self.thing_words: set[int] = set()  # nouns a person noun premodifies ("a warrior pose"): never verbs
        self.subject_ends: dict[int, list[int]] = {}  # token after a subject mention → its members
        self.object_ends: dict[int, list[int]] = {}  # token after an object ("around a boxer shadowboxing")
        self._mention_end = 0
        self._subject_at = 0
        self.extras = 0
        self.extras_activity: str | None = None

    # --- people -------------------------------------------------------------------------------
    def _person(self, m: Match, kind: str, key: str) -> None:
        doc = self.doc
        nxt = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        if nxt == ":" and kind == "person" and m.start == doc.clause_span(m.start).start:
            return  # "Subject: a female sprinter": a heading, not a person
        if any(x.start == m.end and x.payload[0][0] in ("person", "people") for x in self.matches):
            return  # "a female sprinter", "a teenage boy": the first noun describes the second
        if self._modifies_a_thing(m.end, kind):
            return  # "holds a warrior pose", "a cowboy hat": the person noun is a word of a thing
        det, count, words, start = noun_phrase(doc, m, self.np_tokens)
        head = singular(doc.tokens[m.end - 1]) if kind == "people" else doc.tokens[m.end - 1]
        if self._background(m, kind, head, start):
            return
        if kind == "people" and count == 1 and det not in ("a", "an"):
            count = 2
        groups = table("people")["group_nouns"]
        if head in groups and nxt == "of":
            return  # "a couple of friends", "a pair of dancers": a count of the people named next
        if head in groups and count == 1:  # "an elderly couple": two elderly people
            count, head = groups[head], "person"
        words[-1] = head
        if doc.chinese and head == "person" and doc.originals[m.end - 1] not in chinese_lexicon():
            words[-1] = doc.originals[m.end - 1]  # "保安", "理发师": a role no table lists keeps its own word
            self.notes.append(f"actors: '{words[-1]}' is in no word table; read as a person, described by its word")
        # a description ends at a verb or a place ("a woman in a red coat in the park")
        words += describe_after(doc, m.end,
                                {x.start for x in self.matches if x.payload[0][0] == "verb"} | self.place_starts)
        self.np_tokens.update(range(start, m.end))
        sex, age = person_traits(key, words)
        description = " ".join(words)
        self._place(self._members(key, det, count, description, sex, age, kind == "people", head), start, m.end)

    def _modifies_a_thing(self, end: int, kind: str) -> bool:
        """A person noun right before a noun of a thing (people.yaml modified_nouns) premodifies it: 'a warrior
        pose'. 'hugs a child tightly' keeps its child, and a prop is no such noun (a Chinese gloss lines up "a boy
        ball" from 把球). After a singular noun a bare 'pose' cannot be its verb (it would be 'poses'), so the word
        is the thing's noun even where a verb table lists it."""
        doc = self.doc
        if end >= len(doc.tokens) or doc.clause[end] != doc.clause[end - 1]:
            return False
        if kind == "person" and doc.tokens[end] in table("people")["modified_nouns"]:
            self.thing_words.add(end)
            return True
        return False

    def _background(self, m: Match, kind: str, head: str, start: int) -> bool:
        """'Many pedestrians walk about', 'a crowd cheers': extras around the cast; they take no actions."""
        doc = self.doc
        people = table("people")
        plural = kind == "people" or head in people["group_nouns"] or doc.tokens[m.end - 1] != head
        if not plural or singular(head) not in people["background_nouns"]["words"] and head not in \
                people["background_nouns"]["words"]:
            return False
        background = set(people["background_nouns"]["words"])
        leads = [x for x in self.matches if x.payload[0][0] in ("person", "people", "pronoun") and x.start != m.start
                 and singular(doc.tokens[x.end - 1]) not in background and doc.tokens[x.end - 1] not in background]
        if not leads:
            return False  # "a crowd of commuters hurries": when they are all there is, they are the cast
        counts = people["background_counts"]
        before = doc.tokens[max(0, start - 2):m.end]
        if any(t.isdigit() or (t in people["numbers"] and t not in counts and t not in ("a", "an")) for t in before):
            return False  # "two pedestrians cross": counted people are the cast
        self.extras += max((counts[t] for t in before if t in counts), default=counts["some"])
        self.notes.append(f"extras: '{doc.original_words(start, m.end)}' are background people, not cast")
        activities = people["background_activities"]
        verb = next((t for t in doc.tokens[m.end:m.end + 3] if t in activities), None)
        if verb is not None:
            self.extras_activity = activities[verb]
            if activities[verb] != verb and verb in people["background_approximated"]:
                self.notes.append(f"extras: '{verb}' performed as '{activities[verb]}' (no seats for extras)")
        self.np_tokens.update(range(start, m.end))
        self._set_subject([])
        return True

    def _place(self, members: list[int], start: int, end: int) -> None:
        """A person named as the clause's subject, or as the object of a verb or preposition (its target)."""
        doc = self.doc
        prev = doc.tokens[start - 1] if start > 0 and doc.clause[start - 1] == doc.clause[start] else ","
        verb_before = any(d.at < start and doc.clause[d.at] == doc.clause[start] for d in self.drafts)
        if prev in OBJECT_PREPS or (verb_before and prev not in CLAUSE_JOIN):
            self.last_object = (members, end)
            self.object_ends[end] = members
            self._aim_last_verb(("actor", members[0]), start)
        else:
            self._set_subject(self._conjoined(start) + members)
        self.recent = members

    def _members(self, key, det, count, description, sex, age, plural, head) -> list[int]:
        cast = self.cast
        # "a chef … at the waiter": two people; "a mother and her daughter … the mother": the mother
        same_head = key in table("people")["distinct_heads"]
        existing = next((k for k in range(len(cast.members) - 1, -1, -1) if cast.members[k].key == key
                         and (not same_head or cast.members[k].head == head)), None)
        definite = det in ("the", "this", "that", "these", "those") or det in POSSESSIVES or det is None and not plural
        if existing is not None and definite and det != "another" and count == 1:
            return [existing]
        unsexed = [k for k, x in enumerate(cast.members) if x.sex is None and x.head == "person" and x.key == "person"]
        if existing is None and definite and count == 1 and sex and len(unsexed) > 1 and det not in POSSESSIVES:
            k = unsexed[0]  # "a couple hugs, then the woman walks away": one of the couple, now known a woman
            cast.members[k] = Member(key=key, sex=sex, age=age or cast.members[k].age, description=description,
                                     head=head)
            return [k]
        if definite and count == 1 and key in ROLE_NOUNS and cast.members and det not in POSSESSIVES:
            k = (self.subject or [len(cast.members) - 1])[0]
            if not (same_head and k is not None and cast.members[k].key == key):  # "the athlete": the man
                return [k]
        filmed = self._filmed_as(head) if definite and count == 1 and existing is None else None
        if filmed is not None:  # "Shot 2: medium shot of friend waving": one of the friends shot 1 filmed
            return [cast.add(Member(key=key, sex=sex, age=age, description=description, head=head, character=filmed))]
        return [cast.add(Member(key=key, sex=sex, age=age, description=description, head=head)) for _ in range(count)]

    def _filmed_as(self, head: str) -> str | None:
        """The character an earlier shot filmed under this noun (its id the noun, numbered when there were several:
        friend1, friend2 → the first), not yet cast in this shot; None if none was."""
        cast_here = {m.character for m in self.cast.members}
        return next((c for c, _ in self.earlier if c not in cast_here and c.rstrip("0123456789") == head), None)

    def _name(self, m: Match, key: str, character: str | None) -> None:
        idx = self.cast.find(key)
        if idx is None:
            idx = self.cast.add(Member(key=key, sex=None, age=None, description=self.doc.originals[m.start],
                                       name=self.doc.originals[m.start], character=character))
        self._place([idx], m.start, m.end)

    def _pronoun(self, m: Match, sex: str) -> None:
        doc = self.doc
        word = " ".join(doc.tokens[m.start:m.end])
        nxt = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        if word in POSSESSIVES and self._performer_owns(m, sex):
            return
        if word in POSSESSIVES and (nxt in table("people")["age_words"] or any(
                x.start == m.end or (x.start == m.end + 1) for x in self.matches if x.payload[0][0] in ("person", "people"))):
            return  # a determiner: "her friend"
        if word in POSSESSIVES and word != "her":
            return
        prev = doc.tokens[m.start - 1] if m.start > 0 else ","
        as_object = word in OBJECT_PRONOUNS or (prev in OBJECT_PREPS and word not in SUBJECT_PRONOUNS)
        exclude = tuple(self.subject or ()) if as_object else ()
        members = self.cast.pronoun(sex, self.recent, exclude) if self.cast.members else []
        if not members and any(x.start > m.start and doc.sentence[x.start] == doc.sentence[m.start]
                               and x.payload[0][0] in ("person", "people", "name") for x in self.matches):
            return  # "the camera circles her as a dancer spins": the pronoun points ahead, to the dancer
        if not members:
            members = self._earlier_people(sex)
        if not members:
            members = [self.cast.add(Member(key="woman" if sex == "female" else "man" if sex == "male" else "person",
                                            sex=sex if sex in ("male", "female") else None, age=None, description=""))]
        if word in SUBJECT_PRONOUNS:
            self._set_subject(members)
        elif as_object:
            subject = set(self.subject or [])
            others = [k for k in members if k not in subject] or members
            self._aim_last_verb(("actor", others[0]), m.start)
            return
        self.recent = members

    def _performer_owns(self, m: Match, sex: str) -> bool:
        """'Ties her apron, then walks out', 'Walks toward her friend': no one is named yet, and a possessive after
        the verb is the unnamed performer's own: the performer is cast, of its sex, as the subject."""
        doc = self.doc
        before = doc.tokens[m.start - 1] if m.start > 0 and doc.sentence[m.start - 1] == doc.sentence[m.start] else ","
        after = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        if self.subject is not None or self.cast.members or sex not in ("male", "female") or not after.isalpha() \
                or after in VERB_OPENERS or after in OBJECT_PREPS:
            return False  # someone is named, or 'her' is an object ("hugs her and smiles")
        if not (self.pending or (before.isalpha() and before not in OBJECT_PREPS)):
            return False  # "Her friend waves": the sentence opens with the possessive
        self._set_subject([self.cast.add(Member(key="woman" if sex == "female" else "man", sex=sex, age=None,
                                                description=""))])
        self.recent = self.subject
        return True

    def _earlier_people(self, sex: str) -> list[int]:
        """A pronoun no one in this shot answers: the person of its sex an earlier shot filmed last (for 'they',
        everyone filmed), cast here as that same character."""
        if sex == "plural":
            chosen = [c for c, _ in self.earlier] if len(self.earlier) > 1 else []
        else:
            chosen = next(([c] for c, s in reversed(self.earlier) if s == sex or s == "neutral"), [])
        members = []
        for character in chosen:
            idx = self.cast.find(character)
            if idx is None:
                idx = self.cast.add(Member(key=character, sex=sex if sex in ("male", "female") else None, age=None,
                                           description="", character=character))
            members.append(idx)
        return members

    def _distributive(self, m: Match, rank: int) -> None:
        """'one … the other': the first member of the group just named (in an earlier shot if none is named in
        this one: "Shot 2: one pushes the other"), then one who is not the subject."""
        if len(self.cast.members) < 2 and not self.cast.members:
            self._earlier_people("plural")
        if len(self.cast.members) < 2:
            return
        verb_next = any(x.start == m.end and x.payload[0][0] == "verb" for x in self.matches) or \
            exact_at(self.doc.tokens, m.end) is not None  # "one pushes the other": a catalogue verb follows
        if self.doc.tokens[m.start:m.end] == ["one"] and not verb_next:
            return  # a numeral: "one man", "one by one"
        group = self.recent if len(self.recent) > 1 else list(range(len(self.cast.members)))
        if rank == 0:
            self._set_subject([group[0]])
        else:
            self._set_subject([next((k for k in group if k not in (self.subject or [])), group[1])])

    def _relative(self, m: Match) -> None:
        """', who flinches': the clause's verbs belong to the person just named (a reaction if aimed at)."""
        if self.last_object is None or m.start - self.last_object[1] > 2:
            return
        members = self.last_object[0]
        cause = next((d for d in reversed(self.drafts) if d.target == ("actor", members[0])), None)
        self._set_subject(members)
        self.reacting = cause

    def _conjoined(self, start: int) -> list[int]:
        """'A man and a woman walk': the subject before 'and', if no verb came between, shares the verb."""
        doc = self.doc
        if start == 0 or doc.tokens[start - 1] not in ("and", "&") or self.subject is None:
            return []
        since = [d for d in self.drafts if self._subject_at <= d.at < start]
        same = doc.sentence[self._subject_at] == doc.sentence[start]
        # "a boxer throws a punch and his opponent flinches": a verb no table knows still ends the subject
        unknown_verb = any(looks_like_verb(t) for t in doc.tokens[self._subject_at + 1:start - 1])
        return [k for k in self.subject if k is not None] if same and not since and not unknown_verb else []

    def _set_subject(self, members: list[int]) -> None:
        self.subject = list(dict.fromkeys(members))
        self.reacting = None
        self._subject_at = self._mention_end - 1
        self.subject_ends[self._mention_end] = members
        for draft in self.pending:
            draft.actors = members
        self.pending = []

    def _aim_last_verb(self, target: tuple[str, int], at: int) -> None:
        for draft in reversed(self.drafts):
            if self.doc.sentence[draft.at] != self.doc.sentence[at]:
                break
            if draft.target is None and draft.at < at and (target[0] != "actor" or target[1] not in draft.actors):
                draft.target = target
                break

    # --- verbs --------------------------------------------------------------------------------
    def _verb(self, m: Match, verb: str) -> None:
        entry = verb_entry(verb)
        open_match = exact_at(self.doc.tokens, m.start)
        if open_match is not None and open_match.end >= m.end:
            # the catalogue spells out more of the phrase ("shakes hands" is not trembling, "kneels" not a crouch)
            self._open_action(open_match, list(self.subject or []))
            return
        if m.start in self.thing_words or self._names_earlier_action(m, entry["kind"]) or self._describes_a_noun(m):
            return
        actors = list(self.subject or [])
        if m.start in self.object_ends and self.doc.tokens[m.start].endswith("ing"):
            actors = self.object_ends[m.start]  # "walks toward a group standing by the fountain": the group stands
        grade = grade_after(self.doc.tokens, m.end, self.doc.clause_span(m.start).stop) \
            if entry["kind"] == "locomotion" else None
        if grade is not None and (grade.direction, grade.surface) == ("up", "stairs"):
            self._open_action(OpenMatch("climb_stairs", m.start, grade.end, "a gait up stairs"), actors)
            self.drafts[-1].speed = climb_speed(entry.get("verb", verb))
            return
        draft = Draft(actors=actors, verb=entry.get("verb", verb), kind=entry["kind"], at=m.start, end=m.end,
                      emotion=entry.get("emotion"), cause=self.reacting if actors == list(self.subject or []) else None,
                      posture=entry.get("posture"))
        if not actors and self.subject is None:
            self.pending.append(draft)
        self.drafts.append(draft)
        if grade is not None:
            self._level_ground_note(m, grade, draft.verb)
        if " ".join(self.doc.tokens[m.start:m.end]) in entry.get("stands_in", ()):  # "a precise gesture"
            self.notes.append(f"action: '{self.doc.original_words(m.start, m.end)}' names no particular action; "
                              f"performed as {draft.verb}, the guide's example of one")

    def _level_ground_note(self, m: Match, grade, verb: str) -> None:
        """A descent or a slope is walked on the level (the ground is flat; the library climbs stairs only)."""
        words = self.doc.original_words(m.start, grade.end)
        if grade.surface == "stairs":
            self.notes.append(f"path: '{words}': the motion library holds no stair descent; "
                              f"performed as {verb} on level ground")
        else:
            self.notes.append(f"path: '{words}': the ground is level; the {'climb' if grade.direction == 'up' else 'descent'} "
                              f"is not modelled, performed as {verb} on the flat")

    def _describes_a_noun(self, m: Match) -> bool:
        """'with trembling hands': a participle before a body part describes it; it is not an action.
        'clears a hurdle': a word both a prop and a verb, after an article, is the prop."""
        doc = self.doc
        nxt = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        prev = doc.tokens[m.start - 1] if m.start > 0 else ""
        if (prev in DETERMINERS or prev in NUMBER_WORDS or prev.isdigit()) and \
                any(p.start == 0 for p in prop_index().scan(doc.tokens[m.start:m.end])):
            return True
        return doc.tokens[m.start].endswith("ing") and nxt in BODY_PARTS and prev in NOUN_MARKERS | {"with", "a", "an"}

    def _names_earlier_action(self, m: Match, kind: str) -> bool:
        """'then explodes into the jump', 'mid-leap': a motion noun that names an action already read."""
        prev = self.doc.tokens[m.start - 1] if m.start > 0 else ""
        if prev in POSSESSIVES and m.end - m.start == 1:
            return True  # "checking his watch", "her run": a possessive makes the word a noun
        if prev in ("a", "an", "the") and m.start > 1 and self.doc.tokens[m.start - 2] in TIME_PREPOSITIONS:
            return True  # "breathing heavily after a run": the event an action is timed by, not an action
        if prev not in NOUN_MARKERS or kind not in ("jump", "locomotion"):
            return False
        owner = set(self.subject or [])
        return any(d.kind == kind and set(d.actors) & owner for d in self.drafts)

    def read(self) -> Reading:
        doc = self.doc
        self.matches = sorted(self.matches + unnamed_people(doc, self.matches), key=lambda x: x.start)
        events = sorted(self.matches + names(doc, self.matches, self.known), key=lambda x: x.start)
        # "does the chicken dance": a light verb's catalogue phrase is one action; words inside it are not mentions
        known = {k for m in self.matches for k in range(m.start, m.end)}  # a vocabulary word keeps its meaning
        # ...but a manner word right after its person ("a boy laughs", "the kids are laughing") is the verb
        manner_only = {k for m in self.matches if {kind for kind, _ in m.payload} <= {"emotion", "speed"}
                       for k in range(m.start, m.end)}
        people_ends = {_past_auxiliary(doc.tokens, m.end) for m in self.matches
                       if m.payload[0][0] in ("person", "people")} - (known - manner_only)
        # "points at the sign and laughs", "then laughing": a manner word in the next verb's place is that verb
        # (after "and" only a finite one: "smiling and laughing" is a manner)
        people_ends |= {k + 1 for k in range(len(doc.tokens) - 1) if k + 1 in manner_only
                        and not doc.tokens[k + 1].endswith(("ly", "ed"))
                        and (doc.tokens[k] in ("then", "while") or
                             (doc.tokens[k] == "and" and not doc.tokens[k + 1].endswith("ing")))}
        opened = light_verb_phrases(doc.tokens, people_ends)
        events = sorted([m for m in events if not any(o.start <= m.start < o.end for o in opened)]
                        + [Match(o.start, o.end, (("open_action", o),)) for o in opened], key=lambda x: x.start)
        last_sentence = 0
        for m in events:
            kind, value = m.payload[0]
            self._mention_end = m.end
            if doc.sentence[m.start] != last_sentence:
                last_sentence = doc.sentence[m.start]
                self._close_pending()
            if kind in ("person", "people"):
                self._person(m, kind, value)
            elif kind == "name":
                self._name(m, value[0], value[1])
            elif kind == "animal":
                if doc.tokens[m.start] not in table("people")["animal_figures"]["kinds"]:  # else drawn (animals.py)
                    self.notes.append(f"ignored: the {doc.tokens[m.start]} and what it does (cinemotion performs people)")
                self._set_subject([])
            elif kind == "pronoun":
                self._pronoun(m, value)
            elif kind == "relative":
                self._relative(m)
            elif kind == "distributive":
                self._distributive(m, value)
            elif kind == "verb" and not in_camera_clause(doc, self.matches, m):
                self._verb(m, value)
            elif kind == "open_action":
                self._open_action(value, list(self.subject or []))
        self._close_pending()
        self._guess_unknown(events)
        self._manner()
        self._quotes()
        self._jumps_and_props()
        self.drafts = _merge_repeats(doc, [d for d in self.drafts if d.actors])
        return Reading(self.cast, sorted(self.drafts, key=lambda d: d.at), self.props, self.notes + self.cast.notes,
                       self.moods, self.extras, self.extras_activity)

    def _close_pending(self) -> None:
        if not self.pending:
            return
        members = self.subject or (self.recent if self.recent else None)
        if members is None:
            members = [self.cast.add(Member(key="person", sex=None, age=None, description=""))]
            self.subject = members
            self.notes.append("actors: no person named; the actions go to one unnamed person")
        for draft in self.pending:
            draft.actors = members
        self.pending = []

    def _guess_unknown(self, events: list[Match]) -> None:
        """A word in a verb's slot that no table knows: the nearest known verb, recorded as guessed."""
        doc = self.doc
        known_at = {k for m in events for k in range(m.start, m.end)}
        slots = [(end, members, SCAN_LIMIT) for end, members in self.subject_ends.items()]
        slots += [(end, members, 0) for end, members in self.object_ends.items()
                  if end < len(doc.tokens) and doc.tokens[end].endswith("ing")]
        slots += [(k + 1, None, 0) for k, t in enumerate(doc.tokens) if t in VERB_OPENERS and k > 0]
        # a sentence that opens on its verb ("Ties her apron."): the performer is the one it names or the last one
        slots += [(k, None, 0) for k in range(len(doc.tokens)) if (k == 0 or doc.sentence[k] != doc.sentence[k - 1])
                  and self._owner_at(k) is not None]
        for start, members, scan in sorted(slots, key=lambda x: x[0]):
            if members == []:
                continue  # an animal's verb
            i = unknown_verb_at(doc, start, known_at, scan)
            if i is None:
                continue
            word = doc.tokens[i]
            owner = members or self._owner_at(i)
            open_match = open_action_at(doc.tokens, i, doc.clause_span(i).stop)
            if open_match is not None and owner is not None:
                if open_match.how.startswith("phrase"):  # "shoots a jump shot": 'jump' is a word of the phrase
                    self.drafts = [d for d in self.drafts if not open_match.start <= d.at < open_match.end]
                self._open_action(open_match, owner)
                known_at.update(range(open_match.start, open_match.end))
                continue
            verb, how = guess_verb(word)
            if verb is None or owner is None:
                self.notes.append(f"ignored: '{word}' (not a motion word cinemotion knows)")
                continue
            entry = verb_entry(verb)
            draft = Draft(actors=owner, verb=entry.get("verb", verb), kind=entry["kind"], at=i, end=i + 1,
                          emotion=entry.get("emotion"), posture=entry.get("posture"),
                          guessed_from=word)
            self.drafts.append(draft)
            known_at.add(i)
            self.notes.append(f"guessed: '{_with_object(doc, i)}' → {verb} ({how})")

    def _open_action(self, found: OpenMatch, actors: list[int]) -> None:
        """An action beyond the vocabulary, by its catalogue label (language/open_actions.py)."""
        phrase = self.doc.original_words(found.start, found.end)
        draft = Draft(actors=actors, verb=found.label, kind="action", at=found.start, end=found.end, phrase=phrase,
                      emotion=catalogue()[found.label].get("emotion"))
        if not actors and self.subject is None:
            self.pending.append(draft)
        self.drafts.append(draft)
        source = performer(found.label) or "nothing performs it: idle"
        self.notes.append(f"action: '{phrase}' → {found.label} ({found.how}), performed as {source}")
        if (note := hand_work_note(found.label)) is not None:
            self.notes.append(note)

    def _owner_at(self, i: int) -> list[int] | None:
        """Whose unknown verb after 'then'/'and' this is: the actor of the action just before it."""
        before = [d for d in self.drafts if d.at < i and d.actors and self.doc.sentence[d.at] == self.doc.sentence[i]]
        return before[-1].actors if before else (self.subject or self.recent or None)

    def _manner(self) -> None:
        """Speed and emotion words go to the nearest verb in their clause (emotion: in their sentence)."""
        doc = self.doc
        moves_at = [x for x in self.matches if x.payload[0][0] == "move"]
        for m in self.matches:
            if any(abs(x.start - m.end) <= 1 or abs(m.start - x.end) <= 1 for x in moves_at):
                continue  # "the camera slowly pans": the camera's manner, not an actor's
            for kind, value in m.payload:
                if kind not in ("speed", "emotion"):
                    continue
                near = [d for d in self.drafts if doc.clause[d.at] == doc.clause[m.start]]
                if not near and kind == "emotion":
                    near = [d for d in self.drafts if doc.sentence[d.at] == doc.sentence[m.start]]
                if not near and kind == "speed" and m.end < len(doc.tokens) and doc.tokens[m.end] == ",":
                    near = [d for d in self.drafts if doc.sentence[d.at] == doc.sentence[m.start] and d.at > m.start]
                if not near:
                    if kind == "emotion":
                        self.moods.append(value)
                    continue
                draft = min(near, key=lambda d: (abs(d.at - m.start), d.at < m.start))
                if kind == "speed":
                    draft.speed = value
                elif value != "neutral" or draft.emotion is None:
                    draft.emotion = value

    def _quotes(self) -> None:
        doc = self.doc
        for i in range(len(doc.tokens)):
            text = doc.quote_at(i)
            if text is None:
                continue
            same = [d for d in self.drafts if d.kind == "speak" and d.text is None and doc.sentence[d.at] == doc.sentence[i]]
            if same:
                min(same, key=lambda d: abs(d.at - i)).text = text
                continue
            owner = self.subject or self.recent
            if not owner:
                owner = [self.cast.add(Member(key="person", sex=None, age=None, description=""))]
            self.drafts.append(Draft(actors=owner, verb="speak", kind="speak", at=i, end=i + 1, text=text))

    def _unseen_aim(self, draft: Draft, span: list[int]) -> None:
        """'points at the sign': a gesture aimed at a thing that is neither cast nor prop is performed toward
        the front, and the plan says so."""
        doc = self.doc
        aimed = doc.tokens[draft.end - 1] in AIM_PREPOSITIONS  # the verb's own phrase ends on it: "points at"
        if not span or not (aimed or doc.tokens[span[0]] in AIM_PREPOSITIONS):
            return
        aim = []
        for k in span[(0 if aimed else 1):][:4]:
            if not doc.tokens[k].isalpha() or doc.tokens[k] in CLAUSE_JOIN:
                break
            aim.append(k)
        nouns = {doc.tokens[k] for k in aim} - DETERMINERS
        if not nouns or nouns & set(table("modifiers")["aim_elsewhere"]):
            return
        self.notes.append(f"target: '{doc.original_words(draft.at, aim[-1] + 1)}': nothing in the set is "
                          f"{doc.original_words(aim[0], aim[-1] + 1)}; performed toward the front")

    def _jumps_and_props(self) -> None:
        doc = self.doc
        relations = table("modifiers")["relations"]
        prop_matches = prop_index().scan(doc.tokens)
        directions = [(tuple(tokenize(p)), name) for name, ps in table("modifiers")["directions"].items() for p in ps]
        starts = sorted(d.at for d in self.drafts)
        for draft in self.drafts:
            nxt = next((s for s in starts if s > draft.at), len(doc.tokens))
            span = [k for k in range(draft.end, nxt) if doc.clause[k] == doc.clause[draft.at]]
            words = [doc.tokens[k] for k in range(draft.at, draft.end)] + [doc.tokens[k] for k in span]
            if draft.kind == "jump":
                draft.category = jump_type(draft.verb, words)
            if draft.posture == "sit":  # "sitting on a bench", "sits at a chair by the window"
                seat = next((x.payload[0][1] for x in prop_matches if x.start in span and x.payload[0][1] in SEATS),
                            None)
                if seat is not None:
                    prop = (seat, "onto")
                    if prop not in self.props:
                        self.props.append(prop)
                    draft.target = ("prop", self.props.index(prop))
            if draft.kind in ("jump", "locomotion"):
                object_relation = table("modifiers")["object_relations"].get(draft.kind)
                for prop in props_after(doc, span, prop_matches, relations, object_relation):
                    if draft.kind == "locomotion" and prop[1] not in PATH_RELATIONS:
                        continue
                    if prop not in self.props:  # the same fence named again is the same fence
                        self.props.append(prop)
                    if draft.target is None:
                        draft.target = ("prop", self.props.index(prop))
                if draft.kind == "locomotion" and draft.direction is None:
                    draft.direction = first_phrase([doc.tokens[k] for k in span], directions)
            if draft.kind == "gesture" and draft.target is None:
                self._unseen_aim(draft, span)


AIM_PREPOSITIONS = {"at", "to", "toward", "towards"}


def _past_auxiliary(tokens: list[str], i: int) -> int:
    """The verb's token after a subject ending at i, past a progressive's auxiliary ("the kids are laughing")."""
    if i + 1 < len(tokens) and tokens[i] in BE_FORMS and tokens[i + 1].endswith("ing"):
        return i + 1
    return i


def _merge_repeats(doc: Document, drafts: list[Draft]) -> list[Draft]:
    """'stumbles out of a bar, staggering down the street': the same verb again, unsequenced, is one action."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda x: x.at):
        prev = next((k for k in reversed(kept) if k.actors == d.actors), None)
        if prev is not None and prev.verb == d.verb and prev.kind == d.kind and prev.posture == d.posture and \
                not set(doc.tokens[prev.end:d.at]) & SEQUENCE_WORDS and doc.sentence[prev.at] == doc.sentence[d.at]:
            prev.speed = prev.speed if prev.speed != "normal" else d.speed
            prev.emotion = prev.emotion or d.emotion
            prev.target = prev.target or d.target
            continue
        kept.append(d)
    return kept


def _with_object(doc: Document, i: int) -> str:
    """A guessed verb with the words it acts on ("rides a skateboard"), so the note says what was approximated."""
    end = i + 1
    while end < len(doc.tokens) and end - i <= OBJECT_WORDS and doc.clause[end] == doc.clause[i] and \
            doc.tokens[end] not in CLAUSE_JOIN | OBJECT_PREPS | PLACE_PREPS:
        end += 1
    return doc.original_words(i, end)
