"""A fourth fresh set: 60 motion prompts (30 English, 30 Chinese) of storyboards whose later shots say "she" or
"他", two-person interactions (arguing, dancing, fight choreography, handing things over), sport, people with
animals, grooming and dressing, emotions shown by gestures, camera jargon, playback speeds and durations written
many ways; none of them in the other galleries.

Expectations were written field by field from the words and DESIGN.md before the parser ran on them. Keys are
those of language_fields.py; `shot_ids` / `shot_cast` / `shot_verbs` read every shot of a storyboard (the cast's
ids, its size, the sorted non-idle verbs). A verb with no performer of its own (a tennis serve, a swimming
stroke, riding a horse) is expected in some plan note by the user's word: it may be approximated, never silently.
Two expectations were corrected after the first run, for a label's name only: "race" is the vocabulary's
`sprint` (first written "run"), and "throws a punch" / 出拳 is the catalogue's `boxing` phrase (first written
"punch"); and "laughs" after "and" was first expected as the catalogue's `laugh`, where the parser's settled
reading (test_language_heldout's "shakes her head and laughs") is an emotion on the verb beside it.
"""

A, L, J, G, I = "action", "locomotion", "jump", "gesture", "idle"

FRESH3_EN = [
    ("Shot 1 (0-4s): a tall woman in a red coat walks into a cafe. Shot 2 (4-7s): she sits down and waves.", {
        "shots": 2, "durations": [4.0, 3.0], "shot_ids": [["woman"], ["woman"]], "shot_verbs": [["walk"], ["wave"]]}),
    ("Shot 1: a boxer jumps rope in a locker room. Shot 2: close-up, he shadowboxes in front of a mirror. "
     "Shot 3: he walks toward the ring.", {
        "shots": 3, "shot_ids": [["boxer"], ["boxer"], ["boxer"]], "shot_verbs": [["jump"], ["boxing"], ["walk"]]}),
    ("Shot 1 (3 seconds): two kids race across a playground. Shot 2 (2 seconds): they stop and laugh.", {
        "durations": [3.0, 2.0], "shot_cast": [2, 2], "shot_verbs": [["sprint"], ["laugh"]]}),
    ("A man and a woman argue in a kitchen, she points at him angrily, medium shot, 6 seconds", {
        "ids": ["man", "woman"], "has_verbs": ["point"], "setting": "kitchen", "shot_type": "medium",
        "duration_s": 6.0, "targets": {"woman": ["man"]}}),
    ("Two dancers perform a tango in a candlelit ballroom, orbit shot, slow motion", {
        "cast": 2, "has_verbs": ["salsa"], "camera": ["orbit"], "time_scale": 0.5}),
    ("Two stuntmen rehearse fight choreography, one throws a punch and the other dodges, wide shot, 8 seconds", {
        "cast": 2, "has_verbs": ["boxing", "dodge"], "shot_type": "wide", "duration_s": 8.0}),
    ("A mother hugs her son tightly at the school gate, then waves goodbye, medium shot", {
        "ids": ["mother", "son"], "has_verbs": ["hug", "wave"], "shot_type": "medium"}),
    ("A tennis player tosses the ball and serves on a clay court, low angle, 4 seconds", {
        "ids": ["player"], "angle": "low", "duration_s": 4.0, "notes": ["serve"]}),
    ("A basketball player drives to the hoop and finishes with a layup, tracking shot", {
        "ids": ["player"], "camera": ["tracking"], "has_verbs": ["shoot_basketball"]}),
    ("A swimmer swims breaststroke laps in an outdoor pool, overhead shot, 10 seconds", {
        "ids": ["swimmer"], "angle": "overhead", "duration_s": 10.0, "notes": ["swim"]}),
    ("A teenager rides a skateboard down a ramp and then jumps, low angle, 5s", {
        "ids": ["teenager"], "has_verbs": ["jump"], "angle": "low", "duration_s": 5.0, "notes": ["skateboard"]}),
    ("A skier carves down a snowy slope, wide shot, snow spraying", {
        "ids": ["skier"], "surface": "snow", "shot_type": "wide", "notes": ["carve"]}),
    ("A man walks his dog through a park at sunset, tracking shot, 8 seconds", {
        "ids": ["man"], "has_verbs": ["walk"], "setting": "park", "lighting": "golden_hour", "camera": ["tracking"],
        "duration_s": 8.0}),
    ("A girl rides a horse across a meadow, wide shot, golden hour", {
        "ids": ["girl"], "shot_type": "wide", "lighting": "golden_hour", "notes": ["horse"]}),
    ("A businessman adjusts his tie in front of a mirror, then smiles, close-up", {
        "ids": ["businessman"], "has_verbs": ["adjust_clothes"], "shot_type": "close_up"}),
    ("A woman ties her hair into a ponytail, then puts on a denim jacket, medium shot", {
        "ids": ["woman"], "actors": {"woman": [(A, "tie_hair", "everyday"), (A, "put_on_clothes", "everyday")]},
        "shot_type": "medium"}),
    ("An old man buttons his coat and walks out into the falling snow, 6 seconds", {
        "ids": ["man"], "has_verbs": ["adjust_clothes", "walk"], "weather": "snow", "duration_s": 6.0,
        "starts_after": [("man", 1, "man", 0)]}),
    ("A furious chef slams his fist on the counter and shouts, medium close-up", {
        "ids": ["chef"], "has_verbs": ["speak"], "shot_type": "medium_close_up"}),
    ("A bride wipes her eyes and laughs through her tears, close-up, 4 seconds", {
        "ids": ["bride"], "has_verbs": ["wipe_eyes"], "shot_type": "close_up", "duration_s": 4.0}),
    ("A man jumps for joy and pumps his fist in the air, wide shot", {
        "ids": ["man"], "has_verbs": ["jump"], "shot_type": "wide"}),
    ("A detective walks down a long hallway, dolly zoom, Dutch angle, 5 seconds", {
        "ids": ["detective"], "camera": ["dolly_zoom"], "angle": "dutch", "duration_s": 5.0}),
    ("Crane shot rising over a crowded market as a woman walks through it, 12 seconds", {
        "ids": ["woman"], "camera": ["crane_up"], "duration_s": 12.0}),
    ("Over-the-shoulder shot of a lawyer arguing with a judge, 6 seconds", {
        "ids": ["judge", "lawyer"], "duration_s": 6.0, "notes": ["over-the-shoulder"]}),
    ("POV shot of a cyclist speeding down a mountain trail", {"ids": ["cyclist"], "notes": ["POV"]}),
    ("The camera orbits a breakdancer spinning on his back, low angle", {
        "ids": ["breakdancer"], "camera": ["orbit"], "angle": "low"}),
    ("A woman crosses a busy train station in timelapse, wide shot, 10 seconds", {
        "ids": ["woman"], "time_scale": 1.5, "shot_type": "wide", "duration_s": 10.0, "setting": "station"}),
    ("A man dives into a pool in ultra slow motion, 3 seconds", {
        "ids": ["man"], "time_scale": 0.25, "duration_s": 3.0}),
    ("A couple hugs at the airport, then the woman walks away, half a minute, medium shot", {
        "cast": 2, "has_verbs": ["hug", "walk"], "duration_s": 30.0, "shot_type": "medium"}),
    ("A man stands up from the sofa and then waves goodbye, 6 sec", {
        "ids": ["man"], "has_verbs": ["wave"], "duration_s": 6.0, "starts_after": [("man", 1, "man", 0)]}),
    ("A child picks up a ball and throws it to his father, who catches it, full shot, a 7-second clip", {
        "ids": ["child", "father"], "has_verbs": ["pick_up", "throw", "catch"], "shot_type": "full_body",
        "duration_s": 7.0}),
]

