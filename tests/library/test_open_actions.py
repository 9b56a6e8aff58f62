"""Open-world prompts through the real stages (parse → direct → animate), each checked on the joints it made.

Each case: a prompt, the catalogue label the plan must name, and a kinematic check of joints.npz-style data
(world joints (F, 22, 3) per actor at the shot's fps): the wrist and foot speeds of strikes and kicks, the
pelvis height of crawls and falls, the rise of climbs, both actors' hands meeting, the turns of a pirouette,
the cycles of squats and jumping jacks.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from cinemotion.language import complete
from cinemotion.body.skeleton import J
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion import animate

L_WRIST, R_WRIST, L_ANKLE, R_ANKLE, HEAD = J["left_wrist"], J["right_wrist"], J["left_ankle"], J["right_ankle"], J["head"]


@lru_cache(maxsize=None)
def perform(prompt: str):
    storyboard = parse(prompt)
    shot = direct(complete(storyboard)).shots[0]
    performance = animate(shot, rng=np.random.default_rng(0))
    return shot, [m.joints for m in performance.actors]


def speed(points: np.ndarray, fps: float) -> np.ndarray:
    return np.linalg.norm(np.diff(points, axis=0), axis=-1) * fps


def peak_limb_speed(joints, fps, a, b):
    return float(max(speed(joints[:, a], fps).max(), speed(joints[:, b], fps).max()))


def yaw(joints: np.ndarray) -> np.ndarray:
    across = joints[:, J["left_hip"]] - joints[:, J["right_hip"]]
    return np.unwrap(np.arctan2(across[:, 2], across[:, 0]))


def cycles(signal: np.ndarray, fps: float, min_depth: float) -> int:
    """Dips of a signal at least min_depth below the local maxima around them (half-second smoothing)."""
    from scipy.ndimage import uniform_filter1d
    from scipy.signal import find_peaks
    s = uniform_filter1d(signal, max(1, int(fps * 0.15)))
    dips, _ = find_peaks(-s, prominence=min_depth, distance=max(1, int(fps * 0.4)))
    return len(dips)


# --- kinematic checks: (shot, [joints per actor]) -> (ok, what was measured) ------------------------------------
def strikes(min_mps):
    def check(shot, js):
        v = peak_limb_speed(js[0], shot.fps, L_WRIST, R_WRIST)
        return v >= min_mps, f"peak wrist speed {v:.1f} m/s (want ≥ {min_mps})"
    return check


def strikes_or_kicks(min_mps):
    def check(shot, js):
        v = max(peak_limb_speed(js[0], shot.fps, L_WRIST, R_WRIST), peak_limb_speed(js[0], shot.fps, L_ANKLE, R_ANKLE))
        return v >= min_mps, f"peak wrist or ankle speed {v:.1f} m/s (want ≥ {min_mps})"
    return check


def kicks(min_mps):
    def check(shot, js):
        v = peak_limb_speed(js[0], shot.fps, L_ANKLE, R_ANKLE)
        return v >= min_mps, f"peak ankle speed {v:.1f} m/s (want ≥ {min_mps})"
    return check


def low_pelvis(max_m, share):
    def check(shot, js):
        frac = float(np.mean(js[0][:, 0, 1] <= max_m))
        return frac >= share, f"pelvis ≤ {max_m} m in {frac:.0%} of frames (want ≥ {share:.0%})"
    return check


def ends_low(max_m):
    def check(shot, js):
        y = float(js[0][-1, 0, 1])
        return y <= max_m, f"pelvis ends at {y:.2f} m (want ≤ {max_m})"
    return check


def rises(min_m):
    def check(shot, js):
        rise = float(js[0][-int(shot.fps * 0.5):, 0, 1].mean() - js[0][:int(shot.fps * 0.3), 0, 1].mean())
        return rise >= min_m, f"pelvis rises {rise:.2f} m (want ≥ {min_m})"
    return check


def hands_meet(max_m, left=False):
    def check(shot, js):
        a, b = js[0][:, R_WRIST], js[1][:, L_WRIST if left else R_WRIST]
        d = float(np.linalg.norm(a - b, axis=1).min())
        return d <= max_m, f"closest wrists {d:.3f} m (want ≤ {max_m})"
    return check


def hand_on_partner(joint, max_m):
    def check(shot, js):
        d = float(np.linalg.norm(js[0][:, R_WRIST] - js[1][:, J[joint]], axis=1)[len(js[0]) // 2:].min())
        return d <= max_m, f"wrist to partner's {joint} {d:.3f} m (want ≤ {max_m})"
    return check


def embrace(max_m):
    def check(shot, js):
        back = js[1][:, J["spine3"]]
        d = float(max(np.linalg.norm(js[0][:, w] - back, axis=1)[len(back) // 2:].min() for w in (L_WRIST, R_WRIST)))
        return d <= max_m, f"both wrists within {d:.2f} m of the partner's upper back (want ≤ {max_m})"
    return check


def turns(min_deg):
    def check(shot, js):
        y = yaw(js[0])
        w = int(shot.fps * 2.0)
        most = float(np.degrees(max(np.abs(y[k + w] - y[k]) for k in range(len(y) - w)))) if len(y) > w else 0.0
        return most >= min_deg, f"turns {most:.0f} deg within 2 s (want ≥ {min_deg})"
    return check


def dips(min_count, depth=0.2):
    def check(shot, js):
        n = cycles(js[0][:, 0, 1], shot.fps, depth)
        return n >= min_count, f"{n} pelvis dips ≥ {depth} m (want ≥ {min_count})"
    return check


def works_by_hand(label: str):
    """Hand work: after stepping up to the work (1 s), the working wrist oscillates at the task's rhythm (the largest
    spectral peak of its path, within one frequency bin) and both wrists stay in front of the pelvis, the path's centre
    within 8 cm of the task's height (language/open_actions.yaml hand_work)."""
    from cinemotion.language.open_actions import hand_task
    task = hand_task(label)

    def check(shot, js):
        fps, height = shot.fps, shot.actors[0].character.height_m
        action = next(a for a in shot.actors[0].actions if a.verb == label)
        work = slice(int(fps * (action.start_s + 1.0)), int(fps * (action.end_s or shot.duration_s)) - 2)
        wrist, pelvis = js[0][work, R_WRIST], js[0][work, 0]
        from scipy.signal import detrend
        path = detrend(wrist, axis=0)  # the stance settling is no stroke
        axis = int(np.argmax(path.std(axis=0)))
        spectrum = np.abs(np.fft.rfft(path[:, axis] * np.hanning(len(path))))
        freqs = np.fft.rfftfreq(len(path), 1.0 / fps)
        peak = float(freqs[1 + int(np.argmax(spectrum[1:]))])
        centre_y = float(js[0][work, [L_WRIST, R_WRIST], 1].mean())
        ahead = float(np.linalg.norm((wrist - pelvis)[:, [0, 2]], axis=1).min())
        ok = (abs(peak - task["rhythm_hz"]) <= freqs[1] and abs(centre_y - task["height"] * height) <= 0.08
              and ahead >= 0.1)
        return ok, (f"wrist peak {peak:.2f} Hz (want {task['rhythm_hz']:g} ± {freqs[1]:.2f}); hands at {centre_y:.2f} m "
                    f"(want {task['height'] * height:.2f} ± 0.08); wrist ≥ {ahead:.2f} m in front of the pelvis (want ≥ 0.1)")
    return check


