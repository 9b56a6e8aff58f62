"""Real published prompts (issue #16), English and Chinese, each with its source, annotated field by field.

Every prompt is copied as published (a few long ones are cut at a sentence boundary, marked "…" in
the note); none was written for this parser. The expected fields were written from the prompt's
words before the parser was changed for them, in DESIGN.md's vocabulary, only for fields a careful
reader agrees on (an action outside the vocabulary is not annotated). Keys are those of
`language_fields.fields`; the new ones: "place" (the place as the user named it), "shots" (number
of shots), "durations" (each shot's seconds), "cameras" (each shot's moves), "cast" (how many cast
members shot 1 has: background people are extras, not cast), "verbs" (the cast's non-idle verbs in
shot 1, sorted). Unstated defaults: 5 s, eye level, a static camera, real time, one shot. Chinese shot
sizes follow 《电影艺术词典》's 景别: 远景 a wide (long) shot, 全景 a full shot (the whole figure).
"""

SOURCES = {
    "vbench-scene": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension/scene.txt",
    "vbench-scene-zh": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension_chinese/scene.txt",
    "vbench-style": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension/temporal_style.txt",
    "vbench-style-zh": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension_chinese/temporal_style.txt",
    "vbench-action": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension/human_action.txt",
    "vbench-action-zh": "https://github.com/Vchitect/VBench/blob/master/prompts/prompts_per_dimension_chinese/human_action.txt",
    "kling-guide": "https://klingai.com/blog/kling-ai-motion-prompts-guide (../shared/reference/motion-prompt-guide.txt)",
    "sora": "https://openai.com/sora (quoted at https://f1re.de/2024/02/sora-chatgpt-can-now-also-generate-photorealistic-videos/)",
    "runway-gen3": "https://metaverse-imagen.gitbook.io/ai-tools-research/…/video-synthesis-prompts/runway-3 (Runway Gen-3 Alpha prompting guide)",
    "veo-timestamps": "https://wowhow.cloud/blogs/veo-3-1-developer-guide-timestamp-prompting-multishot-api-june-2026",
    "blockbrain": "https://docs.en.theblockbrain.ai/for-users/prompt-writing-guide/video-generation-prompt-guide",
    "hailuo-23": "https://opten.space/en/models/minimax-hailuo-2.3",
    "hailuo-02": "https://opten.space/en/models/minimax-hailuo-02",
    "minimax-guide": "https://gitea.functen.cn/shihao/skills/src/branch/master/frontend-dev/references/minimax-video-guide.md",
    "wan-directors": "https://github.com/NickPittas/DirectorsConsole CinemaPromptEngineering/Documentation/model_prompting/wan_2.1.md",
    "sjlyedu": "https://sjlyedu.com/ai_suggestion_words/guide-video-prompts.html",
    "melon-hub": "https://melon-hub.com/guides/video-camera-movement",
    "ponpon": "https://ponpon.ai/blog/kling-3-motion-control-guide",
    "nishadil": "https://nishadil.com/news/from-dreams-to-pixels-how-sora-unleashed-my-inner-director-and-grand-slam-champion/27edb25a606677035365df1a952db319",
    "aistudio": "https://aistudio.works/blog-post-8",
    "freeacademy": "https://freeacademy.ai/lessons/text-to-video-fundamentals",
    "syndicate": "https://syndicateaisolutions.com/guides/unlocking-ai-video-a-beginners-guide-to-crafting-powerful-prompts",
    "issue16": "issue #16 (prompts a new user tried, from public galleries)",
    "yiketu": "https://www.yiketu.com/help_center/article_8933.html (image-to-video prompt guide, examples)",
    "tomoviee": "https://www.tomoviee.cn/doc/ai-video/text-to-video.html (万兴天幕 prompt guide, examples)",
    "wan21-example": "https://github.com/Wan-Video/Wan2.1 example prompt (as used in a public fork's run script)",
    "gh-code": "public GitHub source file, found by the code index (its id after the colon)",
}

