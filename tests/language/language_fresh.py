"""A second fresh set of motion prompts, written after the parser fixes of the second language pass and
measured once without tuning: the estimate of field accuracy on prompts nobody tuned against.

Same keys and conventions as language_heldout.py; expectations were written from the words and DESIGN.md
before the parser was run on these prompts.
"""

L, J, G, R, I, S = "locomotion", "jump", "gesture", "react", "idle", "speak"

FRESH = [
    ("A lone samurai trudges through a snowstorm, wide shot, 10 seconds.", {
        "duration_s": 10.0, "shot_type": "wide", "weather": "snow",
        "actors": {"samurai": [(L, "trudge", "physical_state")]}}),
    ("woman sprinting on a beach", {"setting": "beach", "actors": {"woman": [(L, "sprint", "high_intensity")]}}),
    ("An elderly man waves goodbye from the porch, medium shot, golden hour.", {
        "shot_type": "medium", "lighting": "golden_hour", "actors": {"man": [(G, "wave", "communication")]},
        "age": {"man": "old"}}),
    ("Two girls skip across the schoolyard holding hands.", {
        "actors": {"girl1": [(J, "skip", "casual")], "girl2": [(J, "skip", "casual")]}}),
    ("A firefighter bolts up the stairs, handheld camera, smoke everywhere.", {
        "camera": ["handheld"], "effects": ["fog"], "actors": {"firefighter": [("action", "climb_stairs", "everyday")]}}),
    ("Close-up of a woman's hands typing on a laptop, shallow depth of field.", {
        "shot_type": "close_up", "depth_of_field": "shallow",
        "actors": {"woman": [(G, "type", "precise_task")]}}),
    ("A wounded knight limps across the battlefield, then collapses. Overcast, 8 seconds.", {
        "duration_s": 8.0, "lighting": "overcast", "actors": {"knight": [(L, "limp", "physical_state"), (I, "idle", None)]},
        "times": {"knight": [(0.0, 4.0), (4.0, 8.0)]}}),
    ("The camera pans 90 degrees to the right as a cyclist rides past.", {
        "camera": ["pan_right"], "camera_amounts": [90.0]}),
    ("A slow 3x zoom into the eyes of a frightened child.", {
        "camera": ["zoom_in"], "camera_amounts": [3.0], "emotions": {"child": ["fear"]}}),
    ("A gymnast vaults over the vaulting table, slow motion, low angle.", {
        "time_scale": 0.5, "angle": "low", "props": [("obstacle", "over")],
        "actors": {"gymnast": [(J, "vault", "athletic")]}}),
    ("A man hops over a small puddle on a rainy sidewalk.", {
        "weather": "rain", "surface": "wet", "props": [("puddle", "over")],
        "actors": {"man": [(J, "hop", "casual")]}}),
    ("A climber leaps straight up to catch the ledge, full-body shot.", {
        "shot_type": "full_body", "props": [("ledge", "onto")], "actors": {"climber": [(J, "leap", "vertical")]}}),
    ("A stuntman leaps across the gap between two buildings, tracking shot, 4-second duration.", {
        "duration_s": 4.0, "camera": ["tracking"], "props": [("gap", "across"), ("rooftop", "across")],
        "actors": {"stuntman": [(J, "leap", "horizontal")]}}),
    ("Jake glances back at Mara, then dashes away.", {
        "actors": {"jake": [(G, "glance_back", None), (L, "dash", "high_intensity")], "mara": [(I, "idle", None)]}}),
    ("A toddler stumbles across the living room and giggles.", {
        "setting": "office", "actors": {"toddler": [(L, "stagger", "physical_state"), ("action", "laugh", "everyday")]},
        "age": {"toddler": "child"}}),
    ("A thug lunges at a woman, who steps back and shrugs.", {
        "actors": {"thug": [(L, "lunge", "emotional")], "woman": [(R, "step_back", None), (G, "shrug", "emotional")]},
        "causes": {"woman": ["thug.lunge", None]}}),
    ("Orbit shot circling 180 degrees around a boxer shadowboxing in an empty gym, rim lighting.", {
        "camera": ["orbit"], "camera_amounts": [180.0], "setting": "gym", "lighting": "rim_light"}),
    ("Crane up 4 meters to reveal a crowd of runners at the starting line, aerial view.", {
        "camera": ["crane_up"], "camera_amounts": [4.0], "setting": "running_track"}),
    ("A teenager shuffles cards at a kitchen table while his sister yawns.", {
        "setting": "kitchen", "actors": {"teenager": [(G, "shuffle_cards", "precise_task")],
                                         "sister": [(G, "yawn", "involuntary")]}}),
    ("An athlete jogs along the river at dawn, mist over the water, 35mm film.", {
        "setting": "river", "lighting": "golden_hour", "weather": "fog", "film": "35mm",
        "actors": {"athlete": [(L, "jog", "low_intensity")]}}),
    ("A woman points at the map, then beckons her friends over. Medium close-up.", {
        "shot_type": "medium_close_up",
        "actors": {"woman": [(G, "point", "communication"), (G, "beckon", "communication")]}}),
    ("A soldier flinches as an explosion erupts nearby, ultra slow motion, debris flying.", {
        "time_scale": 0.25, "effects": ["dust"], "actors": {"soldier": [(R, "flinch", "involuntary")]}}),
    ("Dolly in slowly on a man threading a needle, 6 seconds, studio lighting.", {
        "camera": ["dolly_in"], "duration_s": 6.0, "lighting": "studio",
        "actors": {"man": [(G, "thread_needle", "precise_task")]}}),
    ("Three joggers trot through a foggy park in the morning.", {
        "setting": "park", "weather": "fog",
        "actors": {f"jogger{k}": [(L, "trot", "low_intensity")] for k in (1, 2, 3)}}),
    ("A tired businessman yawns on the subway platform, handheld, 5 seconds.", {
        "setting": "station", "camera": ["handheld"], "actors": {"businessman": [(G, "yawn", "involuntary")]},
        "emotions": {"businessman": ["fatigue"]}}),
    ("A bride shakes her head and laughs, medium shot, soft light, bokeh.", {
        "shot_type": "medium", "lighting": "overcast", "depth_of_field": "shallow",
        "actors": {"bride": [(G, "shake_head", None), ("action", "laugh", "everyday")]}}),
    ("A police officer charges down the alley after a thief who flees over a fence.", {
        "setting": "alley", "props": [("barrier", "over")],
        "actors": {"officer": [(L, "charge", "emotional")], "thief": [(L, "flee", "emotional")]}}),
    ("A little boy trembles in the rain, close-up, dutch angle.", {
        "shot_type": "close_up", "angle": "dutch", "weather": "rain",
        "actors": {"boy": [(G, "tremble", "emotional")]}, "age": {"boy": "child"}}),
    ("Static shot, a man nods slowly, intensity 1.", {
        "camera": ["static"], "intensity": 1, "actors": {"man": [(G, "nod", None)]}, "speeds": {"man": ["slow"]}}),
    ("A dancer bounds across the stage, then spins, wide shot, 16mm.", {
        "shot_type": "wide", "film": "16mm", "setting": "studio",
        "actors": {"dancer": [(J, "bound", "horizontal"), ("action", "pirouette", "dance")]}}),
    ("Tilt up from the ground to a skyscraper as a man walks by, 3-second tilt.", {
        "camera": ["tilt_up"], "camera_durations": [3.0], "actors": {"man": [(L, "walk", "plain")]}}),
    ("A woman runs through a sandstorm in the desert, no morphing, no extra limbs, motion intensity 8.", {
        "setting": "desert", "effects": ["dust"], "negative": ["morphing", "extra limbs"], "intensity": 8,
        "actors": {"woman": [(L, "run", "plain")]}}),
    ("A hiker staggers up a snowy ridge against strong winds, drone shot, 12 seconds.", {
        "duration_s": 12.0, "shot_type": "extreme_wide", "setting": "snowy_slope", "weather": "wind",
        "actors": {"hiker": [(L, "stagger", "physical_state")]}}),
    ("Sofia sprints to the finish line, then raises her arms and yells 'Yes!'", {
        "setting": "running_track",
        "actors": {"sofia": [(L, "sprint", "high_intensity"), (S, "speak", None)]}, "texts": {"sofia": [None, "Yes!"]}}),
    ("A man facepalms in front of his computer, office, static camera, 3 seconds.", {
        "duration_s": 3.0, "setting": "office", "camera": ["static"],
        "actors": {"man": [(G, "facepalm", "emotional")]}}),
    ("A kid jumps into a pile of leaves, falling leaves, autumn park, slow-mo.", {
        "setting": "park", "effects": ["falling_leaves"], "time_scale": 0.5, "actors": {"kid": [(J, "jump", "vertical")]}}),
    ("Overhead shot of commuters walking across a crosswalk in the rain.", {
        "angle": "overhead", "setting": "city_street", "weather": "rain"}),
    ("A girl blinks and then smiles, extreme close-up, natural light.", {
        "shot_type": "extreme_close_up", "lighting": "daylight", "actors": {"girl": [(G, "blink", "involuntary")]}}),
    ("Pull back 2x from a sprinter on the blocks as she bolts, 5 seconds, Negative: flicker, warping.", {
        "camera": ["dolly_out"], "camera_amounts": [2.0], "negative": ["flickering", "warping"],
        "actors": {"sprinter": [(L, "bolt", "high_intensity")]}}),
    ("An old couple dances slowly in their kitchen, warm golden light, 35mm.", {
        "setting": "kitchen", "lighting": "golden_hour", "film": "35mm",
        "actors": {"person1": [(I, "idle", None)], "person2": [(I, "idle", None)]}, "age": {"person1": "old"}}),
    ("A parkour traceur speed-vaults a railing, then sprints along a rooftop at night.", {
        "setting": "rooftop", "lighting": "night", "props": [("barrier", "over")],
        "actors": {"traceur": [(J, "vault", "athletic"), (L, "sprint", "high_intensity")]}}),
    ("A woman jogs for 4 seconds, then walks for 2 seconds.", {
        "duration_s": 6.0, "actors": {"woman": [(L, "jog", "low_intensity"), (L, "walk", "plain")]},
        "times": {"woman": [(0.0, 4.0), (4.0, 6.0)]}}),
    ("A man in a grey hoodie paces nervously in a parking garage, handheld, neon lights.", {
        "setting": "warehouse", "camera": ["handheld"], "lighting": "neon",
        "actors": {"man": [(L, "walk", "plain")]}, "emotions": {"man": ["fear"]}}),
    ("Two friends wave at each other across the street, then jog toward each other.", {
        "setting": "city_street",
        "actors": {"friend1": [(G, "wave", "communication"), (L, "jog", "low_intensity")],
                   "friend2": [(G, "wave", "communication"), (L, "jog", "low_intensity")]}}),
]
