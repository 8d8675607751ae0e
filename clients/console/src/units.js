// The units (unit.list: city, counties, townships, departments, teams), asked for once per login and
// shared by every screen that names one; another login asks again (what a user may list follows
// their scope), and a failed answer is asked for again next time.
import { conn } from "./session.js";
import { can, state } from "./state.js";

let cache = null;  // {userId, promise of Map id → unit}
export function loadUnits() {
  const userId = state.user?.id;
  if (!cache || cache.userId !== userId) {
    const mine = { userId };
    mine.promise = (can("unit.list") ? conn.request("unit.list") : Promise.resolve(null)).then((r) => {
      if (!r?.ok) { if (cache === mine) cache = null; return new Map(); }
      return new Map((r.result.units ?? []).map((u) => [u.id, u]));
    });
    cache = mine;
  }
  return cache.promise;
}
