// One person's presence in one room: enters it (REST join for members), keeps the Socket.IO
// connection to /room/:id (members) or /public-room/:id (guests), applies the room events to
// the local state, detects missed events by version and resynchronises with `sync-state`,
// reconnects after a lost connection, and ends on leave or kick. Components read `snapshot`
// and `chat`; the media code subscribes to signalling events with on().
import type { Socket } from "socket.io-client";
import { api, ApiError } from "../lib/api";
import { clearError, showError } from "../lib/banner";
import { CONNECTION_LOST_TEXT, describeError, KICKED_TEXT, messageFor } from "../lib/messages";
import { Observable } from "../lib/observable";
import { signOut, type Guest } from "../lib/session";
import { connect, emitAck } from "../lib/sockets";
import type {
  Ack,
  ChatMessage,
  Participant,
  RoomDetails,
  RoomState,
  SharedFile,
  StrokeOp,
  TimerState,
  User,
} from "../lib/types";
import { ChatLog } from "./chat-log";
import {
  appendOps,
  boardFromState,
  clearBoard,
  timerClock,
  updateParticipant,
  withFile,
  withOccupancy,
  withoutParticipant,
  withParticipant,
  type Board,
  type BoardResult,
  type TimerClock,
} from "./room-state";

export type Identity =
  | { kind: "member"; token: string; user: User }
  | { kind: "guest"; guest: Guest };

/** entering: joining over REST / connecting; joined: in the room; the rest are final. */
export type Phase = "entering" | "joined" | "left" | "kicked" | "failed";

export interface TypingPerson {
  userId: string;
  name: string;
  until: number;
}

export interface RoomSnapshot {
  phase: Phase;
  state: RoomState | null;
  board: Board;
  timer: TimerClock | null;
  typing: TypingPerson[];
  mediaMode: "video" | "audio-only";
  connected: boolean;
  ownerId: string | null;
  /** Why the phase became final, in plain words and as a code (failed and kicked). */
  endReason: string | null;
  endCode: string | null;
}

/** Events that change room state; each carries the version after the change. */
const VERSIONED = new Set([
  "user-joined",
  "user-left",
  "user-muted",
  "user-kicked",
  "timer-synced",
  "media-state-changed",
  "whiteboard-update",
  "whiteboard-cleared",
  "file-shared",
]);

type Payload = Record<string, unknown>;
type Handler = (payload: Payload) => void;

const TYPING_SHOWN_MS = 5000;

export class RoomConnection {
  readonly snapshot = new Observable<RoomSnapshot>({
    phase: "entering",
    state: null,
    board: { ops: [], seq: 0, revision: 0 },
    timer: null,
    typing: [],
    mediaMode: "video",
    connected: false,
    ownerId: null,
    endReason: null,
    endCode: null,
  });
  readonly chat: ChatLog;

  private socket: Socket | null = null;
  private closed = false;
  private handlers = new Map<string, Set<Handler>>();
  private syncing = false;
  private buffered: [string, Payload][] = [];
  private rejoinAttempts = 0;
  /** Set when the server had removed us while away, so peers dropped our media too. */
  private rejoined = false;
  private typingTimer: number | undefined;

  constructor(
    readonly roomId: string,
    readonly identity: Identity,
  ) {
    this.chat = new ChatLog(roomId, identity.kind === "member" ? identity.token : null);
  }

  get selfId(): string {
    return this.identity.kind === "member" ? this.identity.user.id : this.identity.guest.id;
  }

  get selfName(): string {
    return this.identity.kind === "member" ? this.identity.user.name : this.identity.guest.name;
  }

  get isGuest(): boolean {
    return this.identity.kind === "guest";
  }

  private get token(): string | null {
    return this.identity.kind === "member" ? this.identity.token : null;
  }

  // -------------------------------------------------------------------------------------------
  // lifecycle

