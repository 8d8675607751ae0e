#!/usr/bin/env python3
"""Writes a held-out corpus of field traffic for the compact codec: the same message kinds and field
names as shared/corpus/make_corpus.py (the corpus the codec is tuned on), but with other notes, other
landmarks, ad-hoc places that are not in the gazetteer and other report phrasing. The codec's phrase
dictionary is never tuned on this file; it is only measured (tests/unit/codec/heldout_budget_test.cpp,
bench_codec).

  python3 make_heldout_corpus.py [--seed N] [--orders N] [--out FILE]

Deterministic for a given seed. Teams T001..T240, incidents INC-2026-0001..0040 and the 72 gazetteer
places are the demo city's (what a device is enrolled with); everything written in Chinese is new.
"""
import argparse, json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# Ad-hoc places: a local name (first part + landform) and often a facility, as a radio operator says
# where they are when the spot has no gazetteer entry.
NAME_FIRST = ["黄泥", "白石", "马鞍", "牛角", "桐子", "茶园", "杨家", "陈家", "凤凰", "老鹰", "三板", "九曲",
              "金竹", "乌龟", "狮子", "鸡公", "樟树", "柿子", "杉木", "石壁", "燕窝", "蛤蟆", "仙人", "半边",
              "五显", "麻车", "油榨", "瓦窑", "钟家", "潘家", "林家", "叶家", "吴家", "谢家", "花桥", "官田"]
LANDFORM = ["坳", "垄", "岗", "坪", "冲", "湾", "岙", "坑", "溪", "塘", "埠", "墩", "洋", "礁", "嘴", "背", "坝",
            "岭", "山", "岩", "畈", "圩", "洲", "头"]
FACILITY = ["", "", "", "加油站", "中学", "幼儿园", "粮站", "电站", "变电所", "水厂", "泵站", "闸站", "码头",
            "高速出口", "收费站", "服务区", "工业园", "化工厂", "采石场", "矿洞", "祠堂", "文化礼堂", "农贸市场",
            "安置点", "大桥", "涵洞", "堤段", "海塘", "山塘", "老街", "停车场", "供销社", "林场", "茶厂", "渔港",
            "东侧", "北面", "路口", "后山", "下游", "对岸"]

TASKS = {  # task type -> (resources from the built-in item table, notes)
    "evacuate": (["life_jacket", "assault_boat", "megaphone", "flashlight"],
                 ["通知危险区域人员立即撤离", "组织山脚住户转移到安置点", "清点转移人数后上报", "用冲锋舟接出孤岛上的群众",
                  "先转移病人和行动不便者", "牲畜不必转移，人先走", "危房住户今晚不得回家", "渔船全部回港，船员上岸",
                  "学校停课，师生转移", "挨家挨户劝离，拒不撤离的强制转移", ""]),
    "preposition": (["pump", "generator", "sandbag", "radio"],
                    ["在高速出口集结待命", "带足油料和照明", "排涝设备前置到低洼片区", "天黑前到位", "抢险队伍向沿海集结",
                     "随时准备出动", "二十人携带冲锋舟前置", ""]),
    "rescue": (["rope", "stretcher", "life_detector", "assault_boat", "first_aid_kit"],
               ["三人困在车内", "房屋倒塌有人被埋", "水中有人呼救", "带破拆工具", "一户五口被洪水围困",
                "货车翻入河沟，司机受伤", "山洪冲走一名村民", "孤立无援，急需营救", "救援人员注意自身安全", ""]),
    "deliver": (["tent", "quilt", "drinking_water", "instant_food", "life_jacket", "generator"],
                ["矿泉水二百箱送安置点", "棉被送中学安置点", "交村支书清点", "发电机送卫生院保障用电",
                 "方便面和饼干各五十箱", "优先保障孤寡老人", "物资到后拍照回传", "冒雨送达，注意防潮", ""]),
    "patrol": (["flashlight", "radio", "drone"],
               ["夜间加密巡查", "查看山塘水位", "盯守危旧房", "沿江堤段拉网式排查", "隐患点每小时报一次",
                "发现异常立即撤人", "重点查看地质灾害隐患点", "巡查结果零报告也要报", ""]),
    "reinforce_dike": (["sandbag", "geotextile", "pump"],
                       ["堤顶漫水，抢筑子堤", "背水坡渗漏，铺反滤层", "闸门关闭，派人值守", "海塘缺口用沙袋封堵",
                        "坝体出现滑坡迹象", "装土编织袋三千只", "溃口抢险，连夜合龙", ""]),
    "fire_suppression": (["fire_beater", "water_pump", "blower"],
                         ["火线向东蔓延", "保护村庄和林场", "开设防火隔离带", "以水灭火为主", "清理余火，严防复燃",
                          "夜间留人看守火场", "扑火队员不得进入陡坡", ""]),
    "checkpoint": (["radio", "megaphone", "cone"],
                   ["劝返上山扫墓人员", "路口设卡，车辆限行", "野外用火一律制止", "外来车辆登记后放行",
                    "景区入口劝返游客", ""]),
    "medical": (["first_aid_kit", "stretcher", "oxygen"],
                ["一名伤员骨折需转运", "为安置群众巡诊", "安置点防疫消杀", "两名老人血压高需观察",
                 "救护车已出发，就地包扎", "药品清单发回指挥部", ""]),
    "traffic_control": (["cone", "warning_light"],
                        ["塌方路段单向放行", "桥面积水禁止通行", "国道绕行县道", "引导救援车辆优先通过",
                         "大货车一律禁行", "隧道口落石，封路", ""]),
    "search": (["life_detector", "search_dog", "drone"],
               ["落水一人，沿下游搜寻", "夜间用热成像搜索", "两名驴友失联", "搜索范围扩大到对岸",
                "搜救犬进入废墟", "手机最后信号在山顶", ""]),
    "stand_down": ([], ["险情解除，人员撤回", "移交属地后收队", "留两人值守，其余返回", "原地休整待命", ""]),
}
PRECEDENCE = ["FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"]
READINESS = ["available", "standby", "deployed", "off_duty"]
TASK_STATUS = [None, "acknowledged", "en_route", "on_scene", "returning", "done"]
REPORT_TEXTS = [
    "{v}因强降雨引发泥石流，掩埋农房{h}间，{p}人被困，道路多处塌方，急需大型机械。",
    "{v}海塘漫顶，{p}户进水，已紧急转移，电力中断，手机信号时有时无。",
    "{v}化工厂仓库起火，已疏散周边群众{p}人，{i}人吸入烟雾送医，请求环境监测。",
    "{v}山塘出现险情，坝体渗漏加剧，下游{p}人已撤离，正在开挖泄洪槽。",
    "{v}今日辖区无新增险情，值班人员在岗，零报告。",
    "{v}一处民房倒塌，救出{p}人，{i}人轻伤，仍有{h}人下落不明，搜救继续。",
    "{v}公路桥被冲垮，对岸{p}名群众孤立，食品只够两天，请求空投。",
    "{v}发现地面裂缝长约{cm}米，{h}户已撤出，专家正在现场研判。",
    "{v}大风吹倒电线杆{h}根，{p}户停电，抢修队伍已到场。",
    "{v}安置点现有群众{p}人，饮用水充足，缺少药品和婴儿奶粉。",
]