def jacks(min_count):
    def check(shot, js):
        over = js[0][:, [L_WRIST, R_WRIST], 1].max(axis=1) - js[0][:, HEAD, 1]
        n = cycles(-over, shot.fps, 0.25)
        return n >= min_count, f"{n} arm swings over the head (want ≥ {min_count})"
    return check


def hand_to_head(max_m):
    def check(shot, js):
        d = float(min(np.linalg.norm(js[0][:, w] - js[0][:, HEAD], axis=1).min() for w in (L_WRIST, R_WRIST)))
        return d <= max_m, f"a wrist comes within {d:.2f} m of the head (want ≤ {max_m})"
    return check


def arms_overhead(min_m):
    def check(shot, js):
        over = float((js[0][:, [L_WRIST, R_WRIST], 1].max(axis=1) - js[0][:, HEAD, 1]).max())
        return over >= min_m, f"wrists {over:.2f} m above the head (want ≥ {min_m})"
    return check


def lively(min_mean_mps):
    def check(shot, js):
        v = float(np.mean([speed(js[0][:, j], shot.fps).mean() for j in (L_WRIST, R_WRIST, L_ANKLE, R_ANKLE)]))
        return v >= min_mean_mps, f"mean limb speed {v:.2f} m/s (want ≥ {min_mean_mps})"
    return check


def slow_flow(max_peak, min_range):
    def check(shot, js):
        v = peak_limb_speed(js[0], shot.fps, L_WRIST, R_WRIST)
        r = float(np.ptp(js[0][:, R_WRIST] - js[0][:, 0], axis=0).max())
        return v <= max_peak and r >= min_range, f"peak wrist {v:.2f} m/s (≤ {max_peak}), hand travel {r:.2f} m (≥ {min_range})"
    return check