  async start(): Promise<void> {
    try {
      const details = await api.get<{ room: RoomDetails; participants: Participant[] }>(
        `/api/rooms/${encodeURIComponent(this.roomId)}`,
        { token: this.token },
      );
      if (this.closed) return;
      this.patch({ ownerId: details.room.owner_id ?? null });
      const already = details.participants.some((p) => p.user_id === this.selfId);
      if (!already && details.room.current_occupancy >= details.room.capacity) {
        // Known to be full: say so without a join request the server would refuse.
        return this.fail({ code: "ROOM_FULL", message: "The room is full" });
      }
      if (this.identity.kind === "member" && !already) await this.restJoin();
      if (this.closed) return;
      this.openSocket();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Leaves the room on purpose (button, or navigating away from it). */
  async leave(): Promise<void> {
    if (this.closed) return;
    const wasIn = this.snapshot.value.phase === "joined" || this.snapshot.value.phase === "entering";
    this.closed = true;
    this.patch({ phase: "left" });
    const socket = this.socket;
    try {
      if (socket?.connected) {
        await emitAck(socket, "leave-room", undefined, 3000);
      } else if (wasIn && this.token) {
        await api.post(`/api/rooms/${this.roomId}/leave`, {}, { token: this.token });
      }
    } catch {
      // the server cleans up a participant without sockets after a few seconds anyway
    }
    this.shutdown();
  }

  private shutdown(): void {
    this.closed = true;
    window.clearTimeout(this.typingTimer);
    clearError("connection");
    this.socket?.disconnect();
    this.socket = null;
    this.emitLocal("closed", {});
  }

  private fail(err: unknown, text = describeError(err)): void {
    if (this.closed) return;
    if (err instanceof ApiError && err.code === "UNAUTHORIZED" && this.identity.kind === "member") {
      signOut();
    }
    const code =
      err instanceof ApiError
        ? err.code
        : err && typeof err === "object" && "code" in err
          ? String(err.code)
          : null;
    this.patch({ phase: "failed", endReason: text, endCode: code });
    showError(text);
    this.shutdown();
  }

  private kicked(): void {
    if (this.closed) return;
    this.patch({ phase: "kicked", endReason: KICKED_TEXT, endCode: "KICKED" });
    showError(KICKED_TEXT, "kicked");
    this.shutdown();
  }

  private async restJoin(): Promise<void> {
    const path = `/api/rooms/${encodeURIComponent(this.roomId)}/join`;
    try {
      await api.post(path, {}, { token: this.token });
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "ALREADY_IN_ROOM") throw err;
      const other = err.details.room_id;
      if (other === this.roomId || typeof other !== "string") return;
      // Still counted in another room (a tab closed a moment ago): leave it, then join here.
      await api.post(`/api/rooms/${encodeURIComponent(other)}/leave`, {}, { token: this.token });
      await api.post(path, {}, { token: this.token });
    }
  }

  private openSocket(): void {
    const member = this.identity.kind === "member";
    const namespace = member ? `/room/${this.roomId}` : `/public-room/${this.roomId}`;
    const auth = member ? { token: this.token } : { user_id: this.selfId };
    const socket = connect(namespace, auth);
    this.socket = socket;
    socket.on("connect", () => void this.onConnect(socket));
    socket.on("connect_error", (err: Error & { data?: { code?: string; message?: string } }) =>
      this.onConnectError(socket, err),
    );
    socket.on("disconnect", (reason) => this.onDisconnect(socket, reason));
    socket.onAny((event: string, payload: unknown) =>
      this.onEvent(event, (payload && typeof payload === "object" ? payload : {}) as Payload),
    );
  }

  private async onConnect(socket: Socket): Promise<void> {
    if (this.closed) return;
    clearError("connection");
    // A new session starts in video; the server says at once when the room is audio-only.
    this.patch(socket.recovered ? { connected: true } : { connected: true, mediaMode: "video" });
    if (socket.recovered && this.snapshot.value.state) {
      // Connection state recovery: the server replayed what we missed; make sure anyway.
      await this.resync();
      const state = this.snapshot.value.state;
      if (this.closed) return;
      if (state?.participants.some((p) => p.user_id === this.selfId)) {
        this.emitLocal("recovered", {});
        return;
      }
      // Away longer than the server's grace: we were removed, so join again.
      this.rejoined = true;
    }
    const ack = await emitAck<Ack<{ state: RoomState }>>(socket, "join-room", {
      user_name: this.selfName,
    });
    if (this.closed) return;
    if (!ack.ok) {
      if (ack.error.code === "TIMEOUT" && socket.connected) {
        socket.disconnect().connect();
        return;
      }
      return this.fail(ack.error);
    }
    this.rejoinAttempts = 0;
    this.applyState(ack.state);
    const first = this.snapshot.value.phase === "entering";
    this.patch({ phase: "joined" });
    if (first) {
      clearError("kicked");
      clearError("error");
    }
    this.emitLocal("joined", { first, rejoined: this.rejoined });
    this.rejoined = false;
    this.chat.loadLatest().catch(() => {});
  }

  private onConnectError(socket: Socket, err: Error & { data?: { code?: string; message?: string } }) {
    if (this.closed) return;
    if (socket.active) {
      // A transport problem: the client retries by itself.
      showError(CONNECTION_LOST_TEXT, "connection");
      return;
    }
    const code = err.data?.code ?? "";
    if (code === "NOT_PARTICIPANT" && this.identity.kind === "member" && this.rejoinAttempts < 3) {
      // Away long enough to be cleaned up: join again, then reconnect.
      this.rejoinAttempts += 1;
      this.rejoined = true;
      this.restJoin()
        .then(() => !this.closed && socket.connect())
        .catch((e) => this.fail(e));
      return;
    }
    this.fail({ code: code || "NETWORK_ERROR", message: err.data?.message ?? err.message });
  }

  private onDisconnect(socket: Socket, reason: string): void {
    this.patch({ connected: false });
    if (this.closed || reason === "io client disconnect") return;
    if (reason === "io server disconnect") {
      // Not a kick (that is announced first): e.g. too many events or an idle timeout.
      // Connect again after a pause; the server decides whether we are still in the room.
      window.setTimeout(() => !this.closed && socket.connect(), 1500);
      return;
    }
    showError(CONNECTION_LOST_TEXT, "connection");
  }

  // -------------------------------------------------------------------------------------------
  // events

  private onEvent(event: string, payload: Payload): void {
    if (this.closed) return;
    if (event === "ping") {
      this.socket?.emit("pong");
      return;
    }
    if (this.syncing && VERSIONED.has(event)) {
      this.buffered.push([event, payload]);
      return;
    }
    this.apply(event, payload);
    this.emitLocal(event, payload);
  }

  private apply(event: string, payload: Payload): void {
    // These do not depend on the room state (media-mode may come before the join answer).
    if (event === "media-mode") {
      this.patch({ mediaMode: payload.mode === "audio-only" ? "audio-only" : "video" });
      return;
    }
    if (event === "error") return this.onServerError(payload);
    const snap = this.snapshot.value;
    const state = snap.state;
    if (!state) return;
    if (event === "user-kicked" && payload.user_id === this.selfId) return this.kicked();
    const version = typeof payload.version === "number" ? payload.version : null;
    if (VERSIONED.has(event) && version !== null) {
      // Older than the state we hold: already part of it. (Events of one change may share a
      // version, e.g. user-kicked and user-left, so an equal version is still applied.)
      if (version < state.version) return;
      if (version > state.version + 1) {
        void this.resync();
        return;
      }
    } else if (version !== null && version > state.version) {
      void this.resync();
    }
    let next: RoomState = version !== null && VERSIONED.has(event) ? { ...state, version } : state;
    const userId = String(payload.user_id ?? "");
    switch (event) {
      case "user-joined":
        next = withParticipant(next, {
          user_id: userId,
          user_name: String(payload.user_name ?? ""),
          joined_at: payload.joined_at as string | undefined,
          status: "ACTIVE",
          mic: false,
          cam: true,
          screen: false,
        });
        next = withOccupancy(next, payload.current_occupancy);
        break;
      case "user-left":
        next = withOccupancy(withoutParticipant(next, userId), payload.current_occupancy);
        this.stopTyping(userId);
        break;
      case "user-muted":
        next = updateParticipant(next, userId, { status: "MUTED", mic: false });
        break;
      case "media-state-changed":
        next = updateParticipant(next, userId, {
          mic: Boolean(payload.mic),
          cam: Boolean(payload.cam),
          screen: Boolean(payload.screen),
        });
        break;
      case "timer-synced":
        this.patch({ timer: timerClock((payload.timer as TimerState | undefined) ?? null) });
        break;
      case "file-shared":
        next = withFile(next, payload as unknown as SharedFile);
        break;
      case "whiteboard-update":
        this.applyBoard(appendOps(snap.board, (payload.ops as StrokeOp[]) ?? [], Number(payload.seq)));
        break;
      case "whiteboard-cleared":
        this.applyBoard(clearBoard(snap.board, Number(payload.seq)));
        break;
      case "new-message":
        this.chat.add(payload as unknown as ChatMessage);
        this.stopTyping(userId);
        break;
      case "typing":
        this.onTyping(userId, String(payload.user_name ?? "Someone"), Boolean(payload.is_typing));
        break;
      default:
        break;
    }
    if (next !== state) this.patch({ state: next });
  }

  private applyBoard(result: BoardResult): void {
    if ("board" in result) this.patch({ board: result.board });
    else if ("gap" in result) void this.resync();
  }

  private onServerError(payload: Payload): void {
    const code = String(payload.code ?? "");
    if (code === "UNKNOWN_EVENT") return;
    showError(messageFor(code, String(payload.message ?? "")));
  }

  private applyState(state: RoomState): void {
    const previous = this.snapshot.value;
    const board = boardFromState(state.whiteboard, previous.board.revision + 1);
    const change: Partial<RoomSnapshot> = { state, board, timer: timerClock(state.timer) };
    // A server that reports the media mode in the state too (for late joiners).
    const mode = (state as { media_mode?: unknown }).media_mode;
    if (mode === "audio-only" || mode === "video") change.mediaMode = mode;
    this.patch(change);
    this.emitLocal("state", { participants: state.participants.map((p) => p.user_id) });
  }

  /** Asks for the full state when ours may be stale; events arriving meanwhile are replayed. */
  private async resync(): Promise<void> {
    const socket = this.socket;
    const state = this.snapshot.value.state;
    if (!socket || !state || this.syncing) return;
    this.syncing = true;
    try {
      const ack = await emitAck<Ack<{ version: number; in_sync: boolean; state?: RoomState }>>(
        socket,
        "sync-state",
        { version: state.version },
      );
      if (ack.ok && !ack.in_sync && ack.state) this.applyState(ack.state);
    } finally {
      this.syncing = false;
      const replay = this.buffered;
      this.buffered = [];
      for (const [event, payload] of replay) {
        this.apply(event, payload);
        this.emitLocal(event, payload);
      }
    }
  }

  private onTyping(userId: string, name: string, isTyping: boolean): void {
    if (userId === this.selfId) return;
    const others = this.snapshot.value.typing.filter((t) => t.userId !== userId);
    const typing = isTyping ? [...others, { userId, name, until: Date.now() + TYPING_SHOWN_MS }] : others;
    this.patch({ typing });
    window.clearTimeout(this.typingTimer);
    if (typing.length > 0) {
      const next = Math.min(...typing.map((t) => t.until)) - Date.now();
      this.typingTimer = window.setTimeout(() => this.expireTyping(), Math.max(100, next));
    }
  }

  private expireTyping(): void {
    const now = Date.now();
    const typing = this.snapshot.value.typing.filter((t) => t.until > now);
    this.patch({ typing });
    if (typing.length > 0) {
      const next = Math.min(...typing.map((t) => t.until)) - now;
      this.typingTimer = window.setTimeout(() => this.expireTyping(), Math.max(100, next));
    }
  }

  private stopTyping(userId: string): void {
    const typing = this.snapshot.value.typing;
    if (typing.some((t) => t.userId === userId))
      this.patch({ typing: typing.filter((t) => t.userId !== userId) });
  }

  private patch(change: Partial<RoomSnapshot>): void {
    this.snapshot.set({ ...this.snapshot.value, ...change });
  }

  // -------------------------------------------------------------------------------------------
  // for the media code: signalling events in, relay events out

  on(event: string, handler: Handler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private emitLocal(event: string, payload: Payload): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(payload);
  }

  /** Emits an event whose answer nobody waits for (relay messages); failures are ignored. */
  send(event: string, payload: unknown): void {
    if (this.socket?.connected) void emitAck(this.socket, event, payload);
  }

  /** Emits an acked request (the SFU's sfu-* requests) and resolves with the answer. */
  request<T = Record<string, unknown>>(event: string, payload?: unknown, timeoutMs?: number): Promise<Ack<T>> {
    const socket = this.socket;
    if (!socket?.connected) {
      return Promise.resolve({ ok: false, error: { code: "NOT_CONNECTED", message: CONNECTION_LOST_TEXT } });
    }
    return emitAck<Ack<T>>(socket, event, payload ?? {}, timeoutMs);
  }

  // -------------------------------------------------------------------------------------------
  // actions; each resolves with an error text, or null when it worked

  private async act(event: string, payload?: unknown): Promise<string | null> {
    const socket = this.socket;
    if (!socket?.connected) return CONNECTION_LOST_TEXT;
    const ack = await emitAck<Ack>(socket, event, payload);
    return ack.ok ? null : describeError(ack.error);
  }

  sendMessage(content: string, type: "TEXT" | "EMOJI" = "TEXT"): Promise<string | null> {
    return this.act("send-message", { content, type });
  }

  setTyping(isTyping: boolean): void {
    if (!this.isGuest && this.socket?.connected) this.socket.emit("typing", { is_typing: isTyping });
  }

  timer(action: "start" | "pause" | "resume" | "complete", duration?: number): Promise<string | null> {
    return this.act("timer-update", duration === undefined ? { action } : { action, duration });
  }

  /** Draws ops; resolves with the error text or the seq the server gave the last op. */
  async draw(ops: StrokeOp[]): Promise<{ problem: string | null; seq?: number }> {
    const socket = this.socket;
    if (!socket?.connected) return { problem: CONNECTION_LOST_TEXT };
    const ack = await emitAck<Ack<{ seq: number }>>(socket, "whiteboard-draw", { ops });
    return ack.ok ? { problem: null, seq: ack.seq } : { problem: describeError(ack.error) };
  }

  clearWhiteboard(): Promise<string | null> {
    return this.act("whiteboard-clear");
  }

  setMedia(change: { mic?: boolean; cam?: boolean; screen?: boolean }): Promise<string | null> {
    return this.act("media-state", change);
  }

  ready(): Promise<string | null> {
    return this.act("ready");
  }

  async moderate(action: "mute" | "kick", targetUserId: string): Promise<string | null> {
    try {
      await api.post(
        `/api/admin/rooms/${this.roomId}/moderate`,
        { action, target_user_id: targetUserId },
        { token: this.token },
      );
      return null;
    } catch (err) {
      return describeError(err);
    }
  }

  get authToken(): string | null {
    return this.token;
  }
}
