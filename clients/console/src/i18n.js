// Every user-facing string, in Simplified Chinese and English. t(key) picks the current language.
const strings = {
  "app.title": ["Lifeline 应急指挥调度", "Lifeline Emergency Command"],
  "app.logout": ["退出", "Log out"],
  "app.exercise": ["演习 EXERCISE 演习", "EXERCISE 演习 EXERCISE"],
  "conn.up": ["已连接", "Connected"], "conn.down": ["连接中断，正在重连…", "Disconnected, reconnecting…"],
  "login.username": ["用户名", "User name"], "login.password": ["密码", "Password"], "login.submit": ["登录", "Log in"],
  "tab.incidents": ["事件", "Incidents"], "tab.teams": ["队伍", "Teams"], "tab.orders": ["指令回执", "Orders"],
  "tab.links": ["通信链路", "Links"], "tab.duty": ["值班", "Duty"],
  "inc.new": ["新建事件", "New incident"], "inc.type": ["类型", "Type"], "inc.title": ["标题", "Title"],
  "inc.place": ["地点", "Place"], "inc.level": ["响应级别", "Response level"], "inc.status": ["状态", "Status"],
  "inc.casualties": ["死亡/失踪/受伤", "Dead/missing/injured"], "inc.losses": ["直接损失(元)", "Direct losses (yuan)"],
  "inc.none": ["暂无进行中的事件", "No open incidents"], "inc.timeline": ["事件时间线", "Timeline"],
  "inc.setlevel": ["设定级别", "Set level"], "inc.reason": ["依据", "Reason"], "inc.setstatus": ["变更状态", "Change status"],
  "team.name": ["队伍", "Team"], "team.kind": ["类别", "Kind"], "team.readiness": ["战备", "Readiness"],
  "team.members": ["人数", "Members"], "team.order": ["下达指令", "Order"], "team.link": ["可用链路", "Link"],
  "order.title": ["下达指令", "Give an order"], "order.what": ["任务", "Task"], "order.note": ["说明", "Instructions"],
  "order.precedence": ["等级", "Precedence"], "order.incident": ["关联事件", "Incident"], "order.send": ["发送", "Send"],
  "order.cancel": ["取消", "Cancel"], "order.none": ["暂无指令", "No orders yet"], "order.team": ["队伍", "Team"],
  "order.state": ["送达状态", "Delivery"], "order.task": ["任务状态", "Task"], "order.channel": ["链路", "Channel"],
  "order.times": ["时间", "Times"],
  "links.owner": ["对象", "Owner"], "links.channel": ["链路", "Channel"], "links.health": ["状态", "Health"],
  "links.heard": ["最后联系", "Last heard"], "links.none": ["暂无链路记录", "No link reports yet"],
  "links.satonly": ["仅卫星可达", "Satellite only"],
  "duty.officer": ["值班员", "Duty officer"], "duty.leader": ["带班领导", "Duty leader"], "duty.shift": ["本班", "Shift"],
  "duty.log": ["值班日志", "Shift log"], "duty.add": ["记录", "Log"], "duty.handover": ["交班", "Hand over"],
  "duty.none": ["当前无班次", "No shift now"], "duty.note": ["交班说明", "Handover note"],
  "precedence.flash": ["特急", "FLASH"], "precedence.immediate": ["紧急", "IMMEDIATE"],
  "precedence.priority": ["加急", "PRIORITY"], "precedence.routine": ["平件", "ROUTINE"],
  "state.queued": ["排队", "queued"], "state.sent": ["已发出", "sent"], "state.delivered": ["已送达", "delivered"],
  "state.read": ["已读", "read"], "state.failed": ["失败", "failed"], "state.expired": ["过期", "expired"],
  "readiness.available": ["待命", "available"], "readiness.standby": ["备勤", "standby"],
  "readiness.deployed": ["已出动", "deployed"], "readiness.off_duty": ["休整", "off duty"],
  "health.up": ["正常", "up"], "health.down": ["中断", "down"], "health.unknown": ["未知", "unknown"],
  "status.reported": ["已报告", "reported"], "status.verified": ["已核实", "verified"], "status.responding": ["响应中", "responding"],
  "status.recovery": ["恢复中", "recovery"], "status.closed": ["已关闭", "closed"],
  "task.ordered": ["已下达", "ordered"], "task.acknowledged": ["已接受", "acknowledged"], "task.en_route": ["途中", "en route"],
  "task.on_scene": ["到场", "on scene"], "task.returning": ["返回", "returning"], "task.done": ["完成", "done"],
  "task.failed": ["失败", "failed"], "task.cancelled": ["已取消", "cancelled"],
  "what.rescue": ["救援", "rescue"], "what.evacuate": ["转移群众", "evacuate"], "what.deliver": ["运送物资", "deliver"],
  "what.patrol": ["巡查", "patrol"], "what.reinforce_dike": ["加固堤防", "reinforce dike"], "what.medical": ["医疗救护", "medical"],
  "what.preposition": ["预置待命", "pre-position"], "what.search": ["搜索", "search"], "what.pump_water": ["排涝", "pump water"],
  "what.clear_road": ["抢通道路", "clear road"], "what.firefight": ["灭火", "firefight"], "what.monitor": ["监测", "monitor"],
  "what.stand_down": ["解除待命", "stand down"], "what.other": ["其他", "other"],
  "level.none": ["未定级", "not set"], "common.save": ["保存", "Save"], "common.close": ["关闭", "Close"],
  "tab.deadlines": ["时限", "Deadlines"],
  "inc.edit": ["修改事件", "Edit incident"], "inc.lat": ["纬度", "Latitude"], "inc.lon": ["经度", "Longitude"],
  "inc.dead": ["死亡", "Dead"], "inc.missing": ["失踪", "Missing"], "inc.injured": ["受伤", "Injured"], "inc.rule": ["依据规则", "Rule"],
  "ev.level_set": ["设定响应级别", "Level set to"], "ev.status": ["状态", "Status"], "ev.task": ["下达任务", "Task ordered"],
  "ev.task_status": ["任务状态", "Task status"], "ev.incident.created": ["事件报告", "Incident reported"],
  "ev.incident.updated": ["事件信息更新", "Incident updated"],
  "kind.professional": ["专业队伍", "professional"], "kind.township": ["乡镇队伍", "township"], "kind.village": ["村级队伍", "village"],
  "kind.enterprise": ["企业队伍", "enterprise"], "kind.volunteer": ["志愿者", "volunteers"], "kind.expert": ["专家", "experts"],
  "chan.ip": ["网络", "IP"], "chan.pdt": ["PDT对讲", "PDT radio"], "chan.beidou": ["北斗", "BeiDou"], "chan.iridium": ["铱星", "Iridium"],
  "chan.tiantong": ["天通", "Tiantong"], "chan.sms": ["短信", "SMS"],
  "answer.accept": ["接受", "accepted"], "answer.decline": ["拒绝", "declined"], "answer.unable": ["无法执行", "unable"],
  "order.pick_team": ["请选择至少一支队伍", "Choose at least one team"],
  "state.pending": ["待发送", "pending"],
  "dl.title": ["时限事项", "Deadline"], "dl.left": ["剩余", "Time left"], "dl.level": ["升级", "Escalation"],
  "dl.none": ["暂无未到期时限", "No open deadlines"], "dl.overdue_by": ["已超时 {t}", "overdue {t}"],
  "dl.days": ["{n}天 ", "{n} d "],
  "dl.escalated": ["已升级 {n} 级", "escalated to level {n}"],
  "role.admin": ["管理员", "admin"], "role.commander": ["指挥长", "commander"], "role.duty_leader": ["带班领导", "duty leader"],
  "role.duty_officer": ["值班员", "duty officer"], "role.team_lead": ["队长", "team lead"], "role.team_member": ["队员", "team member"],
  "role.department": ["成员单位", "department"], "role.drill_director": ["演练导调", "drill director"], "role.observer": ["观察员", "observer"],
  "glance.incidents": ["进行中事件 {n}", "Open incidents {n}"], "glance.unread": ["未读指令 {n}", "Unread orders {n}"],
  "glance.next_deadline": ["最近时限 {t}", "Next deadline {t}"], "glance.no_deadline": ["无到期时限", "No deadlines"],
  "glance.links_down": ["失联 {n}", "Unreachable {n}"],
  "duty.prev_note": ["上一班交班说明", "Previous shift's handover note"], "duty.nolog": ["本班暂无记录", "Nothing logged this shift"],
  "map.depot": ["物资库", "Depot"], "map.incident": ["事件（颜色为级别）", "Incident (colour = level)"],
  "tab.supplies": ["物资与隐患", "Supplies & hazards"],
  "sup.loading": ["正在加载…", "Loading…"], "sup.metrics": ["指标", "Metrics"],
  "sup.m.hazard_closure": ["隐患闭环率", "Hazard closure"], "sup.m.expiry": ["物资过期率", "Stock expiry"],
  "sup.m.team_readiness": ["队伍战备率", "Team readiness"], "sup.m.below_minimum": ["在岗不足最低人数的队伍", "Teams below standby minimum"],
  "sup.m.standby_of": ["{n} 支队伍在岗人数均达标", "all {n} teams at standby strength"],
  "sup.on_time": ["按时率（时限类别）", "On time (deadline kind)"], "sup.rate": ["比率", "Rate"], "sup.met_decided": ["按时/已结", "On time/decided"],
  "sup.on_time_none": ["暂无已到结的时限", "No deadline decided yet"],
  "sup.releases": ["物资调拨", "Release orders"], "sup.new_release": ["新建调拨单", "New release order"],
  "sup.releases_none": ["暂无调拨单", "No release orders"], "sup.release": ["调拨单", "Order"], "sup.state": ["状态", "State"],
  "sup.deadline": ["时限", "Deadline"], "sup.short": ["缺 {n}", "short {n}"],
  "sup.approved_at": ["已审批 {t}", "approved {t}"], "sup.awaiting": ["待{u}指挥长审批", "awaiting approval by {u}'s commander"],
  "sup.transport": ["运输队伍", "Transport team"], "sup.transport_is": ["运输队伍：{n}", "Transport team: {n}"], "sup.reason": ["原因", "Reason"], "sup.reason_required": ["请填写原因", "Give a reason"],
  "sup.op.approve": ["审批", "Approve"], "sup.op.depart": ["出库", "Depart"], "sup.op.arrive": ["送达", "Arrived"], "sup.op.cancel": ["撤销调拨", "Cancel order"],
  "sup.depot": ["储备库", "Depot"], "sup.destination": ["目的地", "Destination"], "sup.destination_required": ["请填写目的地", "Give a destination"],
  "sup.item": ["物资", "Item"], "sup.qty": ["数量", "Quantity"], "sup.add_line": ["添加物资", "Add item"],
  "sup.split": ["库存不足时先调拨现有部分", "Take what the depot holds if short"], "sup.submit": ["提交调拨单", "Submit order"],
  "sup.shortages": ["库存不足，需另行调拨：{s}", "Short, order from another depot: {s}"],
  "sup.dl.met": ["按时完成", "met on time"], "sup.dl.late": ["超时完成", "met late"], "sup.dl.cancelled": ["已撤销", "cancelled"],
  "sup.dl.assign": ["交办", "Assign"], "sup.dl.verify": ["核查", "Verify"], "sup.dl.rectify": ["整改", "Rectify"], "sup.dl.accept": ["验收", "Accept"],
  "sup.hazards": ["隐患排查治理", "Hazards"], "sup.hazards_none": ["暂无隐患", "No hazards"], "sup.hazard": ["隐患", "Hazard"],
  "sup.five": ["五到位", "Five in place"], "sup.citizen": ["随手拍", "Citizen report"],
  "sup.suspended": ["停产停业整改", "Operation suspended"], "sup.listed": ["挂牌督办", "Listed supervision"], "sup.reopened": ["复查重开 {n} 次", "reopened {n}×"],
  "sup.rotation": ["临期轮换提醒", "Rotation alerts"], "sup.until": ["（{d} 前到期）", "(expiring by {d})"],
  "sup.rotation_none": ["{d} 前无到期批次", "No batch expires by {d}"], "sup.batch": ["批次", "batch"], "sup.expires": ["有效期", "Expires"],
  "sup.days_left": ["剩 {n} 天", "{n} days left"], "sup.expired_ago": ["已过期 {n} 天", "expired {n} days ago"],
  "sup.stock": ["储备库库存", "Depot stock"], "sup.items": ["物资（合计）", "Items (total)"], "sup.empty": ["无库存", "empty"],
  "rel.ordered": ["待审批", "awaiting approval"], "rel.approved": ["已审批", "approved"], "rel.departed": ["已出库", "departed"],
  "rel.arrived": ["已送达", "arrived"], "rel.cancelled": ["已撤销", "cancelled"],
  "hz.reported": ["已上报", "reported"], "hz.assigned": ["已交办", "assigned"], "hz.rectifying": ["整改中", "rectifying"],
  "hz.accepting": ["待验收", "awaiting acceptance"], "hz.closed": ["已销号", "closed"], "hz.rejected": ["不予认定", "rejected"],
  "grade.general": ["一般", "general"], "grade.larger": ["较大", "larger"], "grade.major": ["重大", "major"],
  "five.measures": ["措施", "measures"], "five.owner": ["责任人", "responsible person"], "five.funds_yuan": ["资金", "funds"],
  "five.deadline": ["时限", "deadline"], "five.plan": ["预案", "plan"],
  "tier.city": ["市级储备库", "city depot"], "tier.county": ["县级储备库", "county depot"], "tier.township": ["乡镇储备点", "township stock point"],
  "tier.forward": ["前置储备点", "forward point"],
  "dlkind.supply.dispatch": ["物资出库", "Supplies leave depot"], "dlkind.supply.delivery": ["物资送达", "Supplies delivered"],
  "dlkind.hazard.assign": ["隐患交办", "Hazard assigned"], "dlkind.hazard.verify": ["隐患核查反馈", "Hazard verified"],
  "dlkind.hazard.rectify": ["隐患整改", "Hazard rectified"], "dlkind.hazard.accept": ["隐患验收", "Hazard accepted"],
  "dlkind.stock.rotation": ["临期轮换", "Stock rotation"], "dlkind.depot.count": ["月度盘点", "Monthly count"],
  "dlkind.depot.inspection": ["储备库检查", "Depot inspection"], "dlkind.report.daily": ["日报", "Daily report"],
  "dlkind.report.weekly": ["周报", "Weekly report"], "dlkind.report.monthly": ["月报", "Monthly report"],
  "dlkind.consultation.decision": ["会商决定落实", "Consultation decision"],
  "item.tent": ["帐篷", "Tent"], "item.folding_bed": ["折叠床", "Folding bed"], "item.assault_boat": ["冲锋舟", "Assault boat"],
  "item.quilt": ["棉被", "Quilt"], "item.generator": ["发电机", "Generator"], "item.pump": ["水泵", "Pump"],
  "item.life_jacket": ["救生衣", "Life jacket"], "item.drinking_water": ["饮用水", "Drinking water"],
  "item.instant_food": ["方便食品", "Instant food"], "item.medicine": ["常用药品", "Common medicine"], "item.first_aid_kit": ["急救包", "First-aid kit"],
  "uom.顶": ["顶", "pcs"], "uom.张": ["张", "pcs"], "uom.艘": ["艘", "pcs"], "uom.床": ["床", "pcs"], "uom.台": ["台", "units"],
  "uom.件": ["件", "pcs"], "uom.瓶": ["瓶", "bottles"], "uom.份": ["份", "packs"], "uom.盒": ["盒", "boxes"], "uom.个": ["个", "pcs"],
  "tally": ["送达 {d}/{n}，已读 {r}，失败 {f}", "delivered {d}/{n}, read {r}, failed {f}"],
};
let lang = localStorage.getItem("lifeline.lang") || "zh";
document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
export const strings_for_tests = strings;  // the i18n test checks every key has both languages
export function t(key, vars = {}) {
  const s = strings[key];
  let text = s ? s[lang === "zh" ? 0 : 1] : key;
  for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, v);
  return text;
}
export function language() { return lang; }
export function toggleLanguage() {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem("lifeline.lang", lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  document.title = t("app.title");
}
// Local time for display (Asia/Shanghai); the wire and the store are UTC.
export function localTime(ms) {
  if (ms === null || ms === undefined || ms === "") return "";
  if (typeof ms === "string") ms = Date.parse(ms);
  return new Date(ms).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", hour12: false,
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
