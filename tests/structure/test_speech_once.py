"""Speech timing is decided once: animate synthesises each line and the face, the beats and the soundtrack read it.

The performance carries each spoken line (`Performance.utterances`); replacing one there moves both the mouth
(jaw_open) and the dialogue stem, so neither can be re-deriving the line from the text on its own.
"""

import numpy as np
import pytest

from cinemotion.language import complete
from cinemotion.audio import score
from cinemotion.body.skeleton import make_body
from cinemotion.core.seeds import stream
from cinemotion.direct import direct
from cinemotion.language.voice import SAMPLE_RATE, Utterance, synthesize
from cinemotion.motion import animate
from cinemotion.motion.extremities.face import perform_face
from cinemotion.motion.performance import SpokenLine
from cinemotion.spec.models import Action, Actor, Character, Shot, Storyboard, Voice

from factories import static_camera

LINE_START_S = 0.25
TONE_HZ = 440.0
MARA = Character(id="mara", voice=Voice(variant="en-us+f3", pitch=65, rate_wpm=160))


def _speaking_shot():
    storyboard = Storyboard(seed=3, fps=24, width=160, height=90, characters=[MARA], shots=[Shot(
        duration_s=2.0, actors=[Actor(id="mara", character="mara", actions=[
            Action(kind="speak", verb="speak", text="Not today.", start_s=LINE_START_S, end_s=1.8)])])])
    return direct(complete(storyboard))


def _tone_utterance() -> Utterance:
    """A made-up line: 1 s of a 440 Hz tone, an open vowel, a pause, an open vowel."""
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    samples = (0.3 * np.sin(2 * np.pi * TONE_HZ * t)).astype(np.float32)
    return Utterance(samples=samples, sample_rate=SAMPLE_RATE, words=((0.0, 1.0, "aah"),),
                     phonemes=((0.0, 0.4, "a"), (0.4, 0.6, "_"), (0.6, 1.0, "a")))


def test_animate_speaks_each_line_once_in_the_speakers_voice():
    plan = _speaking_shot()
    performance = animate(plan.shots[0], rng=stream(plan.shots[0].seed, "motion"))
    (line,) = performance.utterances
    assert (line.actor, line.start_s, line.text) == ("mara", LINE_START_S, "Not today.")
    spoken = synthesize("Not today.", MARA.voice)
    assert line.utterance.samples.tobytes() == spoken.samples.tobytes() and line.utterance.phonemes == spoken.phonemes
    # the jaw moves while the line is heard, not before it starts
    jaw = performance.actor("mara").expression["jaw_open"]
    fps = plan.fps
    assert jaw[: int(LINE_START_S * fps) - 1].max() < 0.05, "the mouth moved before the line"
    assert jaw[int(LINE_START_S * fps): int(line.end_s * fps)].max() > 0.3, "the mouth stayed shut while speaking"


def test_a_replaced_utterance_moves_the_mouth_and_the_sound_together():
    plan = _speaking_shot()
    shot = plan.shots[0]
    performance = animate(shot, rng=stream(shot.seed, "motion"))
    (line,) = performance.utterances
    performance.utterances = [SpokenLine(actor=line.actor, start_s=line.start_s, text=line.text,
                                         utterance=_tone_utterance())]
    # the face, performed again from the performance's lines: open on the vowels, shut in the pause
    motion, placed = performance.actor("mara"), shot.actors[0]
    body = make_body(placed.character.height_m, placed.character.build)
    perform_face(motion, placed, body, shot, lines=performance.utterances, rng=np.random.default_rng(0))
    jaw = motion.expression["jaw_open"]
    at = lambda s: jaw[int(round((LINE_START_S + s) * shot.fps))]  # noqa: E731 (seconds into the line)
    assert at(0.2) > 0.6 and at(0.8) > 0.6, f"jaw {at(0.2):.2f}, {at(0.8):.2f} on the made-up vowels"
    assert at(0.5) < 0.2, f"jaw {at(0.5):.2f} in the made-up pause"
    # the soundtrack: the tone where the line is, its subtitle as long as the tone
    track = score(plan, [performance], [static_camera(shot.n_frames)], rng=stream(plan.seed, "audio"))
    (subtitle,) = track.subtitles
    assert subtitle[:2] == pytest.approx((LINE_START_S, LINE_START_S + 1.0))
    window = track.stems["dialogue"][int(LINE_START_S * SAMPLE_RATE): int((LINE_START_S + 1.0) * SAMPLE_RATE), 0]
    peak_hz = np.fft.rfftfreq(len(window), 1 / SAMPLE_RATE)[np.abs(np.fft.rfft(window)).argmax()]
    assert peak_hz == pytest.approx(TONE_HZ, abs=2.0), f"dialogue peaks at {peak_hz:.1f} Hz"
