// The live room list for a lobby: GET once, then every `rooms-updated` from the lobby
// namespace `/` (occupancy changes, rooms created by others), without reloading.
import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/api";
import { describeError } from "../lib/messages";
import { connect } from "../lib/sockets";
import type { RoomSummary } from "../lib/types";

export interface RoomsState {
  rooms: RoomSummary[] | null;
  live: boolean;
  problem: string | null;
}

/** `token` (when signed in) makes the request count against the user's rate limit rather
 * than the network address's, which everyone behind one NAT shares. */
export function useRooms(path = "/api/rooms", token: string | null = null): RoomsState {
  const [state, setState] = useState<RoomsState>({ rooms: null, live: false, problem: null });
  useEffect(() => {
    let gotLive = false;
    const controller = new AbortController();
    api
      .get<{ rooms: RoomSummary[] }>(path, { signal: controller.signal, token })
      .then(({ rooms }) => {
        if (!gotLive) setState((s) => ({ ...s, rooms, problem: null }));
      })
      .catch((err) => {
        if (!controller.signal.aborted) setState((s) => ({ ...s, problem: describeError(err) }));
      });
    const socket = connect("/");
    socket.on("connect", () => setState((s) => ({ ...s, live: true })));
    socket.on("disconnect", () => setState((s) => ({ ...s, live: false })));
    socket.on("rooms-updated", (payload: { rooms?: RoomSummary[] }) => {
      if (!Array.isArray(payload?.rooms)) return;
      gotLive = true;
      setState((s) => ({ ...s, rooms: payload.rooms!, problem: null }));
    });
    return () => {
      controller.abort();
      socket.disconnect();
    };
  }, [path, token]);
  return state;
}
