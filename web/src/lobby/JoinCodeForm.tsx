// Joins a room by its 6-character join code (private rooms are reached this way).
import { useState } from "preact/hooks";
import { api } from "../lib/api";
import { showError } from "../lib/banner";
import { describeError } from "../lib/messages";
import { navigate } from "../lib/router";

const CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;

/** Resolves a join code to a room id (GET /api/rooms/join/:code). */
export async function resolveJoinCode(code: string): Promise<string> {
  const answer = await api.get<{ room?: { id: string }; id?: string }>(
    `/api/rooms/join/${encodeURIComponent(code)}`,
  );
  const id = answer.room?.id ?? answer.id;
  if (!id) throw new Error("no room in the answer");
  return id;
}

export function JoinCodeForm() {
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const normalized = code.trim().toUpperCase();
    if (!CODE.test(normalized)) return setProblem("A join code has 6 letters and digits, like K7M2QX.");
    setBusy(true);
    setProblem(null);
    try {
      navigate(`/rooms/${await resolveJoinCode(normalized)}`);
    } catch (err) {
      showError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form class="panel join-code" onSubmit={onSubmit} noValidate aria-labelledby="join-code-title">
      <h2 id="join-code-title">Have a join code?</h2>
      <div class="field">
        <label for="join-code-input">Join code</label>
        <input
          id="join-code-input"
          data-testid="join-code-input"
          class="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={6}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value.toUpperCase())}
        />
      </div>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="button" data-testid="join-code-submit" disabled={busy}>
        {busy ? "Finding room…" : "Join"}
      </button>
    </form>
  );
}
