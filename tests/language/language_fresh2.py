"""A third fresh set: 60 motion prompts (30 English, 30 Chinese) of everyday work, crafts, sport, dance, light,
weather and effects, written from how the motion-prompt guide's users write, none of them in the other galleries.

Expectations were written field by field from the words and DESIGN.md before the parser ran on them. Keys are
those of language_fields.py; `ids` is the cast's actor ids, `has_verbs` verbs the plan must contain (in any
actor), `has_effects` effects it must contain, `notes` words some plan note must contain (an approximation the
user must be told about). One expectation was corrected after the first run, for a label's name only: the
catalogue's couple-dance label (waltz, tango, salsa) is `salsa`, first written as "ballroom".
"""

A, L, J, G, I = "action", "locomotion", "jump", "gesture", "idle"
HAND = "everyday"  # the hand-work tasks' group

FRESH2_EN = [
    ("A grandmother kneads dough on a wooden counter in a cozy farmhouse kitchen, then wipes her hands on her apron, "
     "handheld close-up, warm morning light", {
        "ids": ["grandmother"], "actors": {"grandmother": [(A, "knead", HAND), (A, "wipe_hands", HAND)]},
        "camera": ["handheld"], "shot_type": "close_up", "setting": "kitchen", "lighting": "golden_hour",
        "notes": ["warm morning light", "hand work"]}),
    ("A sushi chef chops cucumbers with a long knife, overhead shot, shallow depth of field, 6 seconds", {
        "ids": ["chef"], "actors": {"chef": [(A, "chop", HAND)]}, "angle": "overhead", "depth_of_field": "shallow",
        "duration_s": 6.0}),
    ("A young man sweeps the floor of an empty warehouse while dust floats in shafts of sunlight, wide shot", {
        "ids": ["man"], "actors": {"man": [(A, "sweep", HAND)]}, "setting": "warehouse", "has_effects": ["dust"],
        "shot_type": "wide", "lighting": "daylight"}),
    ("A woman folds laundry on her bed, then yawns, medium shot, soft afternoon light", {
        "ids": ["woman"], "actors": {"woman": [(A, "fold_laundry", HAND), (G, "yawn", "involuntary")]},
        "shot_type": "medium", "lighting": "overcast", "notes": ["soft afternoon light"]}),
    ("Close-up of a barista's hands whisking matcha in a ceramic bowl, steam rising, slow motion", {
        "ids": ["barista"], "actors": {"barista": [(A, "whisk", HAND)]}, "shot_type": "close_up",
        "has_effects": ["steam"], "time_scale": 0.5}),
    ("A father washes dishes at the kitchen sink while his daughter dances behind him, static shot, 8s", {
        "ids": ["daughter", "father"], "has_verbs": ["wash_dishes"], "camera": ["static"], "duration_s": 8.0,
        "setting": "kitchen"}),
    ("An office worker types on a keyboard, then leans back and rubs his eyes, tracking shot, fluorescent lighting", {
        "ids": ["worker"], "has_verbs": ["type"], "camera": ["tracking"], "lighting": "cool_interior",
        "setting": "office"}),
    ("A basketball player dribbles the ball and shoots a jump shot in an indoor gym, low angle, 5-second duration", {
        "ids": ["player"], "actors": {"player": [(A, "dribble", "sport"), (A, "shoot_basketball", "sport")]},
        "angle": "low", "duration_s": 5.0, "setting": "gym"}),
    ("Two ballroom dancers waltz across a candlelit hall, orbit shot, 10 seconds", {
        "cast": 2, "has_verbs": ["salsa"], "lighting": "warm_interior", "camera": ["orbit"], "duration_s": 10.0}),
    ("A welder grinds a steel beam, sparks flying everywhere, dutch angle, dim workshop", {
        "ids": ["welder"], "has_verbs": ["grind"], "has_effects": ["sparks"], "angle": "dutch", "lighting": "night"}),
    ("A potter shapes a clay bowl on a spinning wheel, extreme close-up on her hands, 35mm film", {
        "ids": ["potter"], "has_verbs": ["shape_clay"], "shot_type": "extreme_close_up", "film": "35mm"}),
    ("A boy shovels snow off the driveway on a cold gray morning, snow falling, wide shot", {
        "ids": ["boy"], "has_verbs": ["shovel"], "weather": "snow", "has_effects": ["snow"], "shot_type": "wide",
        "lighting": "overcast"}),
    ("A painter paints a large canvas with broad strokes, then steps back to look at it, medium shot, natural light", {
        "ids": ["painter"], "has_verbs": ["paint", "step_back"], "shot_type": "medium", "lighting": "daylight"}),
    ("A woman stirs a pot of soup on the stove, steam curling up, warm kitchen light, close-up", {
        "ids": ["woman"], "actors": {"woman": [(A, "stir", HAND)]}, "has_effects": ["steam"],
        "lighting": "warm_interior", "shot_type": "close_up", "setting": "kitchen", "notes": ["warm kitchen light"]}),
    ("A runner ties her shoelaces on a park bench, then jogs off down the path at sunrise, tracking shot, 7 seconds", {
        "ids": ["runner"], "has_verbs": ["tie_shoelaces", "jog"], "setting": "park", "lighting": "golden_hour",
        "camera": ["tracking"], "duration_s": 7.0}),
    ("Shot 1: a carpenter saws a plank in a dusty workshop. Shot 2: close-up of him sanding the edge, sawdust in "
     "the air.", {"shots": 2, "ids": ["carpenter"], "has_verbs": ["saw"], "has_effects": ["dust"]}),
    ("A man in a raincoat waits at a bus stop in heavy rain, checks his watch, then sighs, medium shot, blue hour", {
        "ids": ["man"], "weather": "rain", "shot_type": "medium", "lighting": "cool_interior",
        "has_verbs": ["breathe"]}),
    ("A yoga instructor holds a warrior pose on a rooftop at dawn, slow push in, 12 seconds", {
        "ids": ["instructor"], "lighting": "golden_hour", "camera": ["dolly_in"], "duration_s": 12.0,
        "setting": "rooftop"}),
    ("A girl practices violin in her bedroom, rain on the window, soft lamplight, static camera", {
        "ids": ["girl"], "lighting": "warm_interior", "camera": ["static"], "weather": "rain"}),
    ("A mechanic wipes grease off his hands with a rag, then leans against the car, low angle, golden hour", {
        "ids": ["mechanic"], "has_verbs": ["wipe_hands"], "angle": "low", "lighting": "golden_hour"}),
    ("A little boy builds a sandcastle on the beach, waves crashing behind him, crane up to reveal the coastline, "
     "8 seconds", {"ids": ["boy"], "setting": "beach", "camera": ["crane_up"], "duration_s": 8.0}),
    ("A tennis player serves the ball, then pumps her fist, slow motion, full body shot", {
        "ids": ["player"], "shot_type": "full_body", "time_scale": 0.5}),
    ("A drummer pounds the drums on a smoky stage, whip pan to the crowd, concert lights", {
        "ids": ["drummer"], "has_effects": ["fog"], "camera": ["whip_pan_right"]}),
    ("A nurse writes notes on a clipboard in a hospital corridor, then hurries away, handheld, fluorescent lighting", {
        "ids": ["nurse"], "has_verbs": ["write"], "setting": "corridor", "lighting": "cool_interior",
        "camera": ["handheld"]}),
    ("A woman irons a white shirt at an ironing board, medium close-up, morning light through the curtains", {
        "ids": ["woman"], "actors": {"woman": [(A, "iron", HAND)]}, "shot_type": "medium_close_up",
        "lighting": "daylight"}),
    ("A farmer scatters seeds across a muddy field under overcast skies, wide shot, wind blowing", {
        "ids": ["farmer"], "surface": "muddy", "has_effects": ["wind"], "shot_type": "wide", "lighting": "overcast"}),
    ("An elderly man feeds pigeons on a park bench, then stands up and walks away slowly, 10-second shot, autumn "
     "leaves falling", {"ids": ["man"], "setting": "park", "has_effects": ["falling_leaves"], "duration_s": 10.0,
                        "has_verbs": ["walk"]}),
    ("A chef flips a pancake in a pan and smiles at the camera, close-up, steam rising from the griddle", {
        "ids": ["chef"], "shot_type": "close_up", "has_effects": ["steam"]}),
    ("A cheerleader does a cartwheel on the football field, tracking shot, bright daylight", {
        "ids": ["cheerleader"], "has_verbs": ["cartwheel"], "camera": ["tracking"], "lighting": "daylight"}),
    ("A woman peels potatoes at the kitchen table while rain streaks down the window, static shot, 6 seconds, moody "
     "low light", {"ids": ["woman"], "actors": {"woman": [(A, "peel", HAND)]}, "weather": "rain",
                   "camera": ["static"], "duration_s": 6.0, "lighting": "night", "setting": "kitchen"}),
]

