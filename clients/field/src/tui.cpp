#include "lifeline/field/tui.hpp"

#include <ncurses.h>

#include <clocale>
#include <cwchar>

#include "lifeline/field/actions.hpp"
#include "lifeline/field/local_db.hpp"
#include "lifeline/field/strings.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::field {

namespace {

enum Colour : short { kFlash = 1, kImmediate, kPriority, kRoutine, kExercise, kCancelled, kHeader };

short colour_of(const std::string& precedence) {
  if (precedence == "flash") return kFlash;
  if (precedence == "immediate") return kImmediate;
  if (precedence == "priority") return kPriority;
  return kRoutine;
}

std::string summary(const InboxItem& i) {
  if (i.body.contains("note") && i.body["note"].is_string()) return i.body["note"];
  if (i.body.contains("text") && i.body["text"].is_string()) return i.body["text"];
  if (i.body.contains("what") && i.body["what"].is_string()) return i.body["what"];
  return i.kind;
}

// Reads one line of (wide) text at the bottom; empty optional on Esc.
std::optional<std::string> prompt(const std::string& label) {
  int rows = getmaxy(stdscr);
  std::wstring text;
  curs_set(1);
  for (;;) {
    move(rows - 1, 0);
    clrtoeol();
    std::string shown = label;
    char buf[8];
    for (wchar_t c : text) {
      std::mbstate_t st{};
      size_t n = std::wcrtomb(buf, c, &st);
      if (n != static_cast<size_t>(-1)) shown.append(buf, n);
    }
    addstr(shown.c_str());
    refresh();
    wint_t ch;
    int kind = get_wch(&ch);
    if (kind == ERR) continue;
    if (kind == OK && ch == 27) {
      curs_set(0);
      return std::nullopt;
    }
    if (kind == OK && (ch == '\n' || ch == '\r')) break;
    if ((kind == KEY_CODE_YES && ch == KEY_BACKSPACE) || (kind == OK && (ch == 127 || ch == 8))) {
      if (!text.empty()) text.pop_back();
    } else if (kind == OK && ch >= 32) {
      text.push_back(static_cast<wchar_t>(ch));
    }
  }
  curs_set(0);
  std::string out;
  char buf[8];
  for (wchar_t c : text) {
    std::mbstate_t st{};
    size_t n = std::wcrtomb(buf, c, &st);
    if (n != static_cast<size_t>(-1)) out.append(buf, n);
  }
  return out;
}

class Tui {
 public:
  Tui(const std::string& path, Lang lang) : db_(path), lang_(lang) {}

  int run() {
    for (;;) {
      draw();
      int ch = getch();  // halfdelay: refreshes from the database every 0.5 s
      if (ch == ERR) continue;
      if (ch == 'q') return 0;
      try {
        if (!handle(ch)) continue;
      } catch (const FieldError& e) {
        notice_ = tr(lang_, e.code);
      }
    }
  }

 private:
  bool handle(int ch) {
    auto items = db_.inbox();
    const InboxItem* sel = (selected_ < items.size()) ? &items[selected_] : nullptr;
    switch (ch) {
      case KEY_UP: if (selected_ > 0) --selected_; break;
      case KEY_DOWN: if (selected_ + 1 < items.size()) ++selected_; break;
      case 't': tasks_view_ = !tasks_view_; break;
      case 'l': lang_ = lang_ == Lang::zh ? Lang::en : Lang::zh; break;
      case '\n': case KEY_ENTER:
        if (sel) {
          read_message(db_, sel->id);
          detail_id_ = detail_id_ == sel->id ? "" : sel->id;
        }
        break;
      case 'a':
        if (sel) {
          answer_message(db_, sel->id, "accept", "");
          notice_ = tr(lang_, "ack_saved");
        }
        break;
      case 'x':
        if (sel)
          if (auto reason = prompt(tr(lang_, "reason_prompt")); reason && !reason->empty()) {
            answer_message(db_, sel->id, "reject", *reason);
            notice_ = tr(lang_, "rejected");
          }
        break;
      case 's': {
        notice_ = tr(lang_, "keys_status");
        draw();
        nocbreak();
        cbreak();  // wait for the choice without the half-delay refresh
        int k = getch();
        halfdelay(5);
        static const char* statuses[] = {"en_route", "on_scene", "returning", "done", "failed"};
        if (k >= '1' && k <= '5') {
          std::string status = statuses[k - '1'], reason;
          if (status == "failed") {
            auto r = prompt(tr(lang_, "reason_prompt"));
            if (!r || r->empty()) break;
            reason = *r;
          }
          std::string task = sel && sel->kind == "order" ? sel->correlation_id : "";
          report_status(db_, task, status, reason);
          notice_ = tr(lang_, "status_saved") + ": " + tr(lang_, status);
        } else {
          notice_.clear();
        }
        break;
      }
      case 'r':
        if (auto text = prompt(tr(lang_, "report_prompt")); text && !text->empty()) {
          send_report(db_, *text, "");
          notice_ = tr(lang_, "report_saved");
        }
        break;
      default: return false;
    }
    return true;
  }

