"""A held-out set of motion prompts, written the way creators write them for Kling, Runway, Sora and Veo.

The expected fields were written from the prompt's words and DESIGN.md's vocabulary before the parser
was run on them (second language pass, issue #3). Keys are those of `language_fields.fields`:
"actors" maps actor id → [(kind, verb, category), …] in time order; per-actor lists (speeds, emotions,
targets, causes, times) follow the same order; "camera_amounts" are degrees for pan/tilt/orbit, a ratio
for zoom/dolly/dolly_zoom and metres for crane. Unstated defaults: 5 s, eye level, a static camera,
real time. Ids: the person noun (numbered when there are several), or a name in lower case.
"""

L, J, G, R, I, S = "locomotion", "jump", "gesture", "react", "idle", "speak"

HELDOUT = [
    # --- terse prompts ------------------------------------------------------------------------------
    ("man running", {"duration_s": 5.0, "camera": ["static"], "actors": {"man": [(L, "run", "plain")]}}),
    ("woman jogging in the park", {"setting": "park", "surface": "grass",
                                   "actors": {"woman": [(L, "jog", "low_intensity")]}}),
    ("girl waving", {"actors": {"girl": [(G, "wave", "communication")]}, "age": {"girl": "child"}}),
    ("old man limping, rain", {"weather": "rain", "surface": "wet",
                               "actors": {"man": [(L, "limp", "physical_state")]}, "age": {"man": "old"}}),
    ("A dancer yawning. Close-up.", {"shot_type": "close_up", "actors": {"dancer": [(G, "yawn", "involuntary")]}}),
    ("soldier trudging through mud, wide shot", {"shot_type": "wide", "surface": "muddy",
                                                "actors": {"soldier": [(L, "trudge", "physical_state")]}}),
    ("A boy hopping.", {"actors": {"boy": [(J, "hop", "casual")]}, "age": {"boy": "child"}}),
    ("kid skipping down the sidewalk, tracking shot", {"camera": ["tracking"], "setting": "city_street",
                                                      "actors": {"kid": [(J, "skip", "casual")]}}),
    # --- subjects and counts ------------------------------------------------------------------------
    ("A teenage girl sprints down the hallway, medium shot.", {
        "shot_type": "medium", "setting": "corridor", "actors": {"girl": [(L, "sprint", "high_intensity")]},
        "age": {"girl": "young"}, "sex": {"girl": "female"}}),
    ("Two elderly women stroll along the river at sunset.", {
        "setting": "river", "lighting": "golden_hour",
        "actors": {"woman1": [(L, "walk", "plain")], "woman2": [(L, "walk", "plain")]},
        "age": {"woman1": "old", "woman2": "old"}}),
    ("A group of five runners jog across a bridge at dawn, drone shot.", {
        "shot_type": "extreme_wide", "lighting": "golden_hour",
        "actors": {f"runner{k}": [(L, "jog", "low_intensity")] for k in range(1, 6)}}),
    ("Three kids hop over puddles on a rainy street.", {
        "weather": "rain", "surface": "wet", "setting": "city_street",
        "actors": {f"kid{k}": [(J, "hop", "casual")] for k in range(1, 4)}}),
    ("Elena dashes through the train station, glancing back over her shoulder. Handheld camera.", {
        "camera": ["handheld"], "setting": "station",
        "actors": {"elena": [(L, "dash", "high_intensity"), (G, "glance_back", None)]}}),
    ("Marcus shrugs, then Elena facepalms.", {
        "actors": {"marcus": [(G, "shrug", "emotional")], "elena": [(G, "facepalm", "emotional")]},
        "starts_after": [("elena", 0, "marcus", 0)]}),
    ("A young man and an old woman walk side by side through a snowy park.", {
        "surface": "snow", "setting": "park",
        "actors": {"man": [(L, "walk", "plain")], "woman": [(L, "walk", "plain")]},
        "age": {"man": "young", "woman": "old"}}),
    ("A couple dances in the kitchen.", {"setting": "kitchen", "actors": {"person1": [(I, "idle", None)],
                                                                         "person2": [(I, "idle", None)]}}),
    ("Four soldiers march down a dusty road, low angle, 6 seconds.", {
        "duration_s": 6.0, "angle": "low", "effects": ["dust"], "setting": "city_street",
        "actors": {f"soldier{k}": [(L, "walk", "plain")] for k in range(1, 5)}}),
    ("A little boy and his grandfather walk hand in hand through the forest.", {
        "setting": "forest", "actors": {"boy": [(L, "walk", "plain")], "grandfather": [(L, "walk", "plain")]},
        "age": {"boy": "child"}, "sex": {"grandfather": "male"}}),
    # --- every locomotion verb and inflection -------------------------------------------------------
    ("A sprinter bolting out of the starting blocks, slow motion.", {
        "time_scale": 0.5, "setting": "running_track", "actors": {"sprinter": [(L, "bolt", "high_intensity")]}}),
    ("A woman bolted across the parking lot.", {"setting": "warehouse",
                                               "actors": {"woman": [(L, "bolt", "high_intensity")]}}),
    ("A courier dashing between cars in heavy traffic, tracking shot.", {
        "camera": ["tracking"], "actors": {"courier": [(L, "dash", "high_intensity")]}}),
    ("The horse trainer trots alongside the fence.", {"actors": {"trainer": [(L, "trot", "low_intensity")]}}),
    ("An exhausted old man shuffles across the kitchen in his slippers.", {
        "setting": "kitchen", "actors": {"man": [(L, "shuffle", "low_intensity")]},
        "emotions": {"man": ["fatigue"]}, "age": {"man": "old"}}),
    ("A frightened woman flees down a dark corridor.", {
        "setting": "corridor", "lighting": "night", "actors": {"woman": [(L, "flee", "emotional")]},
        "emotions": {"woman": ["fear"]}}),
    ("A fighter lunging forward with fury, close-up, ultra slow motion.", {
        "shot_type": "close_up", "time_scale": 0.25, "actors": {"fighter": [(L, "lunge", "emotional")]},
        "emotions": {"fighter": ["anger"]}}),
    ("A knight charging across a muddy battlefield, wide shot, rain.", {
        "shot_type": "wide", "surface": "muddy", "weather": "rain",
        "actors": {"knight": [(L, "charge", "emotional")]}}),
    ("An injured soldier limps slowly toward the camera.", {
        "actors": {"soldier": [(L, "limp", "physical_state")]}, "speeds": {"soldier": ["slow"]},
        "emotions": {"soldier": ["pain"]}}),
    ("A drunk man staggering out of a bar at night, handheld, neon lights.", {
        "camera": ["handheld"], "lighting": "night", "actors": {"man": [(L, "stagger", "physical_state")]}}),
    ("A hiker plods up a rocky mountain trail.", {
        "setting": "snowy_slope", "surface": "gravel", "actors": {"hiker": [(L, "trudge", "physical_state")]}}),
    ("A woman hurries across the crosswalk in the rain.", {
        "setting": "city_street", "weather": "rain", "actors": {"woman": [(L, "dash", "high_intensity")]}}),
    ("A businessman strides confidently through the office.", {
        "setting": "office", "actors": {"businessman": [(L, "walk", "plain")]},
        "emotions": {"businessman": ["determination"]}}),
    ("A runner sprinted around the track, then jogged, then walked.", {
        "setting": "running_track",
        "actors": {"runner": [(L, "sprint", "high_intensity"), (L, "jog", "low_intensity"), (L, "walk", "plain")]},
        "times": {"runner": [(0.0, 5 / 3), (5 / 3, 10 / 3), (10 / 3, 5.0)]}}),
    ("A wounded warrior hobbling through the desert, dust blowing, 8 seconds.", {
        "duration_s": 8.0, "setting": "desert", "surface": "sand", "effects": ["dust"],
        "actors": {"warrior": [(L, "limp", "physical_state")]}}),
    ("A tired jogger slows to a walk.", {
        "actors": {"jogger": [(L, "walk", "plain")]}, "emotions": {"jogger": ["fatigue"]}}),
    # --- jumps of all four types, with props --------------------------------------------------------
    ("A man jumps straight up to grab a high ledge, full body shot.", {
        "shot_type": "full_body", "props": [("ledge", "onto")],
        "actors": {"man": [(J, "jump", "vertical")]}, "targets": {"man": ["ledge"]}}),
    ("A parkour runner leaps across the gap between two rooftops at sunset.", {
        "setting": "rooftop", "lighting": "golden_hour", "props": [("gap", "across"), ("rooftop", "across")],
        "actors": {"runner": [(J, "leap", "horizontal")]}, "targets": {"runner": ["gap"]}}),
    ("A teenager vaults over a metal railing with one hand.", {
        "props": [("barrier", "over")], "actors": {"teenager": [(J, "vault", "athletic")]},
        "targets": {"teenager": ["barrier"]}}),
    ("A little girl skips over a small stone in the garden.", {
        "setting": "park", "props": [("stone", "over")], "actors": {"girl": [(J, "skip", "casual")]},
        "targets": {"girl": ["stone"]}}),
    ("A hiker leaping over a fallen log in the forest, tracking shot, slow motion.", {
        "setting": "forest", "camera": ["tracking"], "time_scale": 0.5, "props": [("log", "over")],
        "actors": {"hiker": [(J, "leap", "horizontal")]}, "targets": {"hiker": ["log"]}}),
    ("A boy hops onto the bench, then jumps off.", {
        "props": [("bench", "onto")], "actors": {"boy": [(J, "hop", "casual"), (J, "jump", "vertical")]}}),
    ("A traceur vaulting a concrete wall one-handed, low angle, motion intensity 9.", {
        "angle": "low", "intensity": 9, "props": [("wall", "over")],
        "actors": {"traceur": [(J, "vault", "athletic")]}}),
    ("An athlete bounds across a stream from rock to rock.", {
        "setting": "river", "actors": {"athlete": [(J, "bound", "horizontal")]}}),
    ("A woman leaps onto the ledge of the building.", {
        "props": [("ledge", "onto")], "actors": {"woman": [(J, "leap", "vertical")]},
        "targets": {"woman": ["ledge"]}}),
    ("A basketball player jumps to dunk, slow-mo, low-angle shot.", {
        "time_scale": 0.5, "angle": "low", "actors": {"player": [(J, "jump", "vertical")]}}),
    ("A gymnast vaults over the vaulting horse, overhead shot.", {
        "angle": "overhead", "props": [("obstacle", "over")], "actors": {"gymnast": [(J, "vault", "athletic")]}}),
    ("A child hopping across a row of puddles, splashing water.", {
        "effects": ["splashing", "puddles"], "surface": "wet", "actors": {"child": [(J, "hop", "casual")]}}),
    ("The thief leaps from rooftop to rooftop at night, camera tracking him.", {
        "setting": "rooftop", "lighting": "night", "camera": ["tracking"],
        "actors": {"thief": [(J, "leap", "horizontal")]}}),
    ("A man sprints and hurdles a fence, then keeps running.", {
        "props": [("barrier", "over")],
        "actors": {"man": [(L, "sprint", "high_intensity"), (J, "leap", "horizontal"), (L, "run", "plain")]}}),
    # --- every gesture ------------------------------------------------------------------------------
    ("A woman points at the horizon, wide shot, golden hour.", {
        "shot_type": "wide", "lighting": "golden_hour", "actors": {"woman": [(G, "point", "communication")]}}),
    ("An old man beckons his grandson to come closer, medium shot.", {
        "shot_type": "medium", "actors": {"man": [(G, "beckon", "communication")], "grandson": [(I, "idle", None)]},
        "targets": {"man": ["grandson"]}}),
    ("A teenage boy shrugging his shoulders, medium close-up.", {
        "shot_type": "medium_close_up", "actors": {"boy": [(G, "shrug", "emotional")]}, "age": {"boy": "young"}}),
    ("A student facepalming at her desk, office, static camera.", {
        "setting": "office", "camera": ["static"], "actors": {"student": [(G, "facepalm", "emotional")]}}),
    ("A frightened child trembling in the dark, close-up.", {
        "shot_type": "close_up", "lighting": "night", "actors": {"child": [(G, "tremble", "emotional")]},
        "emotions": {"child": ["fear"]}}),
    ("A hacker typing furiously on a laptop, neon lighting, close-up on the hands.", {
        "lighting": "neon", "shot_type": "close_up", "actors": {"hacker": [(G, "type", "precise_task")]},
        "speeds": {"hacker": ["fast"]}}),
    ("A tailor carefully threads a needle, extreme close-up, shallow depth of field.", {
        "shot_type": "extreme_close_up", "depth_of_field": "shallow",
        "actors": {"tailor": [(G, "thread_needle", "precise_task")]}, "speeds": {"tailor": ["slow"]}}),
    ("A magician shuffling a deck of cards, studio lighting, black background.", {
        "lighting": "studio", "setting": "studio", "actors": {"magician": [(G, "shuffle_cards", "precise_task")]}}),
    ("A man flinches as a glass shatters.", {"actors": {"man": [(R, "flinch", "involuntary")]}}),
    ("A sleepy student yawns in class.", {
        "setting": "office", "actors": {"student": [(G, "yawn", "involuntary")]},
        "emotions": {"student": ["fatigue"]}}),
    ("Extreme close-up of an eye blinking.", {
        "shot_type": "extreme_close_up", "actors": {"person": [(G, "blink", "involuntary")]}}),
    ("A woman nods slowly, then shakes her head.", {
        "actors": {"woman": [(G, "nod", None), (G, "shake_head", None)]}, "speeds": {"woman": ["slow", "normal"]},
        "times": {"woman": [(0.0, 2.5), (2.5, 5.0)]}}),
    ("A man breathing heavily after a run, medium close-up.", {
        "shot_type": "medium_close_up", "actors": {"man": [(G, "breathe", None)]}}),
    ("A runner catches her breath, hands on knees.", {"actors": {"runner": [(G, "breathe", None)]}}),
    ("The audience claps as the singer bows.", {"actors": {"singer": [(G, "nod", None)]}}),
    ("A boy waves goodbye to his mother from the school bus.", {
        "actors": {"boy": [(G, "wave", "communication")], "mother": [(I, "idle", None)]},
        "targets": {"boy": ["mother"]}}),
    # --- reactions between characters ---------------------------------------------------------------
    ("A bully lunges at a boy, who flinches.", {
        "actors": {"bully": [(L, "lunge", "emotional")], "boy": [(R, "flinch", "involuntary")]},
        "targets": {"bully": ["boy"], "boy": ["bully"]}, "causes": {"boy": ["bully.lunge"]},
        "starts_after": [("boy", 0, "bully", 0)]}),
    ("A guard charges at the intruder, who dodges and runs away.", {
        "actors": {"guard": [(L, "charge", "emotional")],
                   "intruder": [(R, "dodge", None), (L, "flee", "emotional")]},
        "causes": {"intruder": ["guard.charge", None]}, "starts_after": [("intruder", 0, "guard", 0)]}),
    ("A dog barks at a little girl and she steps back.", {
        "actors": {"girl": [(R, "step_back", None)]}, "age": {"girl": "child"}}),
    ("Mara points at Jake. Jake shrugs.", {
        "actors": {"mara": [(G, "point", "communication")], "jake": [(G, "shrug", "emotional")]},
        "targets": {"mara": ["jake"]}, "starts_after": [("jake", 0, "mara", 0)]}),
    ("A boxer swings at his opponent, who ducks.", {
        "actors": {"boxer": [(I, "idle", None)], "opponent": [(R, "dodge", None)]},
        "causes": {"opponent": ["boxer.idle"]}}),
    ("A man lunges toward his rival; the rival recoils and backs away.", {
        "actors": {"man": [(L, "lunge", "emotional")],
                   "rival": [(R, "flinch", "involuntary"), (R, "step_back", None)]},
        "targets": {"man": ["rival"]}, "causes": {"rival": ["man.lunge", "man.lunge"]}}),
    ("A woman waves at her friend, who waves back.", {
        "actors": {"woman": [(G, "wave", "communication")], "friend": [(G, "wave", "communication")]},
        "targets": {"woman": ["friend"], "friend": ["woman"]}, "starts_after": [("friend", 0, "woman", 0)]}),
    # --- camera: shot types, angles, moves with direction words and amounts -------------------------
    ("A man walks down the street, the camera pans 45 degrees to the left.", {
        "camera": ["pan_left"], "camera_amounts": [45.0], "actors": {"man": [(L, "walk", "plain")]}}),
    ("Slow 2x zoom on a woman blinking, close-up.", {
        "camera": ["zoom_in"], "camera_amounts": [2.0], "shot_type": "close_up",
        "actors": {"woman": [(G, "blink", "involuntary")]}}),
    ("The camera orbits 360 degrees around her as a dancer spins in the studio.", {
        "camera": ["orbit"], "camera_amounts": [360.0], "setting": "studio", "actors": {"dancer": [("action", "pirouette", "dance")]}}),
    ("Crane shot rising 3 meters above a crowd of pedestrians crossing the plaza.", {
        "camera": ["crane_up"], "camera_amounts": [3.0], "setting": "city_street"}),
    ("Dolly in over 4 seconds on an old man sitting on a bench.", {
        "camera": ["dolly_in"], "camera_durations": [4.0], "props": [("bench", "onto")],
        "actors": {"man": [(I, "idle", None)]}}),
    ("A woman jogs past the camera; the camera pans from right to left.", {
        "camera": ["pan_left"], "actors": {"woman": [(L, "jog", "low_intensity")]}}),
    ("Tilt down from the skyline to a man waiting at a bus stop.", {
        "camera": ["tilt_down"], "actors": {"man": [(I, "idle", None)]}}),
    ("Tilt up from her shoes to her face as she stands in the rain.", {
        "camera": ["tilt_up"], "weather": "rain", "actors": {"woman": [(I, "idle", None)]}}),
    ("Zoom out slowly to reveal a lone hiker on a vast glacier, 10-second clip.", {
        "camera": ["zoom_out"], "duration_s": 10.0, "setting": "snowy_slope",
        "actors": {"hiker": [(I, "idle", None)]}}),
    ("Pull back from a boxer's face to reveal the whole ring, 6 seconds.", {
        "camera": ["dolly_out"], "duration_s": 6.0, "setting": "gym"}),
    ("Dolly zoom on a terrified man in a hallway, 3-second dolly zoom.", {
        "camera": ["dolly_zoom"], "camera_durations": [3.0], "setting": "corridor",
        "emotions": {"man": ["fear"]}}),
    ("The camera cranes down from the treetops to a couple walking on the path.", {
        "camera": ["crane_down"], "actors": {"person1": [(L, "walk", "plain")], "person2": [(L, "walk", "plain")]}}),
    ("Handheld shaky cam following a soldier running through smoke.", {
        "camera": ["handheld"], "effects": ["fog"], "actors": {"soldier": [(L, "run", "plain")]}}),
    ("A man walks toward camera, static shot, centered, symmetrical framing.", {
        "camera": ["static"], "composition": "centered", "actors": {"man": [(L, "walk", "plain")]}}),
    ("Bird's-eye view of a woman walking across a plaza.", {
        "angle": "overhead", "setting": "city_street", "actors": {"woman": [(L, "walk", "plain")]}}),
    ("Dutch angle, a man staggers through a corridor.", {
        "angle": "dutch", "setting": "corridor", "actors": {"man": [(L, "stagger", "physical_state")]}}),
    ("High angle shot of a girl skipping rope in the playground.", {
        "angle": "high", "setting": "park"}),
    ("Worm's-eye view of a man leaping over the camera.", {
        "angle": "low", "actors": {"man": [(J, "leap", "horizontal")]}}),
    ("Eye-level medium shot of a chef nodding.", {
        "angle": "eye_level", "shot_type": "medium", "actors": {"chef": [(G, "nod", None)]}}),
    ("A woman walks into the frame, then the camera pans right 90 degrees and tilts up 20 degrees.", {
        "camera": ["pan_right", "tilt_up"], "camera_amounts": [90.0, 20.0]}),
    ("A skier carves down a snowy slope; a drone orbits around him 180 degrees over 6 seconds.", {
        "camera": ["orbit"], "camera_amounts": [180.0], "camera_durations": [6.0], "setting": "snowy_slope"}),
    ("Slow push in, then a quick zoom out, as a detective stares at the wall.", {
        "camera": ["dolly_in", "zoom_out"], "actors": {"detective": [(G, "look_at", None)]}}),
    ("A man sprints down the beach, camera tracking alongside, then crane up 5 meters.", {
        "camera": ["tracking", "crane_up"], "camera_amounts": [None, 5.0], "setting": "beach",
        "actors": {"man": [(L, "sprint", "high_intensity")]}}),
    ("Crash zoom 3x onto the villain's face as he laughs.", {
        "camera": ["zoom_in"], "camera_amounts": [3.0], "emotions": {"villain": ["joy"]}}),
    ("Dolly out 2x over 3 seconds from a woman trembling on the floor.", {
        "camera": ["dolly_out"], "camera_amounts": [2.0], "camera_durations": [3.0],
        "actors": {"woman": [(G, "tremble", "emotional")]}}),
    ("The camera pans left to right across the beach, 4-second pan, then holds on a surfer.", {
        "camera": ["pan_right"], "camera_durations": [4.0], "setting": "beach"}),
    # --- time words ---------------------------------------------------------------------------------
    ("Ultra slow motion: a boxer throws a punch and his opponent flinches.", {
        "time_scale": 0.25, "actors": {"boxer": [(I, "idle", None)], "opponent": [(R, "flinch", "involuntary")]}}),
    ("Slow-mo shot of a surfer walking out of the ocean.", {
        "time_scale": 0.5, "setting": "beach", "actors": {"surfer": [(L, "walk", "plain")]}}),
    ("Quick snap: a cat burglar ducks behind a wall.", {
        "time_scale": 1.5, "actors": {"burglar": [(R, "dodge", None)]}}),
    ("A 10-second clip of a man walking his dog through the park.", {
        "duration_s": 10.0, "setting": "park", "actors": {"man": [(L, "walk", "plain")]}}),
    ("A runner sprints for 2 seconds, then stops, 8 seconds total.", {
        "duration_s": 8.0, "actors": {"runner": [(L, "sprint", "high_intensity"), (I, "idle", None)]},
        "times": {"runner": [(0.0, 2.0), (2.0, 8.0)]}}),
    ("Time-lapse of commuters rushing through a subway station.", {
        "time_scale": 1.5, "setting": "station"}),
    ("8 seconds. A woman jogs along the shore at sunrise.", {
        "duration_s": 8.0, "setting": "beach", "lighting": "golden_hour",
        "actors": {"woman": [(L, "jog", "low_intensity")]}}),
    ("Super slow motion shot of a dancer leaping into the air, 3 seconds.", {
        "time_scale": 0.25, "duration_s": 3.0, "actors": {"dancer": [(J, "leap", "vertical")]}}),
    ("A two-minute sequence is too long; make it 12 seconds of a man trudging uphill.", {
        "duration_s": 12.0, "actors": {"man": [(L, "trudge", "physical_state")]}}),
    # --- environments, weather, effects, lighting, film ---------------------------------------------
    ("A woman walking through a neon-lit alley at night, rain falling, reflections on the wet pavement.", {
        "setting": "alley", "lighting": "neon", "weather": "rain", "surface": "wet", "effects": ["rain"]}),
    ("A monk walks slowly through a misty bamboo forest at dawn.", {
        "setting": "forest", "weather": "fog", "lighting": "golden_hour", "speeds": {"monk": ["slow"]}}),
    ("A cowboy trudges across the desert under the harsh midday sun, heat haze, sand blowing.", {
        "setting": "desert", "surface": "sand", "lighting": "daylight", "effects": ["fog", "dust"]}),
    ("A skater glides across a frozen lake in a snowstorm.", {
        "surface": "ice", "weather": "snow", "effects": ["snow"]}),
    ("A girl twirls under cherry blossoms falling in a spring breeze, golden light.", {
        "effects": ["falling_leaves", "wind"], "lighting": "golden_hour"}),
    ("A firefighter runs through a warehouse full of smoke and sparks.", {
        "setting": "warehouse", "effects": ["fog", "sparks"], "actors": {"firefighter": [(L, "run", "plain")]}}),
    ("Backlit silhouette of a woman stretching on a beach, 16mm film grain.", {
        "lighting": "rim_light", "film": "16mm", "setting": "beach"}),
    ("A man walking on a wooden pier in overcast weather, shot on 35mm, deep focus.", {
        "surface": "wood", "film": "35mm", "depth_of_field": "deep", "actors": {"man": [(L, "walk", "plain")]}}),
    ("A cyclist pants at the top of a gravel road, steam rising from his body, cold morning.", {
        "surface": "gravel", "effects": ["steam"], "actors": {"cyclist": [(G, "breathe", None)]}}),
    ("Super 8 home movie look: two kids run around a backyard lawn in the summer sun.", {
        "film": "super8", "surface": "grass", "lighting": "daylight",
        "actors": {"kid1": [(L, "run", "plain")], "kid2": [(L, "run", "plain")]}}),
    # --- negatives and intensities ------------------------------------------------------------------
    ("A man sprints down the track, avoid morphing, avoid extra limbs.", {
        "negative": ["morphing", "extra limbs"], "setting": "running_track"}),
    ("A woman waves at the camera --no flicker", {
        "negative": ["flickering"], "actors": {"woman": [(G, "wave", "communication")]}}),
    ("A hurdler clears a hurdle in slow motion. Negative prompt: blurry, extra fingers, deformed hands.", {
        "negative": ["blur", "extra fingers", "deformed hands"], "time_scale": 0.5,
        "props": [("barrier", "over")], "actors": {"hurdler": [(J, "leap", "horizontal")]}}),
    ("A woman breathing softly while asleep, intensity 2.", {
        "intensity": 2, "actors": {"woman": [(G, "breathe", None)]}}),
    ("A soldier charges up the hill, motion intensity: 10, no warping, no jitter.", {
        "intensity": 10, "negative": ["warping", "jitter"], "actors": {"soldier": [(L, "charge", "emotional")]}}),
    ("A man shuffles cards at a poker table, subtle motion, intensity 3.", {
        "intensity": 3, "actors": {"man": [(G, "shuffle_cards", "precise_task")]}}),
    ("A sprinter explodes out of the blocks.", {"intensity_range": (7, 10)}),
    ("An old woman breathes slowly in a rocking chair.", {"intensity_range": (1, 3)}),
    # --- multi-sentence prompts with pronouns --------------------------------------------------------
    ("A woman enters the kitchen. She looks around, then she sits down and yawns.", {
        "setting": "kitchen",
        "actors": {"woman": [(L, "walk", "plain"), (G, "look_at", None), (I, "idle", None), (G, "yawn", "involuntary")]}}),
    ("A man stands on the rooftop. He glances back, then he sprints and leaps across the gap.", {
        "setting": "rooftop",
        "actors": {"man": [(I, "idle", None), (G, "glance_back", None), (L, "sprint", "high_intensity"),
                           (J, "leap", "horizontal")]},
        "targets": {"man": [None, None, None, "gap"]}}),
    ("A boy and a girl race across the field. He trips and she laughs.", {
        "setting": "park", "emotions": {"girl": [None, "joy"]}}),
    ("Two friends meet in a cafe. They hug, then one of them points at the door.", {
        "setting": "kitchen"}),
    ("A detective walks into a dark room. She freezes, then slowly turns around.", {
        "lighting": "night", "actors": {"detective": [(L, "walk", "plain"), (I, "idle", None), (I, "idle", None)]}}),
    ("An old man sits on a park bench. A pigeon lands beside him. He smiles and nods.", {
        "setting": "park", "actors": {"man": [(I, "idle", None), (G, "nod", None)]}}),
    # --- long run-on prompts ------------------------------------------------------------------------
    ("Cinematic 8-second shot, a young woman in a red hoodie sprints frantically through a rain-soaked neon "
     "city street at night, splashing through puddles, glancing back over her shoulder in fear, then vaults over a "
     "wooden crate with one hand and keeps running, low-angle tracking shot, shallow depth of field, 35mm film, "
     "motion intensity 9, no morphing, no extra limbs", {
        "duration_s": 8.0, "angle": "low", "camera": ["tracking"], "setting": "neon_street", "surface": "wet",
        "lighting": "neon", "depth_of_field": "shallow", "film": "35mm", "intensity": 9,
        "negative": ["morphing", "extra limbs"], "props": [("obstacle", "over")],
        "actors": {"woman": [(L, "sprint", "high_intensity"), (G, "glance_back", None), (J, "vault", "athletic"),
                             (L, "run", "plain")]},
        "speeds": {"woman": ["fast", "normal", "normal", "normal"]}}),
    ("Wide establishing shot of a snowy mountain pass at dawn where a lone explorer trudges through knee deep "
     "snow against a howling wind while snowflakes swirl around him and the camera slowly cranes up to reveal the "
     "vast range behind, 12 seconds, film grain, no flicker", {
        "duration_s": 12.0, "shot_type": "extreme_wide", "camera": ["crane_up"], "setting": "snowy_slope",
        "surface": "snow", "lighting": "golden_hour", "film": "35mm", "negative": ["flickering"],
        "actors": {"explorer": [(L, "trudge", "physical_state")]}}),
    ("In a crowded marketplace a thief snatches a bag and bolts, a police officer chases after him, the thief "
     "vaults a fruit stand and the officer stumbles, handheld documentary style camera, 7 seconds", {
        "duration_s": 7.0, "camera": ["handheld"]}),
    ("Photorealistic, 4K, close-up of an elderly man's hands shuffling a deck of cards slowly and deliberately "
     "on a green felt table, warm lamp light, shallow depth of field, subtle motion", {
        "shot_type": "close_up", "depth_of_field": "shallow",
        "actors": {"man": [(G, "shuffle_cards", "precise_task")]}, "speeds": {"man": ["slow"]},
        "age": {"man": "old"}, "intensity_range": (1, 3)}),
    # --- guide-style structured prompts ------------------------------------------------------------
    ("Subject: a female sprinter. Action: bolting off the starting line. Environment: a wet track with rain "
     "falling. Camera: low-angle tracking shot. Style: 35mm film, 5 seconds.", {
        "duration_s": 5.0, "angle": "low", "camera": ["tracking"], "setting": "running_track",
        "surface": "wet", "weather": "rain", "film": "35mm",
        "actors": {"sprinter": [(L, "bolt", "high_intensity")]}, "sex": {"sprinter": "female"}}),
    ("A middle-aged man performs a slow, deliberate wave, medium close up, soft daylight, 4 seconds.", {
        "duration_s": 4.0, "shot_type": "medium_close_up", "lighting": "overcast",
        "actors": {"man": [(G, "wave", "communication")]}, "speeds": {"man": ["slow"]}, "age": {"man": "adult"}}),
    ("A woman leaping over a fallen log in a forest, arc of the jump and forward momentum visible, "
     "falling leaves, side tracking shot.", {
        "setting": "forest", "effects": ["falling_leaves"], "camera": ["tracking"], "props": [("log", "over")],
        "actors": {"woman": [(J, "leap", "horizontal")]}}),
    ("A person skipping casually down a sunny street, rule of thirds, 6-second duration.", {
        "duration_s": 6.0, "composition": "rule_of_thirds", "lighting": "daylight", "setting": "city_street",
        "actors": {"person": [(J, "skip", "casual")]}}),
    ("A man limping painfully down a hospital corridor, tracking shot from behind, dim light.", {
        "setting": "corridor", "lighting": "night", "camera": ["tracking"],
        "actors": {"man": [(L, "limp", "physical_state")]}, "emotions": {"man": ["pain"]}}),
    ("A kid dashing across a playground, 3-second pan reveal, then 2-second zoom in.", {
        "camera": ["pan_right", "zoom_in"], "camera_durations": [3.0, 2.0], "setting": "park",
        "actors": {"kid": [(L, "dash", "high_intensity")]}}),
]
