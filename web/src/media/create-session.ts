// Picks the media implementation for a room from its media_topology: "sfu" rooms (the larger
// ones) send through the server's SFU with mediasoup-client, "mesh" rooms peer to peer.
import type { MediaTopology } from "../lib/types";
import { MeshSession } from "./mesh";
import type { MediaSession, MediaSessionOptions } from "./session";
import { SfuSession } from "./sfu";

export function createMediaSession(
  topology: MediaTopology,
  options: MediaSessionOptions,
): MediaSession {
  switch (topology) {
    case "sfu":
      return new SfuSession(options);
    case "mesh":
    default:
      return new MeshSession(options);
  }
}
