// A server list a screen shows, fetched again when pushed events say it may have changed: at most
// once per `ms` however many pushes arrive, and once more if more came in while it was fetching.
export class Refetcher {
  constructor(load, onLoaded, ms = 1500) {
    Object.assign(this, { load, onLoaded, ms, stale: true, timer: null, fetching: false, last: 0 });
  }
  // Something changed: fetch again (soon).
  request() { this.stale = true; this.ensure(); }
  // Fetch if a change is still waiting (the first call fetches).
  ensure() {
    if (!this.stale || this.timer || this.fetching) return;
    this.timer = setTimeout(async () => {
      this.timer = null; this.fetching = true; this.stale = false; this.last = Date.now();
      let data;
      try { data = await this.load(); } finally { this.fetching = false; }
      this.onLoaded(data);
      this.ensure();  // pushes that came in during the fetch
    }, Math.max(0, this.last + this.ms - Date.now()));
  }
}