FRESH2_ZH = [
    ("一名消防员在浓烟弥漫的仓库里匍匐前进，然后站起来挥手，低角度跟拍，8秒", {
        "ids": ["firefighter"], "has_verbs": ["belly_crawl", "wave"], "has_effects": ["fog"], "angle": "low",
        "camera": ["tracking"], "duration_s": 8.0, "setting": "warehouse", "notes": ["浓烟"]}),
    ("一位老奶奶在厨房里揉面团，阳光从窗户照进来，特写，6秒", {
        "ids": ["woman"], "actors": {"woman": [(A, "knead", HAND)]}, "setting": "kitchen", "shot_type": "close_up",
        "duration_s": 6.0, "lighting": "daylight"}),
    ("一个男孩在客厅里扫地，然后坐在沙发上，中景", {
        "ids": ["boy"], "has_verbs": ["sweep"], "shot_type": "medium"}),
    ("厨师在案板上快速地切菜，俯拍，慢动作", {
        "ids": ["chef"], "actors": {"chef": [(A, "chop", HAND)]}, "angle": "high", "time_scale": 0.5}),
    ("一个女孩在雪地里堆雪人，大雪纷飞，远景，10秒", {
        "ids": ["girl"], "weather": "snow", "shot_type": "wide", "duration_s": 10.0, "surface": "snow"}),
    ("两个小孩在公园里踢足球，跟拍，黄昏", {
        "cast": 2, "has_verbs": ["kick_ball"], "lighting": "golden_hour", "camera": ["tracking"], "setting": "park"}),
    ("一位女士在咖啡馆里用笔记本电脑打字，窗外下着雨，浅景深，固定镜头", {
        "ids": ["woman"], "actors": {"woman": [(G, "type", "precise_task")]}, "setting": "cafe", "weather": "rain",
        "depth_of_field": "shallow", "camera": ["static"]}),
    ("镜头1：一名拳击手在昏暗的健身房里打沙袋，汗水飞溅。镜头2：他坐在长椅上喘气，特写。", {
        "shots": 2, "ids": ["boxer"], "setting": "gym", "has_effects": ["sweat"], "has_verbs": ["boxing"]}),
    ("妈妈在厨房里搅拌锅里的汤，蒸汽升腾，暖色灯光，中近景", {
        "ids": ["mother"], "actors": {"mother": [(A, "stir", HAND)]}, "has_effects": ["steam"],
        "lighting": "warm_interior", "shot_type": "medium_close_up", "setting": "kitchen"}),
    ("一个舞者在舞台上旋转，聚光灯，烟雾缭绕，环绕拍摄，12秒", {
        "ids": ["dancer"], "camera": ["orbit"], "duration_s": 12.0, "has_effects": ["fog"]}),
    ("一名程序员在办公室里疲惫地打字，然后打哈欠，夜晚，推镜头", {
        "ids": ["programmer"], "has_verbs": ["type", "yawn"], "lighting": "night", "camera": ["dolly_in"],
        "setting": "office"}),
    ("老人在公园里打太极拳，晨雾弥漫，清晨的阳光，全景，缓慢推进", {
        "ids": ["man"], "actors": {"man": [(A, "tai_chi", "exercise")]}, "setting": "park", "weather": "fog",
        "lighting": "golden_hour", "shot_type": "full_body", "camera": ["dolly_in"]}),
    ("一个女人在阳台上晾衣服，微风吹动，中景，下午的阳光", {
        "ids": ["woman"], "has_verbs": ["hang_laundry"], "has_effects": ["wind"], "lighting": "daylight",
        "shot_type": "medium"}),
    ("一名士兵在泥泞的战壕里匍匐前进，爆炸扬起尘土，手持镜头", {
        "ids": ["soldier"], "actors": {"soldier": [(A, "belly_crawl", "everyday")]}, "surface": "muddy",
        "has_effects": ["dust"], "camera": ["handheld"]}),
    ("一个男人在雨夜的街道上奔跑，霓虹灯倒映在积水中，跟拍镜头，5秒", {
        "ids": ["man"], "actors": {"man": [(L, "run", "plain")]}, "weather": "rain", "lighting": "neon",
        "camera": ["tracking"], "duration_s": 5.0}),
    ("一位画家在画室里画油画，然后后退一步，侧光，中景", {
        "ids": ["painter"], "has_verbs": ["paint", "step_back"], "shot_type": "medium"}),
    ("女孩在图书馆里写作业，然后抬头看窗外，近景", {
        "ids": ["girl"], "has_verbs": ["write"], "shot_type": "medium_close_up"}),
    ("一名服务员擦桌子，然后端着盘子走向顾客，跟拍", {
        "ids": ["waiter"], "has_verbs": ["wipe_surface", "walk"], "camera": ["tracking"]}),
    ("一个小女孩在海滩上追逐海浪，夕阳，慢动作，低角度", {
        "ids": ["girl"], "setting": "beach", "lighting": "golden_hour", "time_scale": 0.5, "angle": "low"}),
    ("工人在工地上焊接钢梁，火花四溅，夜晚，特写", {
        "ids": ["worker"], "has_effects": ["sparks"], "lighting": "night", "shot_type": "close_up"}),
    ("一名女子在健身房里做深蹲，镜头向右平移，8秒", {
        "ids": ["woman"], "has_verbs": ["squat"], "setting": "gym", "duration_s": 8.0, "camera": ["truck_right"]}),
    ("一个厨师在厨房里打鸡蛋，然后搅拌，俯视角度，特写", {
        "ids": ["chef"], "has_verbs": ["whisk"], "angle": "high", "shot_type": "close_up", "setting": "kitchen"}),
    ("一位老爷爷坐在门口剥豆子，夏日午后，固定镜头，10秒", {
        "ids": ["man"], "has_verbs": ["peel"], "camera": ["static"], "duration_s": 10.0, "lighting": "daylight"}),
    ("篮球运动员运球，然后跳起投篮，慢动作，体育馆，环绕镜头", {
        "ids": ["athlete"], "has_verbs": ["dribble", "shoot_basketball"], "time_scale": 0.5, "setting": "gym",
        "camera": ["orbit"]}),
    ("一名快递员骑自行车穿过街道，然后停下来敲门，航拍", {
        "ids": ["courier"], "setting": "city_street"}),
    ("一个女人在厨房洗碗，窗外下雪，中景，暖光", {
        "ids": ["woman"], "actors": {"woman": [(A, "wash_dishes", HAND)]}, "has_effects": ["snow"],
        "shot_type": "medium", "setting": "kitchen"}),
    ("一名男子在雨中撑着伞慢慢走过桥，远景，雾气，黄昏", {
        "ids": ["man"], "weather": "rain", "shot_type": "wide", "lighting": "golden_hour", "has_effects": ["fog"],
        "speeds": {"man": ["slow"]}}),
    ("孩子们在院子里扫落叶，秋风吹过，全景", {
        "has_verbs": ["sweep"], "has_effects": ["falling_leaves", "wind"], "shot_type": "full_body"}),
    ("一位裁缝在工作台前缝衣服，台灯照明，特写，推镜头", {
        "ids": ["tailor"], "shot_type": "close_up", "camera": ["dolly_in"], "lighting": "warm_interior"}),
    ("一个男人在厨房里切洋葱，然后擦擦眼睛，手持镜头，6秒", {
        "ids": ["man"], "has_verbs": ["chop"], "camera": ["handheld"], "duration_s": 6.0, "setting": "kitchen"}),
]

FRESH2 = FRESH2_EN + FRESH2_ZH
