// Media for one room visit: opens the camera (on) and microphone (off) after the first join,
// announces `ready`, starts the MediaSession chosen by the room's topology, follows people
// leaving, keeps the server's mic/cam state and the session in step with the toggles, and
// starts a new session when the old one cannot outlive a reconnection (the SFU's).
import { api } from "../lib/api";
import { Observable } from "../lib/observable";
import { createMediaSession } from "../media/create-session";
import { LocalMedia } from "../media/local-media";
import type { MediaSession } from "../media/session";
import type { RoomConnection } from "./connection";

export class RoomMedia {
  readonly local = new LocalMedia();
  readonly remoteStreams = new Observable<ReadonlyMap<string, MediaStream>>(new Map());
  private session: MediaSession | null = null;
  private sessionOff: (() => void) | null = null;
  private stream: MediaStream | null = null;
  private ice: RTCIceServer[] = [];
  private offs: (() => void)[] = [];
  private closed = false;

  constructor(private readonly conn: RoomConnection) {
    if (conn.isGuest) return; // guests watch; they have no signalling in public rooms
    this.offs.push(
      conn.on("joined", (p) => {
        if (p.first) void this.begin();
        else if (p.rejoined || this.session?.survivesReconnect === false) this.restart();
      }),
      // Recovered connections keep the room, but a new socket has none of the SFU media.
      conn.on("recovered", () => {
        if (this.session?.survivesReconnect === false) this.restart();
      }),
      this.local.state.subscribe((s) => this.session?.setDevices({ mic: s.mic, cam: s.cam })),
      conn.on("state", (p) => this.prune(p.participants as string[])),
      conn.snapshot.subscribe((snap) => this.session?.setVideoSending(snap.mediaMode === "video")),
      conn.on("user-left", (p) => this.session?.removePeer(String(p.user_id ?? ""))),
      conn.on("user-muted", (p) => {
        if (p.user_id === conn.selfId) this.local.setMic(false);
      }),
      conn.on("closed", () => this.close()),
    );
  }

  private async begin(): Promise<void> {
    const [stream, iceServers] = await Promise.all([this.local.start(), this.iceServers()]);
    if (this.closed) return;
    if (!this.local.state.value.hasCam) void this.conn.setMedia({ cam: false });
    await this.conn.ready();
    const snap = this.conn.snapshot.value;
    if (this.closed || !snap.state) return;
    this.stream = stream;
    this.ice = iceServers;
    this.startSession();
  }

  private startSession(): void {
    const snap = this.conn.snapshot.value;
    if (this.closed || !snap.state) return;
    const session = createMediaSession(snap.state.room.media_topology, {
      signaling: this.conn,
      localStream: this.stream,
      iceServers: this.ice,
    });
    this.session = session;
    this.sessionOff = session.remoteStreams.subscribe((streams) => this.remoteStreams.set(streams));
    session.setVideoSending(snap.mediaMode === "video");
    session.setDevices({ mic: this.local.state.value.mic, cam: this.local.state.value.cam });
    session.start(snap.state.participants.map((p) => p.user_id));
  }

  /** After the server removed and re-admitted us, the others dropped our connections (and
   * the SFU closes a socket's media when it goes): start over with a new session, which
   * offers to everyone again. */
  private restart(): void {
    if (!this.session) return;
    this.sessionOff?.();
    this.session.close();
    this.session = null;
    this.remoteStreams.set(new Map());
    void this.conn.ready().then(() => this.startSession());
  }

  /** Drops the media of people who are no longer in the room (after a resync). */
  private prune(participants: string[] | undefined): void {
    if (this.session && participants) this.session.retain(participants);
  }

  private async iceServers(): Promise<RTCIceServer[]> {
    try {
      const answer = await api.get<{ ice_servers: RTCIceServer[] }>("/api/ice-servers", {
        token: this.conn.authToken,
      });
      return Array.isArray(answer.ice_servers) ? answer.ice_servers : [];
    } catch {
      return [];
    }
  }

  /** Turns the microphone on or off; resolves with an error text when the server refuses. */
  async setMic(on: boolean): Promise<string | null> {
    const before = this.local.state.value.mic;
    this.local.setMic(on);
    const problem = await this.conn.setMedia({ mic: this.local.state.value.mic });
    if (problem) this.local.setMic(before);
    return problem;
  }

  async setCam(on: boolean): Promise<string | null> {
    this.local.setCam(on);
    return this.conn.setMedia({ cam: this.local.state.value.cam });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.offs.forEach((off) => off());
    this.sessionOff?.();
    this.session?.close();
    this.local.stop();
    this.remoteStreams.set(new Map());
  }
}