  void draw() {
    erase();
    int rows = getmaxy(stdscr), cols = getmaxx(stdscr);
    auto items = db_.inbox();
    bool exercise = false;
    for (const auto& i : items) exercise = exercise || i.realm != "live";
    std::string link = db_.get("link").value_or("none");
    std::string head = tr(lang_, "title") + "  " + db_.get("team_name").value_or("") + "  [" +
                       tr(lang_, link == "ip" ? "link_ip" : link == "terminal" ? "link_terminal" : "link_none") + "]  " +
                       tr(lang_, "outbox_pending") + " " + std::to_string(db_.count_outbox("pending") + db_.count_outbox("unconfirmed"));
    attron(COLOR_PAIR(kHeader) | A_BOLD);
    mvaddnstr(0, 0, head.c_str(), cols - 1);
    attroff(COLOR_PAIR(kHeader) | A_BOLD);
    int row = 1;
    if (exercise) {
      attron(COLOR_PAIR(kExercise) | A_BOLD);
      std::string banner = "*** " + tr(Lang::zh, "exercise") + " / " + tr(Lang::en, "exercise") + " ***";
      mvaddnstr(row++, 0, banner.c_str(), cols - 1);
      attroff(COLOR_PAIR(kExercise) | A_BOLD);
    }
    if (tasks_view_) {
      mvaddstr(row++, 0, ("== " + tr(lang_, "tasks") + " ==").c_str());
      for (const auto& t : db_.tasks()) {
        if (row >= rows - 3) break;
        std::string line = t["id"].get<std::string>().substr(0, 8) + "  " + t["what"].get<std::string>() + "  " +
                           tr(lang_, t["status"].get<std::string>()) +
                           (t["due_ms"].is_null() ? "" : "  " + tr(lang_, "due") + " " + format_local_minutes(t["due_ms"]));
        mvaddnstr(row++, 0, line.c_str(), cols - 1);
      }
    } else {
      mvaddstr(row++, 0, ("== " + tr(lang_, "inbox") + " ==").c_str());
      if (items.empty()) mvaddstr(row++, 2, tr(lang_, "empty").c_str());
      if (selected_ >= items.size() && !items.empty()) selected_ = items.size() - 1;
      for (size_t n = 0; n < items.size() && row < rows - 3; ++n) {
        const auto& i = items[n];
        std::string state = i.answered_ms ? tr(lang_, i.answer == "accept" ? "acked" : "rejected") : tr(lang_, i.read_ms ? "read" : "unread");
        if (n == selected_) attron(A_REVERSE);
        move(row, 0);
        attron(COLOR_PAIR(colour_of(i.precedence)) | A_BOLD);
        addstr(("[" + tr(lang_, i.precedence) + "]").c_str());
        attroff(COLOR_PAIR(colour_of(i.precedence)) | A_BOLD);
        if (i.realm != "live") {
          attron(COLOR_PAIR(kExercise));
          addstr((" [" + tr(lang_, "exercise") + "]").c_str());
          attroff(COLOR_PAIR(kExercise));
        }
        if (i.cancelled_ms) {
          attron(COLOR_PAIR(kCancelled) | A_BOLD);
          addstr((" [" + tr(lang_, "cancelled") + "]").c_str());
          attroff(COLOR_PAIR(kCancelled) | A_BOLD);
        }
        std::string rest = " " + summary(i) + "  (" + state + " " + format_local_minutes(i.received_ms) + ")";
        addnstr(rest.c_str(), std::max(0, cols - getcurx(stdscr) - 1));
        if (n == selected_) attroff(A_REVERSE);
        ++row;
        if (i.id == detail_id_) {
          std::string times = "    " + tr(lang_, "received_at") + " " + format_local_minutes(i.received_ms);
          if (i.answered_ms) times += "  " + tr(lang_, "answered_at") + " " + format_local_minutes(i.answered_ms);
          if (i.cancelled_ms) times += "  " + tr(lang_, "cancelled_at") + " " + format_local_minutes(i.cancelled_ms) + " " + i.cancel_reason;
          mvaddnstr(row++, 0, times.c_str(), cols - 1);
          mvaddnstr(row++, 0, ("    " + i.id + "  " + i.body.dump()).c_str(), cols - 1);
        }
      }
    }
    mvaddnstr(rows - 2, 0, notice_.c_str(), cols - 1);
    attron(A_DIM);
    mvaddnstr(rows - 1, 0, tr(lang_, "keys_inbox").c_str(), cols - 1);
    attroff(A_DIM);
    refresh();
  }

  LocalDb db_;
  Lang lang_;
  size_t selected_ = 0;
  bool tasks_view_ = false;
  std::string detail_id_, notice_;
};

}  // namespace

int run_tui(const std::string& db_path, const std::string& lang_choice) {
  std::setlocale(LC_ALL, "");
  Lang lang = pick_lang(lang_choice);
  try {
    Tui tui(db_path, lang);  // opens (and checks) the database before the screen changes
    initscr();
    halfdelay(5);
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    if (has_colors()) {
      start_color();
      use_default_colors();
      init_pair(kFlash, COLOR_WHITE, COLOR_RED);
      init_pair(kImmediate, COLOR_RED, -1);
      init_pair(kPriority, COLOR_YELLOW, -1);
      init_pair(kRoutine, COLOR_GREEN, -1);
      init_pair(kExercise, COLOR_BLACK, COLOR_YELLOW);
      init_pair(kCancelled, COLOR_MAGENTA, -1);
      init_pair(kHeader, COLOR_CYAN, -1);
    }
    int rc = tui.run();
    endwin();
    return rc;
  } catch (const FieldError& e) {
    if (!isendwin()) endwin();
    std::fprintf(stderr, "%s\n(%s: %s)\n", tr(lang, e.code).c_str(), e.code.c_str(), e.detail.c_str());
    return 3;
  }
}

}  // namespace lifeline::field
