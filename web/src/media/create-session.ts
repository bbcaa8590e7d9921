// Picks the media implementation for a room. Rooms with media_topology "sfu" will use the SFU
// through mediasoup-client once the server offers it; until then they use the mesh too, which
// works for the small groups that are in such rooms in practice.
import type { MediaTopology } from "../lib/types";
import { MeshSession } from "./mesh";
import type { MediaSession, MediaSessionOptions } from "./session";

export function createMediaSession(
  topology: MediaTopology,
  options: MediaSessionOptions,
): MediaSession {
  switch (topology) {
    case "sfu": // SFU client not available yet: fall back to peer-to-peer
    case "mesh":
    default:
      return new MeshSession(options);
  }
}
