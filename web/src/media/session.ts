// The seam between the room and how its media travels. A MediaSession sends this browser's
// camera and microphone to the other participants and hands out their streams; the mesh
// implementation (mesh.ts) uses peer-to-peer connections over the webrtc-* relay events, the
// SFU implementation (sfu.ts) mediasoup-client over the sfu-* requests, without the room code
// changing. create-session.ts chooses one from the room's media_topology.
import type { Observable } from "../lib/observable";
import type { Ack } from "../lib/types";

/** What a session needs from the room connection: signalling events in and out. */
export interface Signaling {
  readonly selfId: string;
  /** Emits an event whose answer nobody waits for (the mesh relay). */
  send(event: string, payload: unknown): void;
  /** Emits an acked request and resolves with the answer (a TIMEOUT or NOT_CONNECTED failure
   * when there is none). */
  request<T = Record<string, unknown>>(event: string, payload?: unknown, timeoutMs?: number): Promise<Ack<T>>;
  on(event: string, handler: (payload: Record<string, unknown>) => void): () => void;
}

export interface MediaSessionOptions {
  signaling: Signaling;
  /** This browser's camera and microphone (null when none could be opened). */
  localStream: MediaStream | null;
  iceServers: RTCIceServer[];
}

export interface MediaSession {
  readonly topology: "mesh" | "sfu";
  /** Remote streams by user id; a new map whenever one appears or goes. */
  readonly remoteStreams: Observable<ReadonlyMap<string, MediaStream>>;
  /** Starts sending to and receiving from the participants already in the room. */
  start(participantIds: string[]): void;
  /** A participant left the room. */
  removePeer(userId: string): void;
  /** Keeps only these participants' media (after a resync replaced the participant list). */
  retain(participantIds: string[]): void;
  /** Stops or resumes sending video (the room went audio-only, or back to video). */
  setVideoSending(on: boolean): void;
  /** The microphone and camera toggles changed (their tracks are already enabled or not). */
  setDevices(state: { mic: boolean; cam: boolean }): void;
  /** Whether media survives a new socket connection (the mesh's peer connections do; the
   * SFU closes a socket's media when it disconnects, so the session must start again). */
  readonly survivesReconnect: boolean;
  close(): void;
}
