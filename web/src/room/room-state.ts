// Pure functions that apply room events to the client's copy of the room state: participants,
// files, timer and the whiteboard's ordered list of strokes. The connection decides when an
// event is new (by version and seq); these only compute the next value.
import type {
  Participant,
  RoomState,
  SharedFile,
  StrokeOp,
  TimerState,
  WhiteboardState,
} from "../lib/types";

/** The whiteboard as drawn: every op in order, the seq of the last one, and a revision that
 * changes whenever the list is replaced rather than extended (clear, resync). */
export interface Board {
  ops: StrokeOp[];
  seq: number;
  revision: number;
}

/** A timer answer and when it arrived (performance.now()), to count down locally. */
export interface TimerClock {
  timer: TimerState;
  receivedAt: number;
}

export function boardFromState(whiteboard: WhiteboardState | undefined, revision: number): Board {
  if (!whiteboard) return { ops: [], seq: 0, revision };
  return {
    ops: [...(whiteboard.snapshot ?? []), ...(whiteboard.ops ?? [])],
    seq: whiteboard.seq ?? whiteboard.snapshot_seq + (whiteboard.ops?.length ?? 0),
    revision,
  };
}

export type BoardResult = { board: Board } | { gap: true } | { stale: true };

/** Appends a whiteboard-update; a gap in seq means an update was missed. */
export function appendOps(board: Board, ops: StrokeOp[], seq: number): BoardResult {
  if (seq <= board.seq) return { stale: true };
  const first = seq - ops.length + 1;
  if (first !== board.seq + 1) return { gap: true };
  return { board: { ops: [...board.ops, ...ops], seq, revision: board.revision } };
}

export function clearBoard(board: Board, seq: number): BoardResult {
  if (seq <= board.seq) return { stale: true };
  return { board: { ops: [], seq, revision: board.revision + 1 } };
}

export function timerClock(timer: TimerState | null | undefined): TimerClock | null {
  return timer ? { timer, receivedAt: performance.now() } : null;
}

/** Seconds left on the timer now, from its last answer. */
export function remainingSeconds(clock: TimerClock | null, now = performance.now()): number {
  if (!clock) return 25 * 60;
  const { timer } = clock;
  if (timer.status === "completed") return 0;
  if (timer.status === "paused") return timer.remaining;
  return Math.max(0, timer.remaining - (now - clock.receivedAt) / 1000);
}

export function withParticipant(state: RoomState, participant: Participant): RoomState {
  const others = state.participants.filter((p) => p.user_id !== participant.user_id);
  const existing = state.participants.find((p) => p.user_id === participant.user_id);
  const merged = existing ? { ...existing, ...participant } : participant;
  const participants = existing
    ? state.participants.map((p) => (p.user_id === participant.user_id ? merged : p))
    : [...others, merged];
  return { ...state, participants };
}

export function withoutParticipant(state: RoomState, userId: string): RoomState {
  return { ...state, participants: state.participants.filter((p) => p.user_id !== userId) };
}

export function updateParticipant(
  state: RoomState,
  userId: string,
  change: Partial<Participant>,
): RoomState {
  return {
    ...state,
    participants: state.participants.map((p) => (p.user_id === userId ? { ...p, ...change } : p)),
  };
}

export function withOccupancy(state: RoomState, occupancy: unknown): RoomState {
  if (typeof occupancy !== "number") return state;
  return { ...state, room: { ...state.room, current_occupancy: occupancy } };
}

export function withFile(state: RoomState, file: SharedFile): RoomState {
  const files = (state.files ?? []).filter((f) => f.file_id !== file.file_id);
  return { ...state, files: [file, ...files] };
}
