// The citizen report channel's body: {client_key, description, place{name?, lat, lon}, photo
// {ref, bytes}, contact?}. Everything is checked here before it reaches hazard.report, so a bad
// submission gets a clear error and changes nothing.
#include <algorithm>
#include <climits>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::supplies {

using nlohmann::json;

json citizen_report_body(const std::string& http_body, const CitizenLimits& limits) {
  if (http_body.size() > limits.max_body_bytes)
    throw ApiError("body_too_large", "report body over " + std::to_string(limits.max_body_bytes) + " bytes", "举报内容过大");
  json parsed;
  auto status = parse_untrusted_json(http_body, parsed);
  if (status == JsonParse::too_deep) throw ApiError("json_too_deep");
  if (status != JsonParse::ok || !parsed.is_object()) throw ApiError("bad_json", "the body is not a JSON object", "请求体不是 JSON 对象");
  domain::BodyReader r(parsed);
  auto client_key = r.str("client_key", 100);
  auto description = r.str("description", 2000);
  auto place = domain::read_place(r.object("place"), false);
  auto contact = r.opt_str("contact", 100).value_or("");
  auto photo = r.object("photo");
  auto ref = photo.str("ref", 500);
  auto bytes = photo.integer("bytes", 1, INT64_MAX);
  photo.finish();
  r.finish();
  if (!place.contains("lat")) throw ApiError("missing_field", "body.place.lat/lon (the location is required)", "须提供位置");
  if (bytes > limits.max_photo_bytes)
    throw ApiError("photo_too_large", "photo is " + std::to_string(bytes) + " bytes, the limit is " +
                                    std::to_string(limits.max_photo_bytes),
                   "照片过大（上限 " + std::to_string(limits.max_photo_bytes / 1024 / 1024) + " MiB）");
  std::string title = description.substr(0, std::min<size_t>(description.size(), 60));
  return {{"source", "citizen"}, {"client_key", client_key}, {"title", title}, {"description", description},
          {"place", place},      {"photo_ref", ref},          {"contact", contact}};
}

}  // namespace lifeline::supplies