def gazetteer_places():
    with open(os.path.join(ROOT, "comms", "codec", "data", "places.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return [{"id": r[0], "name": r[1], "lat": float(r[2]), "lon": float(r[3])} for r in rows]


def adhoc_place(rng, places):
    """A name no gazetteer entry has, near a gazetteer place, sometimes prefixed by its township."""
    near = rng.choice(places)
    name = rng.choice(NAME_FIRST) + rng.choice(LANDFORM) + rng.choice(FACILITY)
    if rng.random() < 0.25:
        township = next(p["name"] for p in places if near["name"].startswith(p["name"]))
        name = township + name
    return {"name": name, "lat": round(near["lat"] + rng.uniform(-0.02, 0.02), 5),
            "lon": round(near["lon"] + rng.uniform(-0.02, 0.02), 5)}


def corpus(rng, places, n_orders):
    teams = [f"T{n:03d}" for n in range(1, 241)]
    incidents = [f"INC-2026-{n:04d}" for n in range(1, 41)]
    out, t0 = [], 1786665600  # 2026-08-14 08:00 +08:00, epoch seconds
    for n in range(n_orders):
        task = rng.choice(list(TASKS)); res_pool, notes = TASKS[task]
        if rng.random() < 0.5:
            p = rng.choice(places)
            place = {"ref": p["id"], "name": p["name"]}
        else:
            place = adhoc_place(rng, places)
        res = [{"item": it, "qty": rng.choice([1, 3, 4, 8, 10, 30, 60, 150, 300, 1000])}
               for it in rng.sample(res_pool, k=min(len(res_pool), rng.choice([0, 1, 1, 2, 3])))]
        out.append({"kind": "order", "id": f"H{n+1:05d}", "precedence": rng.choice(PRECEDENCE),
                    "to": rng.choice(teams), "incident": rng.choice(incidents), "task": task, "place": place,
                    "due_minutes": rng.choice([10, 20, 45, 90, 180, 360, 720]), "resources": res,
                    "note": rng.choice(notes), "sent": t0 + n * 53})
    for n in range(n_orders // 2):
        p = rng.choice(places)
        out.append({"kind": "position", "team": rng.choice(teams), "lat": round(p["lat"] + rng.uniform(-0.03, 0.03), 6),
                    "lon": round(p["lon"] + rng.uniform(-0.03, 0.03), 6), "at": t0 + n * 90 + rng.randint(0, 89),
                    "readiness": rng.choice(READINESS), "task_status": rng.choice(TASK_STATUS),
                    "battery": rng.randint(1, 100)})
        out.append({"kind": "receipt", "msg": f"H{rng.randint(1, n_orders):05d}", "from": rng.choice(teams),
                    "state": rng.choice(["delivered", "read"]), "answer": rng.choice([None, "accept", "reject"]),
                    "at": t0 + n * 67})
    for n in range(max(1, n_orders // 4)):
        v = rng.choice(places)["name"] if rng.random() < 0.5 else adhoc_place(rng, places)["name"]
        text = rng.choice(REPORT_TEXTS).format(v=v, h=rng.randint(1, 12), cm=rng.randint(3, 90), p=rng.randint(2, 500),
                                               i=rng.randint(1, 6))
        out.append({"kind": "report", "team": rng.choice(teams), "incident": rng.choice(incidents),
                    "dead": rng.choice([0, 0, 0, 1, 3]), "missing": rng.choice([0, 0, 2, 4]),
                    "injured": rng.choice([0, 2, 5, 9]), "text": text, "at": t0 + n * 420})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1919); ap.add_argument("--orders", type=int, default=1000)
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "corpus", "heldout-traffic.jsonl"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        for m in corpus(rng, gazetteer_places(), a.orders):
            f.write(json.dumps(m, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
