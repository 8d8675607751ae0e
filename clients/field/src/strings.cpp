#include "lifeline/field/strings.hpp"

#include <cstdlib>
#include <map>
#include <utility>

namespace lifeline::field {

namespace {
const std::map<std::string, std::pair<const char*, const char*>>& table() {
  static const std::map<std::string, std::pair<const char*, const char*>> t = {
      // errors (FieldError codes)
      {"db_corrupt", {"本地数据库已损坏，已原样保留备查；请重新登记设备（lifeline-field enrol）", "the local database is damaged; it was kept aside untouched; enrol the device again (lifeline-field enrol)"}},
      {"db_too_new", {"本地数据库由更新版本的程序创建", "the local database was written by a newer version of this program"}},
      {"db_open_failed", {"无法打开本地数据库", "cannot open the local database"}},
      {"db_busy", {"本地数据库正忙，请稍后重试", "the local database is busy; try again"}},
      {"db_error", {"本地数据库错误", "local database error"}},
      {"disk_full", {"存储空间已满：本条未保存，之前保存的数据均完好；请清理空间后重试", "storage is full: this item was NOT saved, everything saved before is intact; free some space and retry"}},
      {"not_enrolled", {"设备尚未登记：请先运行 lifeline-field enrol", "this device is not enrolled: run lifeline-field enrol first"}},
      {"revoked", {"设备凭据已被吊销或过期：未发送的内容均已保留，请重新登记（lifeline-field enrol）后自动补发", "the device's credentials were revoked or expired: nothing unsent was lost; enrol again (lifeline-field enrol) and it is sent"}},
      {"enrol_failed", {"登记失败", "enrolment failed"}},
      {"bad_url", {"服务器地址应为 ws://主机:端口 或 wss://主机:端口", "the server address must be ws://HOST:PORT or wss://HOST:PORT"}},
      {"tls_bad_ca", {"CA 证书文件无法读取或不含 PEM 格式的证书", "the CA file cannot be read or holds no PEM certificate"}},
      {"tls_untrusted", {"服务器证书不可信（不是由登记时指定的 CA 签发），已拒绝连接", "the server's certificate is not trusted (not issued by the CA given at enrolment); connection refused"}},
      {"tls_host_mismatch", {"服务器证书与所连接的主机名或 IP 地址不符，已拒绝连接", "the server's certificate does not match the host name or IP address connected to; connection refused"}},
      {"tls_failed", {"TLS 握手失败（服务器未使用 TLS，或没有共同的协议版本和密码套件）", "the TLS handshake failed (the server does not speak TLS, or no common protocol version and cipher)"}},
      {"ca_needs_wss", {"--ca-file 只用于 wss:// 地址", "--ca-file applies to a wss:// address only"}},
      {"clock_off", {"设备时钟与指挥中心相差过大，已按中心时间校正", "the device clock is far off the command centre's; times are corrected to the centre's"}},
      {"unknown_message", {"收件箱中没有该消息", "no such message in the inbox"}},
      {"ambiguous_id", {"编号前缀对应多条消息，请输入更长的编号", "the id prefix matches several messages; type more of it"}},
      {"no_open_task", {"没有进行中的任务，请用 --task 指定", "no open task; name one with --task"}},
      {"bad_status", {"无效的状态", "not a valid status"}},
      {"gps_source", {"定位源不可用", "the GPS source is not usable"}},
      {"bad_envelope", {"收到的消息格式不正确", "a received message was malformed"}},
      {"already_answered", {"该消息已答复过", "this message was already answered"}},
      {"reason_required", {"拒绝或失败须说明原因（--reason）", "a reason is required (--reason)"}},
      {"empty_report", {"报告内容为空", "the report is empty"}},
      {"report_too_long", {"报告过长", "the report is too long"}},
      {"bad_position", {"坐标超出范围", "position out of range"}},
      {"bad_outbox_item", {"待发送项格式错误", "a malformed outbox item"}},
      // notices
      {"saved_offline", {"已保存，联网后自动发送", "saved; sent as soon as a link is up"}},
      {"link_ip", {"网络", "IP"}},
      {"link_terminal", {"终端", "terminal"}},
      {"link_none", {"无链路", "no link"}},
      // TUI
      {"title", {"生命线 现场终端", "Lifeline field"}},
      {"inbox", {"收件箱", "Inbox"}},
      {"tasks", {"任务", "Tasks"}},
      {"exercise", {"演习", "EXERCISE"}},
      {"cancelled", {"已撤销", "CANCELLED"}},
      {"flash", {"特急", "FLASH"}},
      {"immediate", {"紧急", "IMMEDIATE"}},
      {"priority", {"加急", "PRIORITY"}},
      {"routine", {"平件", "ROUTINE"}},
      {"unread", {"未读", "unread"}},
      {"read", {"已读", "read"}},
      {"acked", {"已确认", "acknowledged"}},
      {"rejected", {"已拒绝", "rejected"}},
      {"received_at", {"收到", "received"}},
      {"answered_at", {"确认", "acknowledged"}},
      {"cancelled_at", {"撤销", "cancelled"}},
      {"due", {"期限", "due"}},
      {"outbox_pending", {"待发送", "to send"}},
      {"keys_inbox", {"↑↓选择 回车阅读 a确认 x拒绝 s状态 r报告 t任务 l语言 q退出", "↑↓ select  Enter read  a ack  x reject  s status  r report  t tasks  l language  q quit"}},
      {"keys_status", {"1出发 2到达 3返回 4完成 5失败  Esc取消", "1 en route  2 on scene  3 returning  4 done  5 failed  Esc cancel"}},
      {"report_prompt", {"情况报告（回车发送，Esc取消）：", "situation report (Enter send, Esc cancel): "}},
      {"reason_prompt", {"原因：", "reason: "}},
      {"status_saved", {"状态已记录", "status recorded"}},
      {"report_saved", {"报告已保存", "report saved"}},
      {"ack_saved", {"已确认", "acknowledged"}},
      {"empty", {"（空）", "(empty)"}},
      // task statuses
      {"ordered", {"已下达", "ordered"}},
      {"acknowledged", {"已确认", "acknowledged"}},
      {"en_route", {"出发", "en route"}},
      {"on_scene", {"到达现场", "on scene"}},
      {"returning", {"返回", "returning"}},
      {"done", {"完成", "done"}},
      {"failed", {"失败", "failed"}},
  };
  return t;
}
}  // namespace

Lang pick_lang(const std::string& explicit_choice) {
  std::string v = explicit_choice;
  if (v.empty())
    for (const char* name : {"LIFELINE_LANG", "LC_ALL", "LANG"})
      if (const char* e = std::getenv(name); e && *e) {
        v = e;
        break;
      }
  return v.rfind("zh", 0) == 0 ? Lang::zh : Lang::en;
}

std::string tr(Lang lang, const std::string& key) {
  auto it = table().find(key);
  if (it == table().end()) return key;
  return lang == Lang::zh ? it->second.first : it->second.second;
}

std::string tr_both(const std::string& key) {
  auto it = table().find(key);
  if (it == table().end()) return key;
  return std::string(it->second.first) + " / " + it->second.second;
}

}  // namespace lifeline::field