# (prompt, source, expected)
GALLERY_EN = [
    # --- places: VBench's scene prompts are the place alone -----------------------------------------
    ("indoor gymnasium", "vbench-scene", {"place": "indoor gymnasium", "setting": "gym", "cast": 0}),
    ("train station platform", "vbench-scene", {"place": "train station platform", "setting": "station", "cast": 0}),
    ("bar", "vbench-scene", {"place": "bar", "setting": "cafe", "cast": 0}),
    ("desert", "vbench-scene", {"place": "desert", "setting": "desert", "cast": 0}),
    ("classroom", "vbench-scene", {"place": "classroom", "setting": "office", "cast": 0}),
    ("alley", "vbench-scene", {"place": "alley", "setting": "alley", "cast": 0}),
    ("cafeteria", "vbench-scene", {"place": "cafeteria", "setting": "cafe"}),
    ("construction site", "vbench-scene", {"place": "construction site", "setting": "warehouse"}),
    ("corridor", "vbench-scene", {"place": "corridor", "setting": "corridor"}),
    ("kitchen", "vbench-scene", {"place": "kitchen", "setting": "kitchen"}),
    ("parking lot", "vbench-scene", {"place": "parking lot", "setting": "warehouse"}),
    ("ski slope", "vbench-scene", {"place": "ski slope", "setting": "snowy_slope"}),
    ("street", "vbench-scene", {"place": "street", "setting": "city_street"}),
    ("outdoor track", "vbench-scene", {"place": "outdoor track", "setting": "running_track"}),
    ("restaurant", "vbench-scene", {"place": "restaurant", "setting": "cafe"}),
    ("supermarket", "vbench-scene", {"place": "supermarket", "setting": "warehouse"}),
    ("hospital", "vbench-scene", {"place": "hospital", "setting": "corridor"}),
    ("bedroom", "vbench-scene", {"place": "bedroom", "setting": "office"}),
    ("forest road", "vbench-scene", {"place": "forest road", "setting": "forest"}),
    ("football field", "vbench-scene", {"place": "football field", "setting": "park"}),
    ("staircase", "vbench-scene", {"place": "staircase", "setting": "corridor"}),
    ("campsite", "vbench-scene", {"place": "campsite", "setting": "forest"}),
    ("harbor", "vbench-scene", {"place": "harbor", "setting": "river"}),
    ("basement", "vbench-scene", {"place": "basement", "setting": "warehouse"}),
    ("amusement park", "vbench-scene", {"place": "amusement park", "setting": "park"}),
    ("bathroom", "vbench-scene", {"place": "bathroom", "setting": "office"}),
    ("bakery shop", "vbench-scene", {"place": "bakery shop", "setting": "cafe"}),
    ("ballroom", "vbench-scene", {"place": "ballroom", "setting": "gym"}),
    ("barn", "vbench-scene", {"place": "barn", "setting": "warehouse"}),
    ("beach", "vbench-scene", {"place": "beach", "setting": "beach"}),
    ("bridge", "vbench-scene", {"place": "bridge", "setting": "city_street"}),
    ("campus", "vbench-scene", {"place": "campus", "setting": "park"}),
    ("courtyard", "vbench-scene", {"place": "courtyard", "setting": "park"}),
    ("crosswalk", "vbench-scene", {"place": "crosswalk", "setting": "city_street"}),
    ("downtown", "vbench-scene", {"place": "downtown", "setting": "city_street"}),
    ("farm", "vbench-scene", {"place": "farm", "setting": "park"}),
    ("food court", "vbench-scene", {"place": "food court", "setting": "cafe"}),
    ("glacier", "vbench-scene", {"place": "glacier", "setting": "snowy_slope"}),
    ("golf course", "vbench-scene", {"place": "golf course", "setting": "park"}),
    ("highway", "vbench-scene", {"place": "highway", "setting": "city_street"}),
    ("indoor library", "vbench-scene", {"place": "indoor library", "setting": "office"}),
    ("laboratory", "vbench-scene", {"place": "laboratory", "setting": "office"}),
    ("mountain", "vbench-scene", {"place": "mountain", "setting": "snowy_slope"}),
    ("music studio", "vbench-scene", {"place": "music studio", "setting": "studio"}),
    ("ocean", "vbench-scene", {"place": "ocean", "setting": "beach"}),
    ("office", "vbench-scene", {"place": "office", "setting": "office"}),
    ("raceway", "vbench-scene", {"place": "raceway", "setting": "running_track"}),
    ("river", "vbench-scene", {"place": "river", "setting": "river"}),
    ("baseball stadium", "vbench-scene", {"place": "baseball stadium", "setting": "running_track"}),
    ("valley", "vbench-scene", {"place": "valley", "setting": "park"}),
    ("waterfall", "vbench-scene", {"place": "waterfall", "setting": "river"}),
    ("industrial area", "vbench-scene", {"place": "industrial area", "setting": "warehouse"}),
    # --- camera terms (VBench temporal style) ---------------------------------------------------------
    ("A beautiful coastal beach in spring, waves lapping on sand, pan left", "vbench-style",
     {"setting": "beach", "camera": ["pan_left"], "cast": 0}),
    ("A beautiful coastal beach in spring, waves lapping on sand, in super slow motion", "vbench-style",
     {"setting": "beach", "time_scale": 0.25, "camera": ["static"]}),
    ("The bund Shanghai, tilt up", "vbench-style", {"camera": ["tilt_up"], "cast": 0}),
    ("The bund Shanghai, zoom out", "vbench-style", {"camera": ["zoom_out"]}),
    ("Gwen Stacy reading a book, racking focus", "vbench-style", {"camera": ["rack_focus"], "cast": 1}),
    ("Gwen Stacy reading a book, with an intense shaking effect", "vbench-style", {"camera": ["handheld"], "cast": 1}),
    ("A panda drinking coffee in a cafe in Paris, zoom in", "vbench-style",
     {"place": "cafe", "setting": "cafe", "camera": ["zoom_in"], "cast": 0}),
    ("A cute happy Corgi playing in park, sunset, pan right", "vbench-style",
     {"setting": "park", "lighting": "golden_hour", "camera": ["pan_right"], "cast": 0}),
    ("A couple in formal evening wear going home get caught in a heavy downpour with umbrellas, tilt down",
     "vbench-style", {"weather": "rain", "camera": ["tilt_down"], "cast": 2}),
    ("An astronaut flying in space, racking focus", "vbench-style", {"camera": ["rack_focus"], "cast": 1}),
    # --- human actions (VBench) -------------------------------------------------------------------------
    ("A person is clapping", "vbench-action", {"cast": 1, "verbs": ["clap"]}),
    ("A person is jogging", "vbench-action", {"cast": 1, "verbs": ["jog"]}),
    ("A person is shaking head", "vbench-action", {"cast": 1, "verbs": ["shake_head"]}),
    ("A person is shuffling cards", "vbench-action", {"cast": 1, "verbs": ["shuffle_cards"]}),
    ("A person is running on treadmill", "vbench-action", {"cast": 1, "verbs": ["run"]}),
    ("A person is marching", "vbench-action", {"cast": 1, "verbs": ["walk"]}),
    # --- guides and galleries -----------------------------------------------------------------------
    ("A man running.", "kling-guide", {"cast": 1, "verbs": ["run"], "setting": "studio", "place": None}),
    ("A full body shot of a man sprinting through a neon-lit city street, steam rising from the pavement, "
     "tracking shot following the athlete, cinematic depth of field, 4-second duration", "kling-guide",
     {"shot_type": "full_body", "camera": ["tracking"], "duration_s": 4.0, "setting": "neon_street",
      "verbs": ["sprint"], "cast": 1}),
    ("An athletic woman powerfully leaping across a wide gap between two modern skyscraper rooftops in daylight. "
     "She starts in a coiled preparation stance on the edge — knees bent, arms back — then explodes into the jump. "
     "Dramatic mid-air moment with limbs fully extended, body stretched, muscles engaged, and clothing fabric "
     "flapping in the wind.Smooth tracking camera shot following her entire trajectory from preparation to "
     "mid-leap, keeping her sharply in focus. Bright daylight, sharp shadows, detailed anatomy and fabric "
     "textures, dynamic motion, photorealistic, professional film quality.", "kling-guide",
     {"camera": ["tracking"], "setting": "rooftop", "lighting": "daylight", "cast": 1, "shots": 1}),
    ("A stylish woman walks down a Tokyo street filled with warm glowing neon and animated city signage. She "
     "wears a black leather jacket, a long red dress, and black boots, and carries a black purse. She wears "
     "sunglasses and red lipstick. She walks confidently and casually. The street is damp and reflective, "
     "creating a mirror effect of the colorful lights. Many pedestrians walk about.", "sora",
     {"cast": 1, "verbs": ["walk"], "setting": "city_street", "surface": "wet", "shots": 1}),
    ("Low angle static shot: The camera is angled up at a woman wearing all orange as she stands in a tropical "
     "rainforest with colorful flora. The dramatic sky is overcast and gray.", "runway-gen3",
     {"angle": "low", "camera": ["static"], "setting": "forest", "place": "tropical rainforest", "cast": 1}),
    ("Continuous hyperspeed FPV footage: The camera seamlessly flies through a glacial canyon to a dreamy "
     "cloudscape.", "runway-gen3", {"camera": ["fpv"], "cast": 0}),
    ("A glowing ocean at night time with bioluminescent creatures under water. The camera starts with a macro "
     "close-up of a glowing jellyfish and then expands to reveal the entire ocean lit up with various glowing "
     "colors under a starry sky. Camera Movement: Begin with a macro shot of the jellyfish, then gently pull back "
     "and up to showcase the glowing ocean.", "runway-gen3",
     {"camera": ["dolly_out", "crane_up"], "lighting": "night", "cast": 0}),
    ("[00:00-00:02] Wide shot from above: a lone hiker cresting a mountain ridge at golden hour.\n"
     "SFX: Wind, boots on gravel.\n"
     "[00:02-00:04] Close-up of the hiker's face, eyes narrowing against the light, slight smile.\n"
     "Shallow depth of field. SFX: Wind fades.\n"
     "[00:04-00:06] Reverse shot, hiker's POV: a vast valley stretching to the horizon,\n"
     "mist on the far peaks. SFX: Distant birdsong begins.\n"
     "[00:06-00:08] Slow crane pull-back, the hiker silhouetted against the sunset sky.\n"
     "Ambient: quiet orchestral swell, building.", "veo-timestamps",
     {"shots": 4, "durations": [2.0, 2.0, 2.0, 2.0], "shot_type": "wide", "angle": "high",
      "place": "mountain ridge", "setting": "snowy_slope", "lighting": "golden_hour"}),
    ("Medium shot, a tired corporate worker, rubbing his temples in exhaustion, in front of a bulky 1980s "
     "computer in a cluttered office late at night. The scene is lit by the harsh fluorescent overhead lights "
     "and the green glow of the monochrome monitor. Retro aesthetic, shot as if on 1980s color film, slightly "
     "grainy.", "blockbrain", {"shot_type": "medium", "duration_s": 5.0, "setting": "office", "cast": 1}),
    ("[Tracking shot] A young dancer in a flowing crimson dress spins gracefully across a moonlit rooftop, hair "
     "catching the breeze, arms extended. Cinematic, dreamlike atmosphere, soft warm rim light, serene yet "
     "powerful emotional tone.", "hailuo-23", {"camera": ["tracking"], "setting": "rooftop", "cast": 1}),
    ("[Push in] A young woman in a flowing red dress spins gracefully on a moonlit terrace, her hair catching "
     "the breeze. Cinematic, dreamlike atmosphere, soft warm rim light, serene emotional tone.", "hailuo-02",
     {"camera": ["dolly_in"], "cast": 1}),
    ("Ocean waves crashing on rocks [Truck left]", "minimax-guide", {"camera": ["truck_left"], "cast": 0}),
    ("City skyline at sunset [Push in]", "minimax-guide", {"camera": ["dolly_in"], "lighting": "golden_hour"}),
    ("Opening wide shot of a snowy street; the camera glides forward as a cyclist passes, soft blue light.",
     "wan-directors", {"shot_type": "wide", "camera": ["dolly_in"], "setting": "city_street", "surface": "snow"}),
    ("Medium shot of a street musician; slow push-in as the crowd gathers, warm evening light.", "wan-directors",
     {"shot_type": "medium", "camera": ["dolly_in"], "cast": 1}),
    ("Close-up of a candle flame; the camera holds steady as the flame flickers, dark room.", "wan-directors",
     {"shot_type": "close_up", "camera": ["static"], "cast": 0, "negative": []}),
    ("a single raindrop falling on a glass window at night, camera holds static, neon lights blurred in "
     "background, gentle vertical impact ripple, no camera shake", "sjlyedu",
     {"camera": ["static"], "cast": 0, "lighting": "night"}),
    ("A woman sitting by the window reading a letter, camera slowly pushes in on her face as expression changes "
     "from calm to tears, golden hour lighting, cinematic", "melon-hub",
     {"camera": ["dolly_in"], "lighting": "golden_hour", "cast": 1}),
    ("A luxury watch on a velvet cushion, camera slowly pushes in to reveal intricate dial details, soft studio "
     "lighting, shallow depth of field, commercial photography style", "melon-hub",
     {"camera": ["dolly_in"], "cast": 0, "depth_of_field": "shallow"}),
    ("A man runs along a beach. The camera tracks him in a low-angle side shot, slowly pulling ahead.", "ponpon",
     {"setting": "beach", "camera": ["tracking"], "angle": "low", "verbs": ["run"], "cast": 1}),
    ("A woman walks slowly across a bridge", "ponpon", {"verbs": ["walk"], "cast": 1}),
    ("A powerful tennis player, late 30s, makes an impossible return to win the US Open final, crowds roaring, "
     "slow motion, golden hour.", "nishadil", {"time_scale": 0.5, "lighting": "golden_hour", "cast": 1}),
    ("Medium close-up, 50mm anamorphic, of a young chef plating a dish in a copper-lit kitchen. Practical key "
     "from a window, deep shadows. Slow handheld push-in. A24 aesthetic.", "aistudio",
     {"shot_type": "medium_close_up", "setting": "kitchen", "cast": 1}),
    ("A golden retriever puppy running through a sunlit meadow with wildflowers, tracking shot following the dog",
     "freeacademy", {"camera": ["tracking"], "setting": "park", "cast": 0}),
    ("A neon-lit alley on a foggy morning", "syndicate", {"setting": "alley", "weather": "fog", "cast": 0}),
    ("A boxer throws jabs at a heavy bag in a gym", "issue16", {"place": "gym", "setting": "gym", "cast": 1}),
    ("A tired factory worker in the 1980s walks home", "issue16",
     {"duration_s": 5.0, "verbs": ["walk"], "cast": 1}),
    ("Shot 1 (0-3s): a boxer throws a jab. Shot 2 (3-6s): he wipes sweat from his forehead, slow dolly out",
     "issue16", {"shots": 2, "durations": [3.0, 3.0], "cameras": [["static"], ["dolly_out"]]}),
    # --- code-index prompts (public repositories) ----------------------------------------------------
    ("A nighttime alley chase: a handheld tracking shot follows a runner from behind with strong camera shake, "
     "then whip-cut to a side trucking shot, then cut to a frontal close-up as they gasp English dialogue while "
     "sprinting", "gh-code:57939053777", {"setting": "alley", "lighting": "night", "cast": 1}),
    ("A traceur sprints across a rooftop and vaults a concrete ledge, tucking into a roll and rising into a run. "
     "Fast tracking shot follows alongside. Late afternoon sun, long shadows, dust kicked up on landing, city "
     "skyline behind.", "gh-code:59726649706", {"setting": "rooftop", "camera": ["tracking"], "cast": 1}),
    ("A low-angle tracking shot follows a lone astronaut walking through an abandoned lunar colony.", "gh-code:71387441697",
     {"angle": "low", "camera": ["tracking"], "verbs": ["walk"], "cast": 1}),
    ("Wide shot. Slow tracking shot follows a woman in a red coat walking along a rain-soaked cobblestone street "
     "at dusk. Neon shop signs reflect in puddles as she passes. Wind catches her umbrella slightly. Shallow depth "
     "of field, anamorphic lens flare from distant headlights.", "gh-code:53765170259",
     {"shot_type": "wide", "camera": ["tracking"], "setting": "city_street", "verbs": ["walk"], "cast": 1,
      "depth_of_field": "shallow"}),
    ("A cinematic wide shot of a mountain landscape at golden hour", "gh-code:53412460483",
     {"shot_type": "wide", "lighting": "golden_hour", "setting": "snowy_slope", "cast": 0}),
    ("A close-up tracking shot follows a character walking through fog", "gh-code:53412460483",
     {"shot_type": "close_up", "camera": ["tracking"], "weather": "fog", "cast": 1, "verbs": ["walk"]}),
    ("A low tracking shot follows a tank crossing deep mud as its steel track links press a broad path into the "
     "wet ground.", "gh-code:57546000554", {"camera": ["tracking"], "cast": 0}),
    ("A person is walking forward slowly.", "gh-code:57612379154", {"verbs": ["walk"], "speeds": {"person": ["slow"]}}),
    ("A person waves their right hand.", "gh-code:57612379154", {"verbs": ["wave"], "cast": 1}),
    ("A person claps their hands together.", "gh-code:57612379154", {"verbs": ["clap"], "cast": 1}),
    ("A person is jogging in place.", "gh-code:57612379154", {"verbs": ["jog"], "cast": 1}),
    ("a person is jogging on the spot", "gh-code:25108477304", {"verbs": ["jog"], "cast": 1}),
]

