"""Realistic prompts (the guide's own examples first) and the fields they must parse to."""

GUIDE_SPRINT = ("A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, "
                "tracking shot following the athlete, cinematic depth of field, 4-second duration")
GUIDE_ROOFTOP = (
    "An athletic woman powerfully leaping across a wide gap between two modern skyscraper rooftops in daylight. "
    "She starts in a coiled preparation stance on the edge — knees bent, arms back — then explodes into the jump. "
    "Dramatic mid-air moment with limbs fully extended, body stretched, muscles engaged, and clothing fabric flapping "
    "in the wind.Smooth tracking camera shot following her entire trajectory from preparation to mid-leap, keeping "
    "her sharply in focus. Bright daylight, sharp shadows, detailed anatomy and fabric textures, dynamic motion, "
    "photorealistic, professional film quality.")
GUIDE_GESTURE = (
    "Close-up portrait of a person performing a delicate, precise gesture, hands near the face, eyes expressing deep "
    "concentration, subtle light hitting the cheekbones, shallow depth of field with a blurred professional studio "
    "background, hyper-detailed skin texture, soft cinematic rim lighting.")

# Each case: prompt → expected fields. "actors" maps actor id → [(kind, verb, category), …] in time order;
# "times" maps actor id → [(start_s, end_s), …]; other keys name Shot fields (see test_language_parse.fields).
CASES = [
    (GUIDE_SPRINT, {
        "duration_s": 4.0, "shot_type": "full_body", "angle": "eye_level", "camera": ["tracking"],
        "time_scale": 1.0, "setting": "neon_street", "effects": ["steam"], "lighting": "neon",
        "depth_of_field": "cinematic", "actors": {"man": [("locomotion", "sprint", "high_intensity")]},
        "intensity_range": (7, 10)}),
    (GUIDE_ROOFTOP, {
        "duration_s": 5.0, "camera": ["tracking"], "setting": "rooftop", "lighting": "daylight",
        "props": [("gap", "across"), ("rooftop", "across")], "effects": ["wind"],
        "actors": {"woman": [("jump", "leap", "horizontal")]}, "speeds": {"woman": ["fast"]},
        "targets": {"woman": ["gap"]}, "sex": {"woman": "female"}, "build": {"woman": "athletic"}}),
    (GUIDE_GESTURE, {
        "shot_type": "close_up", "setting": "studio", "lighting": "rim_light", "depth_of_field": "shallow",
        "actors": {"person": [("gesture", "thread_needle", "precise_task")]}, "speeds": {"person": ["slow"]},
        "emotions": {"person": ["concentration"]}, "intensity_range": (1, 3)}),
    ("A man running.", {
        "duration_s": 5.0, "camera": ["static"], "actors": {"man": [("locomotion", "run", "plain")]}}),
    ("A man charges at his rival, who flinches and steps back. Low-angle tracking shot, 6 seconds.", {
        "duration_s": 6.0, "angle": "low", "camera": ["tracking"],
        "actors": {"man": [("locomotion", "charge", "emotional")],
                   "rival": [("react", "flinch", "involuntary"), ("react", "step_back", None)]},
        "targets": {"man": ["rival"], "rival": ["man", "man"]}, "causes": {"rival": ["man.charge", "man.charge"]},
        "starts_after": [("rival", 0, "man", 0)]}),
    ("Two kids skipping over a small stone in a park, golden hour lighting, smooth pan left to right, rule of thirds.", {
        "camera": ["pan_right"], "setting": "park", "surface": "grass", "lighting": "golden_hour",
        "composition": "rule_of_thirds", "props": [("stone", "over")],
        "actors": {"kid1": [("jump", "skip", "casual")], "kid2": [("jump", "skip", "casual")]},
        "age": {"kid1": "child", "kid2": "child"}}),
    ("An old man trudges through a snowy forest, then stops and glances back over his shoulder. Wide shot, "
     "ultra slow motion, 8 seconds, no morphing, no flickering.", {
        "duration_s": 8.0, "shot_type": "wide", "time_scale": 0.25, "surface": "snow",
        "negative": ["morphing", "flickering"],
        "actors": {"man": [("locomotion", "trudge", "physical_state"), ("idle", "idle", None),
                           ("gesture", "glance_back", None)]},
        "times": {"man": [(0.0, 4.0), (4.0, 8.0), (4.0, 8.0)]}, "age": {"man": "old"}}),
    ("A woman waves slowly at her friend while her friend jogs past. Medium shot. She says 'Not today.'", {
        "shot_type": "medium",
        "actors": {"woman": [("gesture", "wave", "communication"), ("speak", "speak", None)],
                   "friend": [("locomotion", "jog", "low_intensity")]},
        "speeds": {"woman": ["slow", "normal"]}, "texts": {"woman": [None, "Not today."]},
        "targets": {"woman": ["friend", None]}, "times": {"woman": [(0.0, 2.5), (2.5, 5.0)], "friend": [(0.0, 5.0)]}}),
    ("The camera tilts up from his feet to his face as a soldier limps down a muddy road in the rain, "
     "3-second pan reveal, 5-second dolly zoom.", {
        "camera": ["tilt_up", "pan_right", "dolly_zoom"], "camera_durations": [None, 3.0, 5.0],
        "setting": "city_street", "surface": "muddy", "weather": "rain", "effects": ["rain"],
        "actors": {"soldier": [("locomotion", "limp", "physical_state")]}, "emotions": {"soldier": ["pain"]}}),
    ("A parkour athlete vaults over a concrete barrier with one hand, then sprints frantically across the rooftop. "
     "Handheld camera, motion intensity 9. Negative: warping, extra limbs", {
        "camera": ["handheld"], "intensity": 9, "negative": ["warping", "extra limbs"], "setting": "rooftop",
        "props": [("barrier", "over")],
        "actors": {"athlete": [("jump", "vault", "athletic"), ("locomotion", "sprint", "high_intensity")]},
        "speeds": {"athlete": ["normal", "fast"]}, "targets": {"athlete": ["barrier", None]},
        "times": {"athlete": [(0.0, 2.5), (2.5, 5.0)]}}),
    ("Three people walk along a beach at sunset, 35mm film aesthetic, centered composition.", {
        "setting": "beach", "surface": "sand", "lighting": "golden_hour", "film": "35mm", "composition": "centered",
        "actors": {f"person{k}": [("locomotion", "walk", "plain")] for k in (1, 2, 3)}}),
    ("Mara sprints down a wet running track, splashing through puddles, slipping slightly on the slick surface. "
     "Tracking shot. 4-second duration.", {
        "duration_s": 4.0, "setting": "running_track", "surface": "wet",
        "effects": ["splashing", "puddles", "slipping"], "actors": {"mara": [("locomotion", "sprint", "high_intensity")]}}),
    ("A woman leaping straight up to grab a ledge, full body shot, low angle.", {
        "shot_type": "full_body", "angle": "low", "props": [("ledge", "onto")],
        "actors": {"woman": [("jump", "leap", "vertical")]}, "targets": {"woman": ["ledge"]}}),
    ("A terrified girl flees from a bully through a narrow alley at night.", {
        "setting": "alley", "lighting": "night", "actors": {"girl": [("locomotion", "flee", "emotional")], "bully": [("idle", "idle", None)]},
        "emotions": {"girl": ["fear"]}, "targets": {"girl": ["bully"]}}),
    ("A slow, deliberate wave from an elderly woman, medium close-up, soft overcast light.", {
        "shot_type": "medium_close_up", "lighting": "overcast",
        "actors": {"woman": [("gesture", "wave", "communication")]}, "speeds": {"woman": ["slow"]}, "age": {"woman": "old"}}),
    ("A frantic, rapid wave from a young man on a subway platform, handheld camera.", {
        "camera": ["handheld"], "setting": "station", "actors": {"man": [("gesture", "wave", "communication")]},
        "speeds": {"man": ["fast"]}}),
    ("A boxer lunges at his opponent, who dodges quickly to the left. Ultra slow motion, 35mm film, dramatic rim lighting.", {
        "time_scale": 0.25, "film": "35mm", "lighting": "rim_light",
        "actors": {"boxer": [("locomotion", "lunge", "emotional")], "opponent": [("react", "dodge", None)]},
        "causes": {"opponent": ["boxer.lunge"]}, "speeds": {"opponent": ["fast"]}}),
    ("Extreme close-up of a woman blinking slowly as tears roll down her cheek, shallow depth of field, 3 seconds.", {
        "duration_s": 3.0, "shot_type": "extreme_close_up", "depth_of_field": "shallow",
        "actors": {"woman": [("gesture", "blink", "involuntary")]}, "emotions": {"woman": ["sadness"]},
        "intensity_range": (1, 3)}),
    ("A girl hops over a puddle, then skips down the sidewalk joyfully. Medium shot, tracking camera, 6-second duration.", {
        "duration_s": 6.0, "shot_type": "medium", "camera": ["tracking"], "setting": "city_street",
        "props": [("puddle", "over")], "actors": {"girl": [("jump", "hop", "casual"), ("jump", "skip", "casual")]},
        "emotions": {"girl": [None, "joy"]}, "times": {"girl": [(0.0, 3.0), (3.0, 6.0)]}}),
    ("A man in a red jacket jogs across a bridge at dawn; the camera orbits around him. 10 seconds.", {
        "duration_s": 10.0, "camera": ["orbit"], "lighting": "golden_hour",
        "actors": {"man": [("locomotion", "jog", "low_intensity")]}, "top_color": {"man": "#c81e1e"}}),
    ("Two soldiers trudge through deep snow during a blizzard, wide shot, camera cranes up to reveal the mountains.", {
        "shot_type": "wide", "camera": ["crane_up"], "weather": "snow", "surface": "snow",
        "actors": {"soldier1": [("locomotion", "trudge", "physical_state")],
                   "soldier2": [("locomotion", "trudge", "physical_state")]}}),
    ("A runner bolts off the starting line on a running track, low-angle shot, slow motion, no warping, no extra limbs.", {
        "angle": "low", "time_scale": 0.5, "setting": "running_track", "negative": ["warping", "extra limbs"],
        "actors": {"runner": [("locomotion", "bolt", "high_intensity")]}}),
    ("A chef in a busy kitchen shuffles the cards, then points at the camera and shrugs. Static shot, centered composition.", {
        "setting": "kitchen", "camera": ["static"],
        "actors": {"chef": [("gesture", "shuffle_cards", "precise_task"), ("gesture", "point", "communication"),
                            ("gesture", "shrug", "emotional")]}}),
    ("A programmer types rapidly on a keyboard in a dark office, then yawns and facepalms.", {
        "setting": "office", "lighting": "night",
        "actors": {"programmer": [("gesture", "type", "precise_task"), ("gesture", "yawn", "involuntary"),
                                  ("gesture", "facepalm", "emotional")]}, "speeds": {"programmer": ["fast", "normal", "normal"]}}),
    ("The detective glances back over her shoulder, then dashes down the corridor. Dutch angle, pull back, 5 seconds.", {
        "angle": "dutch", "camera": ["dolly_out"], "setting": "corridor",
        "actors": {"detective": [("gesture", "glance_back", None), ("locomotion", "dash", "high_intensity")]}}),
    ("A man walks toward the camera, stops, and beckons to his friend. Zoom in for 2 seconds, then tilt down.", {
        "camera": ["zoom_in", "tilt_down"], "camera_durations": [2.0, 3.0], "camera_starts": [0.0, 2.0],
        "actors": {"man": [("locomotion", "walk", "plain"), ("idle", "idle", None), ("gesture", "beckon", "communication")],
                   "friend": [("idle", "idle", None)]}, "targets": {"man": [None, None, "friend"]}}),
    ("A woman sprinting on a beach at sunset, sand spraying from each footfall, tracking shot, motion intensity 8.", {
        "intensity": 8, "setting": "beach", "effects": ["dust"], "actors": {"woman": [("locomotion", "sprint", "high_intensity")]}}),
    ("A kid vaults over a fence with one hand, then sprints to the car. Overhead shot.", {
        "angle": "overhead", "props": [("barrier", "over"), ("car", "toward")],
        "actors": {"kid": [("jump", "vault", "athletic"), ("locomotion", "sprint", "high_intensity")]}}),
    ("Sprinting through the rain, a woman leaps across a gap between two rooftops.", {
        "weather": "rain", "surface": "wet", "props": [("gap", "across"), ("rooftop", "across")],
        "actors": {"woman": [("locomotion", "sprint", "high_intensity"), ("jump", "leap", "horizontal")]}}),
    ("Jake charges at Mara, who flinches. Jake then points at her.", {
        "actors": {"jake": [("locomotion", "charge", "emotional"), ("gesture", "point", "communication")],
                   "mara": [("react", "flinch", "involuntary")]}, "targets": {"jake": ["mara", "mara"]},
        "causes": {"mara": ["jake.charge"]}}),
    ("A woman trembling in fear in a dark alley at night, fog rolling in, close-up, dolly in.", {
        "shot_type": "close_up", "camera": ["dolly_in"], "weather": "fog", "lighting": "night",
        "actors": {"woman": [("gesture", "tremble", "emotional")]}, "emotions": {"woman": ["fear"]}}),
    ("An athlete performs a standing vertical jump straight up to grab a pull-up bar, full body shot.", {
        "props": [("ledge", "onto")], "actors": {"athlete": [("jump", "jump", "vertical")]}}),
    ("Two kids race across the playground, then one of them trips. 8 seconds, wide shot.", {
        "duration_s": 8.0, "shot_type": "wide", "setting": "park"}),
    ("A man slowly walks his dog in the park while a jogger passes him.", {
        "setting": "park", "actors": {"man": [("locomotion", "walk", "plain")], "jogger": [("locomotion", "jog", "low_intensity")]},
        "speeds": {"man": ["slow"]}}),
    ("A woman sprints, then leaps over a fallen log, then jogs to a stop. Tracking shot, 6 seconds, forest, "
     "falling leaves.", {
        "duration_s": 6.0, "setting": "forest", "effects": ["falling_leaves"], "props": [("log", "over")],
        "actors": {"woman": [("locomotion", "sprint", "high_intensity"), ("jump", "leap", "horizontal"),
                             ("locomotion", "jog", "low_intensity"), ("idle", "idle", None)]},
        "times": {"woman": [(0.0, 1.5), (1.5, 3.0), (3.0, 4.5), (4.5, 6.0)]}, "targets": {"woman": [None, "log", None, None]}}),
    ("A teenager hops on one foot across the hall for 2 seconds, then bolts toward the door.", {
        "setting": "corridor", "actors": {"teenager": [("jump", "hop", "casual"), ("locomotion", "bolt", "high_intensity")]},
        "times": {"teenager": [(0.0, 2.0), (2.0, 5.0)]}}),
    ("Close-up of a nervous man threading a needle with trembling hands, studio lighting, intensity 2.", {
        "shot_type": "close_up", "intensity": 2, "lighting": "studio",
        "actors": {"man": [("gesture", "thread_needle", "precise_task")]}}),
    ("A young woman in a white dress dances barefoot on the beach at golden hour, waves crashing behind her, slow "
     "motion, shallow depth of field.", {
        "setting": "beach", "time_scale": 0.5, "lighting": "golden_hour", "depth_of_field": "shallow",
        "actors": {"woman": [("idle", "idle", None)]}, "top_color": {"woman": "#f5f5f5"}}),
    ("Cinematic shot of a samurai walking slowly through a bamboo forest, mist swirling, camera tracking alongside, 8 seconds.", {
        "duration_s": 8.0, "camera": ["tracking"], "setting": "forest", "weather": "fog",
        "actors": {"samurai": [("locomotion", "walk", "plain")]}, "speeds": {"samurai": ["slow"]}}),
    ("A little boy chases a red ball across a grassy park while his grandmother watches from a bench.", {
        "setting": "park", "surface": "grass",
        "actors": {"boy": [("locomotion", "sprint", "high_intensity")], "grandmother": [("gesture", "look_at", None)]},
        "age": {"boy": "child"}, "sex": {"grandmother": "female"}}),
    ("Medium shot of a businessman checking his watch, then running to catch the bus, handheld, 5 seconds.", {
        "shot_type": "medium", "camera": ["handheld"],
        "actors": {"businessman": [("gesture", "look_at", None), ("locomotion", "run", "plain")]}}),
    ("A basketball player dribbles down the court and leaps to dunk the ball, low angle, slow motion.", {
        "angle": "low", "time_scale": 0.5, "setting": "gym",
        "actors": {"player": [("action", "dribble", "sport"), ("jump", "leap", "vertical")]}}),
    ("Two friends high-five and hug at the finish line of a marathon, crowd cheering, wide shot.", {
        "shot_type": "wide", "setting": "running_track",
        "actors": {"friend1": [("action", "high_five", "interaction"), ("action", "hug", "interaction")],
                   "friend2": [("action", "high_five", "interaction"), ("action", "hug", "interaction")]}}),
    ("A cat burglar sneaks along a rooftop at night, then drops down onto a balcony.", {
        "setting": "rooftop", "lighting": "night", "props": [("platform", "onto")],
        "actors": {"burglar": [("locomotion", "walk", "plain"), ("jump", "jump", "vertical")]}}),
    ("An elderly couple strolling hand in hand through falling autumn leaves in a park, 35mm film.", {
        "effects": ["falling_leaves"], "film": "35mm",
        "actors": {"person1": [("locomotion", "walk", "plain")], "person2": [("locomotion", "walk", "plain")]},
        "age": {"person1": "old", "person2": "old"}}),
    ("A man stumbles out of a bar at night, staggering down the wet street, neon reflections, handheld camera.", {
        "surface": "wet", "lighting": "neon", "camera": ["handheld"],
        "actors": {"man": [("locomotion", "stagger", "physical_state")]}}),
    ("Aerial drone shot of a lone hiker trudging across a snowy ridge, wind blowing snow, 10 seconds.", {
        "shot_type": "extreme_wide", "angle": "high", "setting": "snowy_slope", "duration_s": 10.0,
        "actors": {"hiker": [("locomotion", "trudge", "physical_state")]}}),
    ("A ballerina spins gracefully on stage under a single spotlight, then bows to the audience.", {
        "setting": "studio", "actors": {"ballerina": [("idle", "idle", None), ("gesture", "nod", None)]}}),
    ("He sprints. She follows. They both leap over the fence.", {
        "props": [("barrier", "over")],
        "actors": {"man": [("locomotion", "sprint", "high_intensity"), ("jump", "leap", "horizontal")],
                   "woman": [("locomotion", "walk", "plain"), ("jump", "leap", "horizontal")]}}),
    ("A runner crosses the finish line with arms raised in triumph, then collapses on the track exhausted.", {
        "setting": "running_track",
        "actors": {"runner": [("locomotion", "run", "plain"), ("action", "fall", "everyday")]},
        "emotions": {"runner": ["joy", "fatigue"]}}),
    ("Slow push-in on a teenage girl shrugging, then rolling her eyes, medium close-up, pastel bedroom, soft daylight.", {
        "camera": ["dolly_in"], "shot_type": "medium_close_up", "lighting": "overcast",
        "actors": {"girl": [("gesture", "shrug", "emotional")]}, "age": {"girl": "young"}}),
    ("A crowd of commuters hurries across a busy intersection at rush hour, overhead shot, time-lapse.", {
        "angle": "overhead", "time_scale": 1.5, "setting": "city_street",
        "actors": {f"commuter{k}": [("locomotion", "dash", "high_intensity")] for k in range(1, 7)}}),
    ("A woman in a yellow raincoat jumps into a puddle, splashing water everywhere, then laughs. Slow motion, medium shot.", {
        "surface": "wet", "effects": ["puddles", "splashing"], "props": [("puddle", "into")],
        "actors": {"woman": [("jump", "jump", "vertical"), ("action", "laugh", "everyday")]},
        "emotions": {"woman": [None, "joy"]}}),
    ("A man dodges a punch, ducks under a second swing, then counterattacks with a lunge. Fast-paced, handheld, "
     "motion intensity 9, no motion blur.", {
        "duration_s": 5.0, "intensity": 9, "negative": ["motion blur"],
        "actors": {"man": [("react", "dodge", None), ("locomotion", "lunge", "emotional")]}}),
    ("A kid running away from a big dog in the park, dog chasing, tracking shot following the kid, 5 seconds.", {
        "camera": ["tracking"], "actors": {"kid": [("locomotion", "flee", "emotional")]}}),
    ('Portrait of a woman speaking to camera: "Welcome to my channel!" She smiles and waves. Medium close-up, studio lighting.', {
        "shot_type": "medium_close_up", "lighting": "studio",
        "actors": {"woman": [("speak", "speak", None), ("gesture", "wave", "communication")]},
        "texts": {"woman": ["Welcome to my channel!", None]}}),
    ("A gymnast sprints down the runway, vaults over the horse with both hands, and sticks the landing. Tracking, slow motion.", {
        "props": [("obstacle", "over")],
        "actors": {"gymnast": [("locomotion", "sprint", "high_intensity"), ("jump", "vault", "athletic")]}}),
    ("At 2 seconds the man turns and runs; at 4 seconds he jumps over the wall. 6 seconds total.", {
        "duration_s": 6.0, "props": [("wall", "over")],
        "actors": {"man": [("gesture", "look_at", None), ("locomotion", "run", "plain"), ("jump", "jump", "horizontal")]},
        "times": {"man": [(2.0, 4.0), (2.0, 4.0), (4.0, 6.0)]}}),
    ("Drone shot over a forest, then a 3-second tilt down to reveal a hiker resting on a rock.", {
        "shot_type": "extreme_wide", "camera": ["tilt_down"], "camera_durations": [3.0],
        "actors": {"hiker": [("idle", "idle", None)]}}),
    ("A man walks left to right across the frame while the camera pans right to follow him, rule of thirds, 7 seconds.", {
        "duration_s": 7.0, "camera": ["pan_right"], "composition": "rule_of_thirds",
        "actors": {"man": [("locomotion", "walk", "plain")]}}),
    ("A man and a woman walk hand in hand along the river.", {
        "setting": "river", "actors": {"man": [("locomotion", "walk", "plain")], "woman": [("locomotion", "walk", "plain")]}}),
    ("Mara and Jake sprint across the rooftop, then leap over the gap.", {
        "props": [("gap", "over")],
        "actors": {"mara": [("locomotion", "sprint", "high_intensity"), ("jump", "leap", "horizontal")],
                   "jake": [("locomotion", "sprint", "high_intensity"), ("jump", "leap", "horizontal")]},
        "targets": {"mara": [None, "gap"], "jake": [None, "gap"]}}),
    ("A dog runs after a boy who laughs and dashes away.", {
        "actors": {"boy": [("locomotion", "dash", "high_intensity")]}}),
    ("A runner sprints for 3 seconds, then slows to a jog for 2 seconds, then walks.", {
        "duration_s": 6.0, "actors": {"runner": [("locomotion", "sprint", "high_intensity"), ("locomotion", "jog", "low_intensity"),
                                                 ("locomotion", "walk", "plain")]},
        "times": {"runner": [(0.0, 3.0), (3.0, 5.0), (5.0, 6.0)]}}),
    ("Hyper-realistic, 4K. A parkour runner dashes along a narrow ledge, then bounds across the gap to the next "
     "building, camera tracking from the side, dusk, motion intensity 8, negative prompt: blurry, distorted hands.", {
        "setting": "rooftop", "camera": ["tracking"], "intensity": 8, "lighting": "golden_hour",
        "negative": ["blur", "deformed hands"],
        "actors": {"runner": [("locomotion", "dash", "high_intensity"), ("jump", "bound", "horizontal")]},
        "targets": {"runner": [None, "gap"]}}),
    ("A woman at her desk types frantically, stops, stares at the screen, then facepalms. Medium shot, office, 6 seconds.", {
        "actors": {"woman": [("gesture", "type", "precise_task"), ("idle", "idle", None), ("gesture", "look_at", None),
                             ("gesture", "facepalm", "emotional")]},
        "times": {"woman": [(0.0, 1.5), (1.5, 3.0), (3.0, 4.5), (4.5, 6.0)]}, "speeds": {"woman": ["fast", "normal", "normal", "normal"]}}),
    ("A man trudging through knee-deep snow, breath visible, wind howling, wide shot, 8 seconds, no flicker, no morphing.", {
        "setting": "snowy_slope", "surface": "snow", "negative": ["flickering", "morphing"],
        "actors": {"man": [("locomotion", "trudge", "physical_state")]}}),
    ("Medium close up of a man nodding slowly while listening, then shaking his head in disbelief.", {
        "shot_type": "medium_close_up",
        "actors": {"man": [("gesture", "nod", None), ("gesture", "shake_head", None)]},
        "speeds": {"man": ["slow", "normal"]}, "emotions": {"man": [None, "surprise"]},
        "times": {"man": [(0.0, 2.5), (2.5, 5.0)]}}),
]
