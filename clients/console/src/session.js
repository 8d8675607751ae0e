// The one connection of this page, shared by every screen.
import { Connection } from "./ws.js";
export const conn = new Connection({ onPush: () => {}, onState: () => {}, onSession: () => {}, onEnv: () => {} });