FRESH3_ZH = [
    ("镜头1：一个女孩在雨中奔跑。镜头2：她停下来，抬头看天空。", {
        "shots": 2, "shot_ids": [["girl"], ["girl"]], "weather": "rain"}),
    ("镜头1（0-3秒）：一位老人走进公园。镜头2（3-6秒）：他坐在长椅上看报纸。", {
        "durations": [3.0, 3.0], "shot_cast": [1, 1], "setting": "park"}),
    ("镜头一：两个男人在街上争吵。镜头二：其中一个推了另一个一把。", {
        "shots": 2, "shot_cast": [2, 2]}),
    ("一对情侣在舞厅里跳华尔兹，环绕拍摄，10秒", {
        "cast": 2, "has_verbs": ["salsa"], "camera": ["orbit"], "duration_s": 10.0}),
    ("两名武术演员排练打斗，一人出拳，另一人闪躲，全景，慢动作", {
        "cast": 2, "has_verbs": ["boxing", "dodge"], "shot_type": "full_body", "time_scale": 0.5}),
    ("一个妈妈紧紧拥抱她的女儿，然后挥手告别，中景", {
        "cast": 2, "has_verbs": ["hug", "wave"], "shot_type": "medium"}),
    ("一名网球运动员在红土场上发球，低角度，4秒", {
        "cast": 1, "angle": "low", "duration_s": 4.0, "notes": ["发球"]}),
    ("一名篮球运动员运球上篮，跟拍", {
        "cast": 1, "has_verbs": ["dribble", "shoot_basketball"], "camera": ["tracking"]}),
    ("一名游泳运动员在泳池里游蛙泳，俯拍，8秒", {
        "cast": 1, "angle": "high", "duration_s": 8.0, "notes": ["游"]}),
    ("一个少年踩着滑板从坡道上滑下来，然后跳起来，低角度", {
        "cast": 1, "has_verbs": ["jump"], "angle": "low", "notes": ["滑板"]}),
    ("一个男人在公园里遛狗，黄昏，跟拍，8秒", {
        "ids": ["man"], "has_verbs": ["walk"], "camera": ["tracking"], "duration_s": 8.0, "setting": "park"}),
    ("一个小女孩骑着马穿过草原，远景", {"ids": ["girl"], "shot_type": "wide", "notes": ["马"]}),
    ("一个男人对着镜子整理领带，然后微笑，特写", {
        "ids": ["man"], "has_verbs": ["adjust_clothes"], "shot_type": "close_up"}),
    ("一位女士扎起头发，然后穿上外套，中景", {
        "cast": 1, "has_verbs": ["tie_hair", "put_on_clothes"], "shot_type": "medium"}),
    ("一个女孩擦擦眼睛，低声哭泣，近景", {
        "ids": ["girl"], "has_verbs": ["wipe_eyes"], "verbs_absent": ["wipe_surface"]}),
    ("一个愤怒的男人拍着桌子大喊，中近景", {"ids": ["man"], "has_verbs": ["speak"], "shot_type": "medium_close_up"}),
    ("一个女孩开心地跳起来拍手，全景", {"ids": ["girl"], "has_verbs": ["jump", "clap"], "shot_type": "full_body"}),
    ("一名侦探走过长长的走廊，希区柯克变焦，荷兰角，5秒", {
        "cast": 1, "camera": ["dolly_zoom"], "angle": "dutch", "duration_s": 5.0}),
    ("升降镜头从市场上空升起，一个女人穿过人群，12秒", {"ids": ["woman"], "camera": ["crane_up"], "duration_s": 12.0}),
    ("第一人称视角，一名骑行者沿着山路飞驰而下", {"cast": 1, "camera": ["fpv"]}),
    ("镜头环绕一名在地上旋转的街舞舞者，低角度", {"cast": 1, "camera": ["orbit"], "angle": "low"}),
    ("延时摄影，一个女人穿过繁忙的火车站，10秒", {
        "ids": ["woman"], "time_scale": 1.5, "duration_s": 10.0, "setting": "station"}),
    ("一个男人跳入泳池，超级慢动作，3秒", {"ids": ["man"], "time_scale": 0.25, "duration_s": 3.0}),
    ("一名跑者沿着海滩冲刺，十五秒", {"cast": 1, "has_verbs": ["sprint"], "duration_s": 15.0, "setting": "beach"}),
    ("一对情侣在机场拥抱，然后女人转身离开，半分钟", {"cast": 2, "has_verbs": ["hug"], "duration_s": 30.0}),
    ("一个男人从沙发上站起来，然后挥手告别，6秒", {
        "ids": ["man"], "has_verbs": ["wave"], "duration_s": 6.0, "starts_after": [("man", 1, "man", 0)]}),
    ("一位瑜伽老师在海边保持战士式，全景", {"cast": 1, "shot_type": "full_body"}),
    ("一名调酒师在吧台后面摇晃调酒器，特写", {
        "ids": ["bartender"], "has_verbs": ["shake_cocktail"], "shot_type": "close_up"}),
    ("一名杂技演员在广场上翻跟头，一分半钟", {"ids": ["acrobat"], "has_verbs": ["cartwheel"], "duration_s": 90.0}),
    ("一个男孩把球传给他的父亲，父亲接住了球，全景，7秒", {
        "cast": 2, "has_verbs": ["throw", "catch"], "shot_type": "full_body", "duration_s": 7.0}),
]

FRESH3 = FRESH3_EN + FRESH3_ZH
