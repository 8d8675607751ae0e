// Fictional people's names for the demo city: the same name for the same number at every start.
#pragma once
#include <string>

namespace lifeline::demo {

inline std::string person_name(int n) {
  static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"};
  static const char* given[] = {"建华", "志强", "海燕", "国平", "丽娟", "永军", "春梅", "德明", "晓东", "玉兰", "立新", "秀英", "文斌"};
  return std::string(surnames[n % 15]) + given[(n * 7) % 13];
}

}  // namespace lifeline::demo
