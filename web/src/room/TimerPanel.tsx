// The shared Pomodoro timer: everyone sees the same countdown (from the server's `remaining`
// when the state or a timer-synced event arrived). Start begins 25:00 or resumes a paused
// timer; anyone in the room may pause or finish it.
import { useEffect, useState } from "preact/hooks";
import { showError } from "../lib/banner";
import { mmss } from "../lib/format";
import type { RoomConnection } from "./connection";
import { remainingSeconds, type TimerClock } from "./room-state";

const POMODORO_SECONDS = 25 * 60;

interface Props {
  conn: RoomConnection;
  clock: TimerClock | null;
  readOnly: boolean;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(performance.now());
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(id);
  }, [active]);
  return active ? now : performance.now();
}

export function TimerPanel({ conn, clock, readOnly }: Props) {
  const status = clock?.timer.status ?? "idle";
  const running = status === "running";
  const now = useNow(running);
  const left = remainingSeconds(clock, now);
  const [busy, setBusy] = useState(false);

  // The person who started the timer marks it complete when it runs out, once.
  useEffect(() => {
    if (running && left <= 0 && clock?.timer.synced_by === conn.selfId) void conn.timer("complete");
  }, [running, left <= 0]);

  async function act(action: "start" | "pause" | "resume" | "complete") {
    setBusy(true);
    const problem = await conn.timer(action, action === "start" ? POMODORO_SECONDS : undefined);
    setBusy(false);
    if (problem) showError(problem);
  }

  const label =
    status === "running" ? "Focus time" : status === "paused" ? "Paused" : status === "completed" ? "Done! Take a break." : "Ready";

  return (
    <section class="panel timer" aria-labelledby="timer-title">
      <h2 id="timer-title">Pomodoro timer</h2>
      <p class="timer-display" data-testid="timer-display" aria-live="off" role="timer">
        {mmss(left)}
      </p>
      <p class="timer-status" aria-live="polite">
        {label}
      </p>
      {!readOnly && (
        <div class="actions">
          <button
            type="button"
            class="button"
            data-testid="timer-start"
            disabled={busy || running}
            onClick={() => void act(status === "paused" ? "resume" : "start")}
          >
            {status === "paused" ? "Resume" : status === "completed" ? "Start again" : "Start"}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="timer-pause"
            disabled={busy || !running}
            onClick={() => void act("pause")}
          >
            Pause
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="timer-complete"
            disabled={busy || (status !== "running" && status !== "paused")}
            onClick={() => void act("complete")}
          >
            Finish
          </button>
        </div>
      )}
    </section>
  );
}
