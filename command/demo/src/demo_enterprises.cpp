#include "demo_enterprises.hpp"

#include <cstdio>
#include <string>

#include "demo_names.hpp"

namespace lifeline::demo {

using nlohmann::json;

void seed_enterprises(domain::OpContext& ctx) {
  // Events, as the depots' are: the seed runs before the supplies module installs its ops.
  struct Kind {
    const char* industry;
    const char* zh;
    const char* en;
  };
  static const Kind kinds[] = {{"hazmat", "精细化工有限公司", "Fine Chemicals Co."}, {"hazmat", "危化品仓储有限公司", "Hazmat Storage Co."},
                               {"mining", "矿业有限公司", "Mining Co."},            {"fireworks", "烟花爆竹批发有限公司", "Fireworks Wholesale Co."},
                               {"metallurgy", "冶金铸造有限公司", "Foundry Co."},   {"hazmat", "燃气有限公司", "Gas Co."}};
  int county_no = 0;
  for (const auto& c : ctx.store().query("SELECT id, name, name_en FROM units WHERE kind = 'county' ORDER BY id")) {
    ++county_no;
    const std::string county = c["id"], name = c["name"], name_en = c["name_en"];
    auto towns = ctx.store().query("SELECT id FROM units WHERE kind = 'township' AND parent_id = ? ORDER BY id", {county});
    // 28 on the watch list: the first four of counties 1–4, the first three of counties 5–8.
    const int watched = county_no <= 4 ? 4 : 3;
    const std::string stem = name.substr(0, name.size() - 3);  // 滨海县 → 滨海 (each hanzi is 3 bytes)
    for (int i = 0; i < 6; ++i) {
      char id[32], phone[32];
      std::snprintf(id, sizeof id, "ENT-C%d-%02d", county_no, i + 1);
      std::snprintf(phone, sizeof phone, "0577-%04d%04d", 6100 + county_no, 1000 + i);
      const auto& k = kinds[i];
      const std::string en_stem = name_en.substr(0, name_en.find(' '));
      ctx.emit("enterprise.registered", id,
               {{"name", stem + k.zh}, {"name_en", en_stem + " " + k.en}, {"industry", k.industry},
                {"unit_id", towns.empty() ? county : towns[i % towns.size()]["id"].get<std::string>()},
                {"watch_list", i < watched}, {"contact_name", person_name(county_no * 6 + i)}, {"contact_phone", phone}});
    }
  }
}

}  // namespace lifeline::demo