GALLERY_ZH = [
    # --- places (VBench scene, Chinese) --------------------------------------------------------------
    ("室内体育馆", "vbench-scene-zh", {"place": "室内体育馆", "setting": "gym", "cast": 0}),
    ("火车站台", "vbench-scene-zh", {"place": "火车站台", "setting": "station", "cast": 0}),
    ("酒吧", "vbench-scene-zh", {"place": "酒吧", "setting": "cafe", "cast": 0}),
    ("沙漠", "vbench-scene-zh", {"place": "沙漠", "setting": "desert"}),
    ("教室", "vbench-scene-zh", {"place": "教室", "setting": "office"}),
    ("巷子", "vbench-scene-zh", {"place": "巷子", "setting": "alley"}),
    ("海滩", "vbench-scene-zh", {"place": "海滩", "setting": "beach"}),
    ("厨房", "vbench-scene-zh", {"place": "厨房", "setting": "kitchen"}),
    ("走廊", "vbench-scene-zh", {"place": "走廊", "setting": "corridor"}),
    ("办公室", "vbench-scene-zh", {"place": "办公室", "setting": "office"}),
    ("街道", "vbench-scene-zh", {"place": "街道", "setting": "city_street"}),
    ("滑雪坡道", "vbench-scene-zh", {"place": "滑雪坡道", "setting": "snowy_slope"}),
    ("停车场", "vbench-scene-zh", {"place": "停车场", "setting": "warehouse"}),
    ("餐厅", "vbench-scene-zh", {"place": "餐厅", "setting": "cafe"}),
    ("户外赛道", "vbench-scene-zh", {"place": "户外赛道", "setting": "running_track"}),
    ("建筑工地", "vbench-scene-zh", {"place": "建筑工地", "setting": "warehouse"}),
    ("河流", "vbench-scene-zh", {"place": "河流", "setting": "river"}),
    ("森林道路", "vbench-scene-zh", {"place": "森林道路", "setting": "forest"}),
    ("游乐园", "vbench-scene-zh", {"place": "游乐园", "setting": "park"}),
    ("浴室", "vbench-scene-zh", {"place": "浴室", "setting": "office"}),
    ("面包店", "vbench-scene-zh", {"place": "面包店", "setting": "cafe"}),
    ("舞厅", "vbench-scene-zh", {"place": "舞厅", "setting": "gym"}),
    ("谷仓", "vbench-scene-zh", {"place": "谷仓", "setting": "warehouse"}),
    ("桥梁", "vbench-scene-zh", {"place": "桥梁", "setting": "city_street"}),
    ("校园", "vbench-scene-zh", {"place": "校园", "setting": "park"}),
    ("庭院", "vbench-scene-zh", {"place": "庭院", "setting": "park"}),
    ("人行横道", "vbench-scene-zh", {"place": "人行横道", "setting": "city_street"}),
    ("市区", "vbench-scene-zh", {"place": "市区", "setting": "city_street"}),
    ("农场", "vbench-scene-zh", {"place": "农场", "setting": "park"}),
    ("美食广场", "vbench-scene-zh", {"place": "美食广场", "setting": "cafe"}),
    ("冰川", "vbench-scene-zh", {"place": "冰川", "setting": "snowy_slope"}),
    ("高尔夫球场", "vbench-scene-zh", {"place": "高尔夫球场", "setting": "park"}),
    ("高速公路", "vbench-scene-zh", {"place": "高速公路", "setting": "city_street"}),
    ("室内图书馆", "vbench-scene-zh", {"place": "室内图书馆", "setting": "office"}),
    ("实验室", "vbench-scene-zh", {"place": "实验室", "setting": "office"}),
    ("山", "vbench-scene-zh", {"place": "山", "setting": "snowy_slope"}),
    ("音乐工作室", "vbench-scene-zh", {"place": "音乐工作室", "setting": "studio"}),
    ("海洋", "vbench-scene-zh", {"place": "海洋", "setting": "beach"}),
    ("赛车场", "vbench-scene-zh", {"place": "赛车场", "setting": "running_track"}),
    ("棒球场", "vbench-scene-zh", {"place": "棒球场", "setting": "running_track"}),
    ("山谷", "vbench-scene-zh", {"place": "山谷", "setting": "park"}),
    ("瀑布", "vbench-scene-zh", {"place": "瀑布", "setting": "river"}),
    ("工业区", "vbench-scene-zh", {"place": "工业区", "setting": "warehouse"}),
    # --- camera terms (VBench temporal style, Chinese) ----------------------------------------------------
    ("春天的美丽海滨，波浪拍打着沙滩，慢速播放", "vbench-style-zh", {"setting": "beach", "time_scale": 0.5, "cast": 0}),
    ("春天的美丽海滨，波浪拍打着沙滩，推镜头", "vbench-style-zh", {"setting": "beach", "camera": ["dolly_in"]}),
    ("春天的美丽海滨，波浪拍打着沙滩，拉镜头", "vbench-style-zh", {"setting": "beach", "camera": ["dolly_out"]}),
    ("上海外滩，向左移镜头", "vbench-style-zh", {"camera": ["truck_left"], "cast": 0}),
    ("上海外滩，向右移镜头", "vbench-style-zh", {"camera": ["truck_right"]}),
    ("上海外滩，向上移镜头", "vbench-style-zh", {"camera": ["pedestal_up"]}),
    ("上海外滩，镜头剧烈抖动", "vbench-style-zh", {"camera": ["handheld"]}),
    ("格温·斯泰西在阅读一本书，焦点转移", "vbench-style-zh", {"camera": ["rack_focus"], "cast": 1}),
    ("一只熊猫在巴黎的咖啡馆喝咖啡，拉镜头", "vbench-style-zh",
     {"place": "咖啡馆", "setting": "cafe", "camera": ["dolly_out"], "cast": 0}),
    ("一只可爱快乐的柯基犬在公园里玩耍，日落时分，向下移镜头", "vbench-style-zh",
     {"setting": "park", "lighting": "golden_hour", "camera": ["pedestal_down"], "cast": 0}),
    ("一对身着正式晚装的夫妻在回家途中被大雨淋湿，手持雨伞，推镜头", "vbench-style-zh",
     {"weather": "rain", "camera": ["dolly_in"], "cast": 2}),
    ("一名宇航员在太空中飞行，慢速播放", "vbench-style-zh", {"time_scale": 0.5, "cast": 1}),
    # --- human actions (VBench, Chinese) --------------------------------------------------------------
    ("一个人在鼓掌", "vbench-action-zh", {"cast": 1, "verbs": ["clap"]}),
    ("一个人在慢跑", "vbench-action-zh", {"cast": 1, "verbs": ["jog"]}),
    ("一个人在摇头", "vbench-action-zh", {"cast": 1, "verbs": ["shake_head"]}),
    ("一个人在洗牌", "vbench-action-zh", {"cast": 1, "verbs": ["shuffle_cards"]}),
    ("一个人在跑步机上跑步", "vbench-action-zh", {"cast": 1, "verbs": ["run"]}),
    ("一个人在行进", "vbench-action-zh", {"cast": 1, "verbs": ["walk"]}),
    ("一个人在使用电脑", "vbench-action-zh", {"cast": 1}),
    ("一个人在笑", "vbench-action-zh", {"cast": 1}),
    # --- guides and galleries ------------------------------------------------------------------------
    ("一个女孩在雨中的街道上奔跑，跟拍镜头，慢动作，5秒", "issue16",
     {"cast": 1, "verbs": ["run"], "camera": ["tracking"], "time_scale": 0.5, "duration_s": 5.0,
      "weather": "rain", "setting": "city_street"}),
    ("女孩轻轻微笑，自信的展示身上的服装", "yiketu", {"cast": 1}),
    ("香薰在慢慢的喷出朦胧的烟雾，镜头缓缓推近", "yiketu", {"camera": ["dolly_in"], "cast": 0}),
    ("木马在桌面上摇晃，镜头向左移动", "yiketu", {"camera": ["truck_left"], "cast": 0}),
    ("镜头快速拉远，露出女子全身，她微微转头目光看向画面右侧，背景是一个繁华的街头", "yiketu",
     {"camera": ["dolly_out"], "cast": 1, "setting": "city_street"}),
    ("镜头环绕拍摄，从女人的背面到正面，她十分美丽，自信微笑", "yiketu", {"camera": ["orbit"], "cast": 1}),
    ("老鹰在飞翔，镜头跟随飞翔的老鹰", "yiketu", {"camera": ["tracking"], "cast": 0}),
    ("镜头逐渐升起，露出正在自信摆poss的帅哥", "yiketu", {"camera": ["crane_up"], "cast": 1}),
    ("毕业典礼，学生们在聊天。学生 A 分享周末趣事，手舞足蹈。学生 B 笑得前仰后合，学生 C 好奇地追问细节。其他人围在周围，不时插上几句",
     "yiketu", {"cast": 3}),
    ("一只小蜜蜂停在花朵中，近景", "tomoviee", {"shot_type": "medium_close_up", "cast": 0}),
    ("远景，男生戴着耳机半靠在床上听歌，房间整洁温馨，镜头拉进到男生脸部，他眼睛闭上，神情安然", "tomoviee",
     {"shot_type": "wide", "camera": ["dolly_in"], "cast": 1}),
    ("一名男子在跳台上做专业跳水动作。全景平拍镜头中，他穿着红色泳裤，身体呈倒立状态，双臂伸展，双腿并拢。镜头下移，他跳入水中，溅起水花。背景中是蓝色的泳池。",
     "wan21-example", {"shot_type": "full_body", "cast": 1}),
    ("镜头缓缓推进，展现壮丽的日落山谷风光", "gh-code:57950653110", {"camera": ["dolly_in"], "lighting": "golden_hour", "cast": 0}),
    ("镜头拉远，女孩转身正对镜头", "gh-code:57950653110", {"camera": ["dolly_out"], "cast": 1}),
    ("一名短发女孩在雨夜街道奔跑，镜头跟随她穿过霓虹倒影。", "gh-code:58350445161",
     {"cast": 1, "verbs": ["run"], "camera": ["tracking"], "weather": "rain", "setting": "city_street"}),
    ("一位美女在繁华街头跳舞，镜头跟随她的动作，画面有电影感。", "gh-code:57178515303",
     {"cast": 1, "camera": ["tracking"], "setting": "city_street"}),
    ("一个紫发赛博朋克少女在雨夜的东京街头缓慢行走。她穿着黑色皮夹克，霓虹灯光反射在湿润的地面上。镜头跟随她的步伐，展现流畅的运动和细腻的面部表情。",
     "gh-code:55032649982", {"cast": 1, "verbs": ["walk"], "camera": ["tracking"], "weather": "rain"}),
    ("一只机械狐狸在霓虹雨夜中奔跑，电影级跟拍镜头", "gh-code:67530035340", {"cast": 0, "camera": ["tracking"], "weather": "rain"}),
    ("一名年轻宇航员在红色沙漠星球上行走，风吹起尘埃，缓慢的电影跟拍镜头，戏剧性的日落光照，写实科幻风格", "gh-code:56117832885",
     {"cast": 1, "verbs": ["walk"], "camera": ["tracking"], "setting": "desert", "lighting": "golden_hour"}),
    ("两人站在几何体下方，镜头缓缓推进", "gh-code:68505452789", {"cast": 2, "camera": ["dolly_in"]}),
    ("微距镜头，露珠从花瓣滑落，慢动作，浅景深", "gh-code:62752536682",
     {"shot_type": "extreme_close_up", "time_scale": 0.5, "depth_of_field": "shallow", "cast": 0}),
    ("航拍，城市夜景，霓虹灯闪烁，车流如织", "gh-code:62752536682", {"shot_type": "extreme_wide", "lighting": "neon", "cast": 0}),
    ("镜头1：中远景，主角推门进酒馆。\n镜头2：近景，对面的张三抬眼。\n", "gh-code:57519983609",
     {"shots": 2, "place": "酒馆", "setting": "cafe"}),
    ("镜头1：推门进入\n时长：4秒\n出镜人物【主角】\n画面描述：【中景】\n\n镜头2：回头\n建议时长 6s\n出镜人物【主角】\n"
     "画面描述：【近景】\n\n镜头3：看向窗外\n时长：5秒\n出镜人物【主角】\n画面描述：【特写】\n\n镜头4：离开\n出镜人物【主角】\n"
     "画面描述：【远景】", "gh-code:59472430919", {"shots": 4, "shot_type": "medium"}),
    ("一位长发男生正在专注演奏鼓组", "yiketu", {"cast": 1}),
    ("雨夜城市镜头缓缓推进", "gh-code:66221872034", {"camera": ["dolly_in"], "weather": "rain", "lighting": "night", "cast": 0}),
]