def dribbling_while_moving(min_speed):
    def check(shot, js):
        travel = float(np.linalg.norm((js[0][-1, 0] - js[0][0, 0]) * [1, 0, 1])) / shot.duration_s
        wrist = js[0][:, [L_WRIST, R_WRIST], 1].min(axis=1) - js[0][:, 0, 1]
        bounces = cycles(wrist, shot.fps, 0.05)
        return travel >= min_speed and bounces >= 3, f"travels {travel:.1f} m/s, {bounces} hand bounces"
    return check


def reaches_forward(min_m):
    def check(shot, js):
        fwd = js[0][:, [L_WRIST, R_WRIST]].mean(axis=1) - js[0][:, J["spine3"]]
        horizontal = float(np.linalg.norm(fwd[:, [0, 2]], axis=1)[len(fwd) // 2:].mean())
        return horizontal >= min_m, f"hands {horizontal:.2f} m out in front of the chest (want ≥ {min_m})"
    return check


def together(max_m):
    def check(shot, js):
        d = float(np.median(np.linalg.norm((js[0][:, 0] - js[1][:, 0]) * [1, 0, 1], axis=1)))
        moving = float(speed(js[0][:, L_ANKLE], shot.fps).mean())
        return d <= max_m and moving > 0.2, f"partners a median {d:.2f} m apart, feet moving {moving:.2f} m/s"
    return check


def slips_and_recovers():
    def check(shot, js):
        v = peak_limb_speed(js[0], shot.fps, L_ANKLE, R_ANKLE)
        end = float(js[0][-1, 0, 1]) / float(js[0][0, 0, 1])
        return v >= 1.5 and end > 0.9, f"foot shoots out at {v:.1f} m/s (≥ 1.5), ends standing at {end:.0%} of the pelvis height"
    return check


def throws(min_mps):
    return strikes(min_mps)


CASES = [
    # sport and combat
    ("A boxer throws fast jabs and hooks at a heavy bag", "boxing", strikes(4.0)),
    ("A boxer shadowboxes in the ring", "boxing", strikes(4.0)),
    ("Two boxers spar in a gym", "boxing", strikes(4.0)),
    ("A man punches the air angrily", "punch", strikes(3.0)),
    ("A knight swings a sword", "swordplay", strikes(2.5)),
    ("Two men fence with swords", "swordplay", strikes(2.5)),
    ("A woman practices karate in a dojo", "martial_arts", strikes_or_kicks(3.0)),
    ("A fighter does kung fu", "martial_arts", strikes_or_kicks(3.0)),
    ("A footballer kicks the ball into the net", "kick_ball", kicks(5.0)),
    ("A striker takes a penalty", "kick_ball", kicks(5.0)),
    ("A boy kicks a soccer ball", "kick_ball", kicks(5.0)),
    ("A woman dribbles a basketball while jogging", "dribble", dribbling_while_moving(1.5)),
    ("A teenager dribbles the ball down the court", "dribble", lively(0.5)),
    ("A basketball player shoots a free throw", "shoot_basketball", arms_overhead(0.1)),
    ("A pitcher throws a baseball", "throw", throws(6.0)),
    ("A boy throws a stone into the lake", "throw", throws(6.0)),
    ("A quarterback throws a pass", "throw", throws(6.0)),
    ("A girl tosses a ball to her friend", "throw", throws(6.0)),
    ("A goalkeeper catches the ball", "catch", reaches_forward(0.25)),
    # exercise
    ("A girl does jumping jacks in the park", "jumping_jacks", jacks(2)),
    ("An athlete does squats in the gym", "squat", dips(2)),
    ("A woman does side twists to warm up", "side_twist", lively(0.3)),
    ("A runner jogs in place", "jog_in_place", lively(0.5)),
    ("An old man practicing tai chi in the park", "tai_chi", slow_flow(2.0, 0.25)),
    ("A woman does tai chi at dawn", "tai_chi", slow_flow(2.0, 0.25)),
    # everyday
    ("A tired worker drinks from a bottle", "drink", hand_to_head(0.3)),
    ("A woman sips her coffee", "drink", hand_to_head(0.3)),
    ("A man takes a sip of water", "drink", hand_to_head(0.3)),
    ("A girl stands on tiptoe to reach the top shelf", "reach_up", arms_overhead(0.2)),
    ("A woman wipes the window", "wash_window", lively(0.15)),
    # hand work at a surface (one procedural performer, motion/perform/handwork.py)
    ("A baker kneads dough on the counter for 4 seconds", "knead", works_by_hand("knead")),
    ("A chef chops onions on a cutting board for 4 seconds", "chop", works_by_hand("chop")),
    ("A cook stirs a pot of soup for 4 seconds", "stir", works_by_hand("stir")),
    ("A waiter wipes the table for 4 seconds", "wipe_surface", works_by_hand("wipe_surface")),
    ("A grandmother wipes her hands on her apron for 4 seconds", "wipe_hands", works_by_hand("wipe_hands")),
    ("A waitress ties her apron for 4 seconds", "tie_apron", works_by_hand("tie_apron")),
    ("An old man fishes by the lake for 12 seconds", "fish", works_by_hand("fish")),
    ("A janitor sweeps the floor for 4 seconds", "sweep", works_by_hand("sweep")),
    ("一位老奶奶在厨房里揉面团，4秒", "knead", works_by_hand("knead")),
    ("A janitor cleans the windows", "wash_window", lively(0.15)),
    ("A police officer directs traffic", "direct_traffic", lively(0.3)),
    ("A man bends down to scoop up sand", "scoop_up", low_pelvis(0.65, 0.1)),
    ("A woman picks up a box", "pick_up", low_pelvis(0.7, 0.1)),
    ("A mover lifts a box off the floor", "pick_up", low_pelvis(0.7, 0.1)),
    ("A man puts the box down", "put_down", low_pelvis(0.7, 0.1)),
    ("A man bursts out laughing", "laugh", lively(0.1)),
    ("A man kneels to propose", "kneel", low_pelvis(0.7, 0.5)),
    ("A priest kneels in prayer", "kneel", low_pelvis(0.7, 0.5)),
    ("A soldier crawls under barbed wire", "belly_crawl", low_pelvis(0.3, 0.5)),
    ("A baby crawls on the floor", "crawl", low_pelvis(0.65, 0.5)),
    ("A man crawls on hands and knees through a tunnel", "crawl", low_pelvis(0.65, 0.5)),
    ("A man slips on ice and falls", "fall", ends_low(0.3)),
    ("A woman slips on the wet floor", "slip", slips_and_recovers()),
    ("An old woman trips over a root", "trip", ends_low(0.3)),
    ("A man faints", "fall", ends_low(0.3)),
    ("A drunk man falls down", "fall", ends_low(0.3)),
    ("A woman pushes a shopping cart", "push", reaches_forward(0.35)),
    ("A man pulls a rope", "pull", reaches_forward(0.3)),
    # climbing
    ("An old woman slowly climbs the stairs holding the railing", "climb_stairs", rises(0.4)),
    ("A man walks up the steps", "climb_stairs", rises(0.4)),
    ("A firefighter climbs a ladder", "climb_ladder", rises(0.4)),
    ("A boy climbs a tree", "climb_ladder", rises(0.4)),
    # dance
    ("A dancer does a pirouette", "pirouette", turns(300)),
    ("A ballerina performs a pirouette on stage", "pirouette", turns(300)),
    ("A ballerina dances ballet", "ballet", lively(0.3)),
    ("A couple dancing salsa", "salsa", together(1.2)),
    ("Two people dance the tango together", "salsa", together(1.2)),
    ("A man does the chicken dance", "dance", lively(0.15)),
    ("A woman dances at a party", "dance", lively(0.15)),
    ("A girl performs bharatanatyam", "indian_dance", lively(0.2)),
    ("A kid turns a cartwheel on the grass", "cartwheel", arms_overhead(-0.5)),
    # Chinese prompts (glossed by language/zh.yaml onto the catalogue's phrases)
    ("一个老人在公园里打太极拳", "tai_chi", slow_flow(2.0, 0.25)),
    ("一个士兵匍匐前进", "belly_crawl", low_pelvis(0.3, 0.5)),
    ("一个拳击手打拳", "boxing", strikes(4.0)),
    # two people in contact
    ("Two businessmen shake hands", "handshake", hands_meet(0.15)),
    ("A man shakes hands with a woman", "handshake", hands_meet(0.15)),
    ("Two teammates high five", "high_five", hands_meet(0.15)),
    ("A mother and her daughter hug", "hug", embrace(0.35)),
    ("Two old friends embrace each other", "hug", embrace(0.35)),
    ("A coach puts a hand on his shoulder", "hand_on_shoulder", None),
    ("Two men arm wrestle", "arm_wrestle", hands_meet(0.2)),
]


@pytest.mark.parametrize("prompt,label,check", CASES, ids=[c[0][:48] for c in CASES])
def test_open_action_is_named_and_performed(prompt, label, check):
    shot, joints = perform(prompt)
    actions = [a for actor in shot.actors for a in actor.actions if a.kind == "action"]
    assert any(a.verb == label for a in actions), f"{prompt!r}: plan names {[a.verb for a in actions]}, want {label}"
    named = next(a for a in actions if a.verb == label)
    assert named.performer, f"{prompt!r}: {label} has no performer"
    assert named.performer.startswith(("capture:cmu/", "procedural:")), named.performer
    if check is not None:
        ok, measured = check(shot, joints)
        assert ok, f"{prompt!r}: {measured}"


def test_at_least_sixty_cases():
    assert len(CASES) >= 60, len(CASES)
